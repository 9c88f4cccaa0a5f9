import type { SqlConnection } from '../database.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import type { QuoteRecord } from '../../../domain/models.ts';
import { lshMatch } from '../verify-index/lsh-token.ts';
import type { AlteredShape, ClaimProbe, ProvenanceSummary, SimilarityKey, SpeakerScope, TermCount, VerifyRepository, WordProbe } from '../../ports/index.ts';
import { QUOTE_COLUMNS, QUOTE_JOINS, toQuote, type QuoteRow } from './rows.ts';
import { TAG_PREFIX } from '../search/search-index.sql.ts';
import { StatementCache } from './statements.ts';

/**
 * The verifier's hot path: every lookup is one cached prepared statement on
 * an index (hash, LSH bucket, FTS5 term), never a scan.
 */
/** A term as an FTS5 string: always literal, whatever its characters. */
const ftsString = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * Document counts are cached: the same common words recur in most claims, and
 * a count that is a little stale only shifts which rare words are picked.
 */
const FREQUENCY_CACHE_SIZE = 50_000;

export class SqliteVerifyRepository implements VerifyRepository {
  private readonly statements: StatementCache;
  private readonly frequencyCache = new Map<string, number>();

  constructor(
    sql: SqlConnection,
    private readonly lshIndex: Pick<LshIndexWriter, 'settled'>,
  ) {
    this.statements = new StatementCache(sql);
  }

  async sameText(probe: Pick<ClaimProbe, 'normalizedHash'>): Promise<number[]> {
    return this.statements.get('SELECT id FROM Quote WHERE normalizedHash = ? ORDER BY id').pluck().all(probe.normalizedHash) as number[];
  }

  async similarWording(probe: ClaimProbe, limit: { perKey: number; total: number }): Promise<number[]> {
    return this.byKeyCount(probe.fingerprint.wording, limit.perKey, limit.total);
  }

  async sameShape(probe: ClaimProbe, limit: number): Promise<number[]> {
    const shape = probe.fingerprint.shape;
    return shape === null ? [] : this.byKeyCount([shape], limit, limit);
  }

  async alteredShape(keys: AlteredShape, limit: number): Promise<number[]> {
    if (keys.length === 0) return [];
    await this.lshIndex.settled();
    // One statement for hundreds of probes: an OR of the tokens, each almost always absent from the index.
    const match = keys.map(lshMatch).join(' OR ');
    return this.statements.get('SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ? LIMIT ?').pluck().all(match, limit) as number[];
  }

  /** Quotes holding any of the keys, most keys held first (then by id), counting the `perKey` oldest of each key. */
  private async byKeyCount(keys: readonly SimilarityKey[], perKey: number, limit: number): Promise<number[]> {
    // The verify index follows the commits on its thread: a lookup waits until it holds every write acknowledged so far.
    await this.lshIndex.settled();
    // One token per key in quote_lsh; a quoted MATCH string keeps it a literal term. FTS5 returns
    // rowids in ascending order, so the cap keeps the oldest quotes of a key, as the B-tree key did.
    const statement = this.statements.get('SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ? LIMIT ?').pluck();
    const held = new Map<number, number>();
    for (const key of keys) {
      for (const id of statement.all(lshMatch(key), perKey) as number[]) held.set(id, (held.get(id) ?? 0) + 1);
    }
    return [...held.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([id]) => id);
  }

  async termRarity(terms: readonly string[], upTo: number): Promise<Map<string, TermCount>> {
    // An fts5vocab table computes a term's count by walking its whole doclist (measured: 1.1 ms per
    // claim at 100k quotes, growing with the corpus); a count that stops at upTo + 1 rows is bounded.
    const statement = this.statements
      .get('SELECT COUNT(*) FROM (SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? LIMIT ?)')
      .pluck();
    const counts = new Map<string, TermCount>();
    for (const term of terms) {
      const key = `${upTo}:${term}`;
      let count = this.frequencyCache.get(key);
      if (count === undefined) {
        count = statement.get(`text : ${ftsString(term)}`, upTo + 1) as number;
        if (this.frequencyCache.size >= FREQUENCY_CACHE_SIZE) this.frequencyCache.clear();
        this.frequencyCache.set(key, count);
      }
      counts.set(term, count > upTo ? { quotes: upTo, more: true } : { quotes: count, more: false });
    }
    return counts;
  }

