import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SqlConnection } from '../database.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import type { QuoteRecord } from '../../../domain/models.ts';
import { lshMatch } from '../verify-index/lsh-token.ts';
import type { AlteredShape, ClaimProbe, ProvenanceSummary, SimilarityKey, SpeakerScope, TermCount, VerifyRepository, WordProbe } from '../../ports/index.ts';
import { QUOTE_COLUMNS, QUOTE_JOINS, toQuote, type QuoteRow } from './rows.ts';
import { TAG_PREFIX } from '../search/search-index.sql.ts';
import { StatementCache } from './statements.ts';
import { COUNT_MATCHES_SQL } from '../reader/read-calls.ts';
import type { ReadExecutor } from '../reader/reader-thread.ts';

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

/**
 * What a full-text statement is expected to cost, in microseconds of CPU (as
 * the search planner estimates it, quote.repository.ts): every entry of its
 * words' lists is read, and each match ranked. A word not counted yet (a
 * function word, a word of a phrase) may be in most quotes.
 */
const US_PER_ENTRY = 0.5;
const UNCOUNTED_ENTRIES = 25_000;
/** Statements expected to cost more run on the reader thread (docs/decisions/0022). */
const OFF_THREAD_ABOVE_US = 2_000;
/** Counting of a claim's words done here before the rest goes to the reader thread (ms). */
const COUNT_HERE_MS = 1;
/**
 * An altered shape is an OR of up to hundreds of bucket keys, each looked up
 * in the verify index (~10–20 µs each): more than this many go to the reader thread.
 */
const SHAPE_KEYS_HERE = 100;
/** Candidates read per turn of the event loop (~1 ms). */
const QUOTES_PER_TURN = 100;

const RANKED_SQL = 'SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? ORDER BY rank LIMIT ?';
const HOLDING_SQL = 'SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? LIMIT ?';
const LSH_SQL = 'SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ? LIMIT ?';

/** One full-text lookup of a claim's words: its statement, MATCH expression and the words whose lists it reads. */
interface WordLookup {
  sql: string;
  match: string;
  limit: number;
  words: readonly string[];
}

export class SqliteVerifyRepository implements VerifyRepository {
  private readonly statements: StatementCache;
  private readonly frequencyCache = new Map<string, number>();
  /** The most each word was counted to (quotes holding it, or a cap it passed): what a lookup of it reads. */
  private readonly entries = new Map<string, number>();

  /** `reader`: where lookups estimated to cost more than `offThreadAboveUs` run (none: all run here). */
  constructor(
    sql: SqlConnection,
    private readonly lshIndex: Pick<LshIndexWriter, 'settled'>,
    private readonly reader: ReadExecutor | null = null,
    private readonly offThreadAboveUs = OFF_THREAD_ABOVE_US,
  ) {
    this.statements = new StatementCache(sql);
  }

  /**
   * The lookups' ids, in order: all on the reader thread (sent together, run
   * one after the other there) when their words make them long together, all
   * here otherwise.
   */
  private async lookUp(lookups: readonly WordLookup[]): Promise<number[][]> {
    const reader = this.reader !== null && lookups.reduce((sum, l) => sum + this.costOf(l.words), 0) > this.offThreadAboveUs ? this.reader : null;
    return Promise.all(
      lookups.map((l) => {
        const params = [l.match, l.limit];
        if (reader !== null) return reader.run({ op: 'all', sql: l.sql, params, mode: 'pluck' }) as Promise<number[]>;
        return this.statements.get(l.sql).pluck().all(...params) as number[];
      }),
    );
  }

  private costOf(words: readonly string[]): number {
    let entries = 0;
    for (const word of words) for (const part of word.split(' ')) entries += this.entries.get(part) ?? UNCOUNTED_ENTRIES;
    return entries * US_PER_ENTRY;
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
    if (this.reader !== null && keys.length > (this.offThreadAboveUs > 0 ? SHAPE_KEYS_HERE : 0)) return this.reader.run({ op: 'all', sql: LSH_SQL, params: [match, limit], mode: 'pluck' }) as Promise<number[]>;
    return this.statements.get(LSH_SQL).pluck().all(match, limit) as number[];
  }

