import type { QuoteRecord } from '../../../domain/models.ts';
import { tokenize } from '../../../domain/search-query.ts';
import type { AlteredShape, ClaimProbe, ProvenanceSummary, SimilarityKey, SpeakerScope, TermCount, VerifyRepository, WordProbe } from '../../ports/index.ts';
import { column, Params, row, rows, type Queryable } from '../connection.ts';
import { lshKey } from '../lsh-index.ts';
import { rankSql } from '../search/ranking.ts';
import type { TermStatistics } from '../search/term-statistics.ts';
import { TAG_PREFIX, termQuery, wordsQuery } from '../search/ts-query.ts';
import { QUOTE_COLUMNS, QUOTE_JOINS, toQuote, type QuoteRow } from './rows.ts';

/** Counts behind the relevance weights stop here, as search's do. */
const COUNT_CAP = 25_000;

/** A verify term (one word as search folds it, or several: a phrase) as a tsquery. */
const termTsQuery = (term: string) => termQuery({ tokens: tokenize(term), prefix: false, exact: false });
const hasWords = (term: string) => tokenize(term).length > 0;

/**
 * Oldest first, sorted after the index lookup: ordered by the bare id, with a key or term the planner cannot
 * see (a lateral reference) or guesses at 5,000 matches, PostgreSQL walks the primary key from the oldest quote
 * and tests every row until the limit fills: 2.6 s for a key two quotes hold at 1M, 0.25 ms this way.
 */
const OLDEST = (id: string) => `${id} + 0`;

/**
 * The verifier's candidate lookups, one per tier of docs/verify.md: each one
 * statement (a tier's keys, terms, pairs or phrases in arrays, each on an
 * index: hash, LSH key, GIN), since a round trip costs more than most of
 * these lookups. The term counts behind the relevance weights come from
 * TermStatistics (the statistics, or a cache) without a round trip of their
 * own most of the time. The verify index (quote_lsh, a view of the indexed
 * keys and the backlog an ingest commits with its quotes) holds a quote's keys
 * once its write is committed, so every lookup sees every acknowledged write.
 */
export class PostgresVerifyRepository implements VerifyRepository {
  constructor(
    private readonly db: Queryable,
    private readonly terms: TermStatistics,
  ) {}

  sameText(probe: Pick<ClaimProbe, 'normalizedHash'>): Promise<number[]> {
    return column<number>(this.db, 'SELECT id FROM quote WHERE normalized_hash = $1 ORDER BY id', [probe.normalizedHash]);
  }

  similarWording(probe: ClaimProbe, limit: { perKey: number; total: number }): Promise<number[]> {
    return this.byKeyCount(probe.fingerprint.wording, limit.perKey, limit.total);
  }

  sameShape(probe: ClaimProbe, limit: number): Promise<number[]> {
    const shape = probe.fingerprint.shape;
    return shape === null ? Promise.resolve([]) : this.holdingAny([shape], limit);
  }

  alteredShape(shape: AlteredShape, limit: number): Promise<number[]> {
    return this.holdingAny(shape, limit);
  }

  /** Quotes holding any of the keys, most keys held first, then oldest; of each key only its `perKey` oldest count. */
  private async byKeyCount(keys: readonly SimilarityKey[], perKey: number, limit: number): Promise<number[]> {
    if (keys.length === 0) return [];
    return column<number>(
      this.db,
      `SELECT l.quote_id FROM unnest($1::bigint[]) AS k(key)
       CROSS JOIN LATERAL (SELECT quote_id FROM quote_lsh WHERE keys @> ARRAY[k.key] ORDER BY ${OLDEST('quote_id')} LIMIT $2) l
       GROUP BY l.quote_id ORDER BY count(*) DESC, l.quote_id LIMIT $3`,
      [keys.map(lshKey), perKey, limit],
    );
  }