  async quoteCountEstimate(): Promise<number> {
    // The largest id: one index probe, where COUNT(*) walks an index; deleted quotes only make it an overestimate.
    return (this.statements.get('SELECT MAX(id) FROM Quote').pluck().get() as number | null) ?? 0;
  }

  async sharedWords(words: WordProbe, limit: { ranked: number; perPair: number }): Promise<number[]> {
    return [
      ...new Set([
        ...this.ranked(words.any, 'OR', limit.ranked),
        ...this.ranked(words.all, 'AND', limit.ranked),
        ...words.pairs.flatMap((pair) => this.holdingAll(pair, limit.perPair)),
      ]),
    ];
  }

  async sharedPhrases(phrases: readonly string[], perPhrase: number): Promise<number[]> {
    // A quoted FTS5 string of several words is a phrase.
    return [...new Set(phrases.flatMap((phrase) => this.holdingAll([phrase], perPhrase)))];
  }

  async speakerRecords(scope: SpeakerScope, terms: readonly string[], limit: number): Promise<number[]> {
    const tags = [...scope.speakerIds.map((id) => `"${TAG_PREFIX.speaker}${id}"`), ...scope.organizationIds.map((id) => `"${TAG_PREFIX.organization}${id}"`)];
    if (tags.length === 0 || terms.length === 0) return [];
    return this.rankedMatch(`searchTags : (${tags.join(' OR ')}) AND text : (${terms.map(ftsString).join(' OR ')})`, limit);
  }

  /** Quotes holding every term, unranked (cheap: stops at the limit; FTS5 returns them oldest first). */
  private holdingAll(terms: readonly string[], limit: number): number[] {
    if (terms.length === 0) return [];
    return this.statements
      .get('SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? LIMIT ?')
      .pluck()
      .all(`text : (${terms.map(ftsString).join(' AND ')})`, limit) as number[];
  }

  private ranked(terms: readonly string[], operator: 'AND' | 'OR', limit: number): number[] {
    if (terms.length === 0) return [];
    return this.rankedMatch(`text : (${terms.map(ftsString).join(` ${operator} `)})`, limit);
  }

  /** The best-ranked (bm25) quotes matching an FTS5 expression. */
  private rankedMatch(match: string, limit: number): number[] {
    return this.statements.get('SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? ORDER BY rank LIMIT ?').pluck().all(match, limit) as number[];
  }

  async quotes(ids: readonly number[]): Promise<QuoteRecord[]> {
    if (ids.length === 0) return [];
    const rows = this.statements
      .get(`SELECT ${QUOTE_COLUMNS} FROM Quote q ${QUOTE_JOINS} WHERE q.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as QuoteRow[];
    return rows.map(toQuote);
  }

  async provenance(quoteId: number): Promise<ProvenanceSummary> {
    const earliest = this.statements
      .get(
        `SELECT d.id AS documentId, d.outlet, d.title, d.dateline, d.publishedOn FROM Occurrence o JOIN Document d ON d.id = o.documentId
         WHERE o.quoteId = ? ORDER BY d.publishedOn IS NULL, d.publishedOn, d.addedAt, o.id LIMIT 1`,
      )
      .get(quoteId) as ProvenanceSummary['earliest'] | undefined;
    const documents = this.statements
      .get('SELECT COUNT(DISTINCT documentId) FROM Occurrence WHERE quoteId = ?')
      .pluck()
      .get(quoteId) as number;
    const relays = this.statements
      .get(
        `SELECT r.name FROM Relay r JOIN Occurrence o ON o.id = r.occurrenceId
         WHERE o.quoteId = ? GROUP BY r.name ORDER BY MIN(r.position), r.name`,
      )
      .pluck()
      .all(quoteId) as string[];
    return { earliest: earliest ?? null, documents, relays };
  }

  async speakerNames(): Promise<{ id: number; alias: string; normalized: string }[]> {
    return this.statements
      .get('SELECT speakerId AS id, alias, normalized FROM SpeakerAlias ORDER BY speakerId, id')
      .all() as { id: number; alias: string; normalized: string }[];
  }
}