  /** Quotes holding any of the keys, most keys held first (then by id), counting the `perKey` oldest of each key. */
  private async byKeyCount(keys: readonly SimilarityKey[], perKey: number, limit: number): Promise<number[]> {
    // The verify index follows the commits on its thread: a lookup waits until it holds every write acknowledged so far.
    await this.lshIndex.settled();
    // One token per key in quote_lsh; a quoted MATCH string keeps it a literal term. FTS5 returns
    // rowids in ascending order, so the cap keeps the oldest quotes of a key, as the B-tree key did.
    const statement = this.statements.get(LSH_SQL).pluck();
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
    // ~0.02 ms for a rare word, up to ~2 ms for a common one: counted here while counting has taken less than
    // COUNT_HERE_MS, the rest on the reader thread, in one call.
    const statement = this.statements.get(COUNT_MATCHES_SQL).pluck();
    const missing = [...new Set(terms.filter((term) => !this.frequencyCache.has(`${upTo}:${term}`)))];
    const started = performance.now();
    const elsewhere: string[] = [];
    for (const term of missing) {
      if (this.reader === null || (this.offThreadAboveUs > 0 && performance.now() - started < COUNT_HERE_MS)) {
        this.counted(term, upTo, statement.get(`text : ${ftsString(term)}`, upTo + 1) as number);
      } else elsewhere.push(term);
    }
    if (this.reader !== null && elsewhere.length > 0) {
      const found = await this.reader.run({ op: 'counts', matches: elsewhere.map((term) => `text : ${ftsString(term)}`), limit: upTo + 1 });
      elsewhere.forEach((term, i) => this.counted(term, upTo, found[i] ?? 0));
    }
    const counts = new Map<string, TermCount>();
    for (const term of terms) {
      const count = this.frequencyCache.get(`${upTo}:${term}`) ?? this.counted(term, upTo, statement.get(`text : ${ftsString(term)}`, upTo + 1) as number);
      counts.set(term, count > upTo ? { quotes: upTo, more: true } : { quotes: count, more: false });
    }
    return counts;
  }

  /** Keeps a term's count (up to `upTo` + 1) for later claims, and what a lookup of it reads. */
  private counted(term: string, upTo: number, count: number): number {
    if (this.frequencyCache.size >= FREQUENCY_CACHE_SIZE) this.frequencyCache.clear();
    this.frequencyCache.set(`${upTo}:${term}`, count);
    if (this.entries.size >= FREQUENCY_CACHE_SIZE) this.entries.clear();
    this.entries.set(term, Math.max(this.entries.get(term) ?? 0, count));
    return count;
  }

  async quoteCountEstimate(): Promise<number> {
    // The largest id: one index probe, where COUNT(*) walks an index; deleted quotes only make it an overestimate.
    return (this.statements.get('SELECT MAX(id) FROM Quote').pluck().get() as number | null) ?? 0;
  }

  async sharedWords(words: WordProbe, limit: { ranked: number; perPair: number }): Promise<number[]> {
    const lookups = [
      ...this.ranked(words.any, 'OR', limit.ranked),
      ...this.ranked(words.all, 'AND', limit.ranked),
      ...words.pairs.flatMap((pair) => this.holdingAll(pair, limit.perPair)),
    ];
    return [...new Set((await this.lookUp(lookups)).flat())];
  }

  async sharedPhrases(phrases: readonly string[], perPhrase: number): Promise<number[]> {
    // A quoted FTS5 string of several words is a phrase.
    return [...new Set((await this.lookUp(phrases.flatMap((phrase) => this.holdingAll([phrase], perPhrase)))).flat())];
  }

  async speakerRecords(scope: SpeakerScope, terms: readonly string[], limit: number): Promise<number[]> {
    const tags = [...scope.speakerIds.map((id) => `"${TAG_PREFIX.speaker}${id}"`), ...scope.organizationIds.map((id) => `"${TAG_PREFIX.organization}${id}"`)];
    if (tags.length === 0 || terms.length === 0) return [];
    const match = `searchTags : (${tags.join(' OR ')}) AND text : (${terms.map(ftsString).join(' OR ')})`;
    return (await this.lookUp([{ sql: RANKED_SQL, match, limit, words: terms }])).flat();
  }

  /** Quotes holding every term, unranked (cheap: stops at the limit; FTS5 returns them oldest first). */
  private holdingAll(terms: readonly string[], limit: number): WordLookup[] {
    if (terms.length === 0) return [];
    return [{ sql: HOLDING_SQL, match: `text : (${terms.map(ftsString).join(' AND ')})`, limit, words: terms }];
  }

  /** The best-ranked (bm25) quotes holding the terms. */
  private ranked(terms: readonly string[], operator: 'AND' | 'OR', limit: number): WordLookup[] {
    if (terms.length === 0) return [];
    return [{ sql: RANKED_SQL, match: `text : (${terms.map(ftsString).join(` ${operator} `)})`, limit, words: terms }];
  }

  async quotes(ids: readonly number[]): Promise<QuoteRecord[]> {
    // Hundreds of candidates (texts of up to 20,000 characters): a slice per turn of the event loop.
    const statement = this.statements.get(`SELECT ${QUOTE_COLUMNS} FROM Quote q ${QUOTE_JOINS} WHERE q.id IN (SELECT value FROM json_each(?))`);
    const found: QuoteRecord[] = [];
    for (let i = 0; i < ids.length; i += QUOTES_PER_TURN) {
      if (i > 0) await nextTurn();
      for (const row of statement.all(JSON.stringify(ids.slice(i, i + QUOTES_PER_TURN))) as QuoteRow[]) found.push(toQuote(row));
    }
    return found;
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