  /** Quotes holding any of the keys (hundreds of them, each almost always absent: one GIN probe each), oldest first. */
  private async holdingAny(keys: readonly SimilarityKey[], limit: number): Promise<number[]> {
    if (keys.length === 0) return [];
    return column<number>(this.db, `SELECT quote_id FROM quote_lsh WHERE keys && $1::bigint[] ORDER BY ${OLDEST('quote_id')} LIMIT $2`, [keys.map(lshKey), limit]);
  }

  async termRarity(terms: readonly string[], upTo: number): Promise<Map<string, TermCount>> {
    const counted = terms.filter(hasWords);
    const counts = await this.terms.counts(
      counted.map((t) => ({ query: termTsQuery(t), words: tokenize(t), prefix: false })),
      upTo,
    );
    const result = new Map<string, TermCount>(terms.map((t) => [t, { quotes: 0, more: false }]));
    counted.forEach((t, i) => {
      const n = counts[i] ?? 0;
      result.set(t, n > upTo ? { quotes: upTo, more: true } : { quotes: n, more: false });
    });
    return result;
  }

  quoteCountEstimate(): Promise<number> {
    return this.terms.quoteCount();
  }

  async sharedWords(words: WordProbe, limit: { ranked: number; perPair: number }): Promise<number[]> {
    const p = new Params();
    const parts: string[] = [];
    const any = await this.rankedSql(words.any, '|', null, limit.ranked, p);
    if (any !== null) parts.push(`SELECT id, 1 AS part, row_number() OVER (ORDER BY score DESC, id DESC) AS pos FROM (${any}) a`);
    const all = await this.rankedSql(words.all, '&', null, limit.ranked, p);
    if (all !== null) parts.push(`SELECT id, 2 AS part, row_number() OVER (ORDER BY score DESC, id DESC) AS pos FROM (${all}) b`);
    const pairs = words.pairs.map((pair) => pair.flatMap((w) => tokenize(w))).filter((tokens) => tokens.length > 0);
    if (pairs.length > 0) parts.push(this.eachOldest(pairs.map((tokens) => wordsQuery(tokens, '&')), limit.perPair, 3, p));
    return this.firstPlaces(parts, p);
  }

  async sharedPhrases(phrases: readonly string[], perPhrase: number): Promise<number[]> {
    const p = new Params();
    const queries = phrases.map((phrase) => tokenize(phrase)).filter((tokens) => tokens.length > 0).map((tokens) => termQuery({ tokens, prefix: false, exact: false }));
    return queries.length === 0 ? [] : this.firstPlaces([this.eachOldest(queries, perPhrase, 1, p)], p);
  }

  async speakerRecords(scope: SpeakerScope, terms: readonly string[], limit: number): Promise<number[]> {
    if (scope.speakerIds.length === 0 && scope.organizationIds.length === 0) return [];
    const p = new Params();
    const sql = await this.rankedSql(terms, '|', scope, limit, p);
    return sql === null ? [] : column<number>(this.db, sql, p.values);
  }

  /** Of each tsquery, the `perQuery` oldest quotes holding it, in the queries' order: rows (id, part, pos). */
  private eachOldest(queries: readonly string[], perQuery: number, part: number, p: Params): string {
    // One plan for all (a lateral join): index lookup and sort. A subquery per tsquery planned for its own words
    // was slower at 1M (the planner walked the primary key for pairs it took for common: 3.1 s against 0.36).
    return `SELECT x.id, ${part} AS part, t.n * ${p.add(perQuery + 1)}::bigint + row_number() OVER (PARTITION BY t.n ORDER BY x.id) AS pos
      FROM unnest(${p.add(queries)}::text[]) WITH ORDINALITY AS t(q, n)
      CROSS JOIN LATERAL (SELECT id FROM quote WHERE search @@ t.q::tsquery ORDER BY ${OLDEST('id')} LIMIT ${p.add(perQuery)}) x`;
  }

  /** The ids of the parts (rows id, part, pos) in order, each at its first place: one round trip for a whole tier. */
  private async firstPlaces(parts: readonly string[], p: Params): Promise<number[]> {
    if (parts.length === 0) return [];
    return column<number>(this.db, `SELECT id FROM (${parts.join(' UNION ALL ')}) u GROUP BY id ORDER BY min(ARRAY[part::bigint, pos])`, p.values);
  }

  /** The statement of the terms' matches (any or all) with their scores (id, score), most relevant first (search/ranking.ts), optionally in a scope only; null without words. */
  private async rankedSql(terms: readonly string[], operator: '|' | '&', scope: SpeakerScope | null, limit: number, p: Params): Promise<string | null> {
    const usable = terms.filter(hasWords);
    if (usable.length === 0) return null;
    const queries = usable.map(termTsQuery);
    const [counts, collection] = await Promise.all([
      this.terms.counts(usable.map((t, i) => ({ query: queries[i] as string, words: tokenize(t), prefix: false })), COUNT_CAP),
      this.terms.collection(),
    ]);
    const score = rankSql('q', queries.map((query, i) => ({ query, hits: counts[i] ?? 0, phrase: tokenize(usable[i] as string).length > 1 })), collection, p);
    const where = [`q.search @@ ${p.add(queries.map((q) => `(${q})`).join(` ${operator} `))}::tsquery`];
    if (scope !== null) {
      const tags = scope.organizationIds.map((id) => `${TAG_PREFIX.organization}${id}`);
      where.push(`(q.speaker_id = ANY(${p.add(scope.speakerIds)}::int[]) OR q.search_tags && ${p.add(tags)}::text[])`);
    }
    return `SELECT q.id, ${score} AS score FROM quote q WHERE ${where.join(' AND ')} ORDER BY score DESC, q.id DESC LIMIT ${p.add(limit)}`;
  }

  async quotes(ids: readonly number[]): Promise<QuoteRecord[]> {
    if (ids.length === 0) return [];
    const found = await rows<QuoteRow>(this.db, `SELECT ${QUOTE_COLUMNS} FROM quote q ${QUOTE_JOINS} WHERE q.id = ANY($1::int[])`, [ids]);
    return found.map(toQuote);
  }

  /** The earliest document, the number of documents and the relays of a quote: one statement. */
  async provenance(quoteId: number): Promise<ProvenanceSummary> {
    const found = await row<{ documentId: number | null; outlet: string | null; title: string | null; dateline: string | null; publishedOn: string | null; documents: number; relays: string[] }>(
      this.db,
      `SELECT e.id AS "documentId", e.outlet, e.title, e.dateline, e.published_on AS "publishedOn",
         (SELECT count(DISTINCT document_id) FROM occurrence WHERE quote_id = $1) AS documents,
         ARRAY(SELECT r.name FROM relay r JOIN occurrence o ON o.id = r.occurrence_id
               WHERE o.quote_id = $1 GROUP BY r.name ORDER BY min(r.position), r.name COLLATE "C") AS relays
       FROM (SELECT 1) one LEFT JOIN LATERAL (
         SELECT d.id, d.outlet, d.title, d.dateline, d.published_on FROM occurrence o JOIN document d ON d.id = o.document_id
         WHERE o.quote_id = $1 ORDER BY d.published_on IS NULL, d.published_on COLLATE "C", d.added_at, o.id LIMIT 1) e ON true`,
      [quoteId],
    );
    const { documentId, outlet, title, dateline, publishedOn } = found ?? { documentId: null, outlet: null, title: null, dateline: null, publishedOn: null };
    return {
      earliest: documentId === null ? null : { documentId, outlet, title, dateline, publishedOn },
      documents: found?.documents ?? 0,
      relays: found?.relays ?? [],
    };
  }

  speakerNames(): Promise<{ id: number; alias: string; normalized: string }[]> {
    return rows<{ id: number; alias: string; normalized: string }>(this.db, 'SELECT speaker_id AS id, alias, normalized FROM speaker_alias ORDER BY speaker_id, id');
  }
}
