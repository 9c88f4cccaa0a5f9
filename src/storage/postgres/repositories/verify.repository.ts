import type { QuoteRecord } from '../../../domain/models.ts';
import { tokenize } from '../../../domain/search-query.ts';
import type { ProvenanceSummary, SimilarityKey, VerifyRepository } from '../../ports/index.ts';
import { column, Params, row, rows, value, type Queryable } from '../connection.ts';
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
 * The verifier's candidate lookups: one statement per lookup (a tier's keys or
 * terms in arrays), each on an index (hash, LSH key, GIN). The verify index
 * (quote_lsh) is written right after each write's commit and before the write
 * is acknowledged, so every lookup sees every acknowledged write.
 */
export class PostgresVerifyRepository implements VerifyRepository {
  constructor(
    private readonly db: Queryable,
    private readonly terms: TermStatistics,
  ) {}

  idsByNormalizedHash(hash: string): Promise<number[]> {
    return column<number>(this.db, 'SELECT id FROM quote WHERE normalized_hash = $1 ORDER BY id', [hash]);
  }

  async idsByLshBuckets(buckets: readonly SimilarityKey[], perBucket: number, limit: number): Promise<number[]> {
    if (buckets.length === 0) return [];
    // The oldest quotes holding each key (lowest ids first), as the SQLite index keeps them; most keys shared first.
    return column<number>(
      this.db,
      `SELECT l.quote_id FROM unnest($1::bigint[]) AS k(key)
       CROSS JOIN LATERAL (SELECT quote_id FROM quote_lsh WHERE keys @> ARRAY[k.key] ORDER BY quote_id LIMIT $2) l
       GROUP BY l.quote_id ORDER BY count(*) DESC, l.quote_id LIMIT $3`,
      [buckets.map(lshKey), perBucket, limit],
    );
  }

  async idsInBand(band: number, buckets: readonly number[], limit: number): Promise<number[]> {
    if (buckets.length === 0) return [];
    return column<number>(this.db, 'SELECT quote_id FROM quote_lsh WHERE keys && $1::bigint[] ORDER BY quote_id LIMIT $2', [
      buckets.map((bucket) => lshKey({ band, bucket })),
      limit,
    ]);
  }

  async documentFrequencies(terms: readonly string[], upTo: number): Promise<Map<string, number>> {
    const counted = terms.filter(hasWords);
    const counts = await this.terms.counts(
      counted.map((t) => ({ query: termTsQuery(t), words: tokenize(t), prefix: false })),
      upTo,
    );
    const result = new Map<string, number>(terms.map((t) => [t, 0]));
    counted.forEach((t, i) => result.set(t, counts[i] ?? 0));
    return result;
  }

  quoteCountEstimate(): Promise<number> {
    return this.terms.quoteCount();
  }

  idsByAnyTerm(terms: readonly string[], limit: number): Promise<number[]> {
    return this.ranked(terms, '|', null, limit);
  }

  idsByAllTerms(terms: readonly string[], limit: number): Promise<number[]> {
    return this.ranked(terms, '&', null, limit);
  }

  idsByRelatedWithAnyTerm(scope: { speakerIds: readonly number[]; organizationIds: readonly number[] }, terms: readonly string[], limit: number): Promise<number[]> {
    if (scope.speakerIds.length === 0 && scope.organizationIds.length === 0) return Promise.resolve([]);
    return this.ranked(terms, '|', scope, limit);
  }

  async idsWithAllTerms(terms: readonly string[], limit: number): Promise<number[]> {
    const words = terms.flatMap((t) => tokenize(t));
    if (words.length === 0) return [];
    return column<number>(this.db, 'SELECT id FROM quote WHERE search @@ $1::tsquery LIMIT $2', [wordsQuery(words, '&'), limit]);
  }

  /** Matches of the terms (any or all), most relevant first (search/ranking.ts), optionally by related speakers only. */
  private async ranked(
    terms: readonly string[],
    operator: '|' | '&',
    scope: { speakerIds: readonly number[]; organizationIds: readonly number[] } | null,
    limit: number,
  ): Promise<number[]> {
    const usable = terms.filter(hasWords);
    if (usable.length === 0) return [];
    const queries = usable.map(termTsQuery);
    const [counts, collection] = await Promise.all([
      this.terms.counts(usable.map((t, i) => ({ query: queries[i] as string, words: tokenize(t), prefix: false })), COUNT_CAP),
      this.terms.collection(),
    ]);
    const p = new Params();
    const score = rankSql('q', queries.map((query, i) => ({ query, hits: counts[i] ?? 0, phrase: tokenize(usable[i] as string).length > 1 })), collection, p);
    const where = [`q.search @@ ${p.add(queries.map((q) => `(${q})`).join(` ${operator} `))}::tsquery`];
    if (scope !== null) {
      const tags = scope.organizationIds.map((id) => `${TAG_PREFIX.organization}${id}`);
      where.push(`(q.speaker_id = ANY(${p.add(scope.speakerIds)}::int[]) OR q.search_tags && ${p.add(tags)}::text[])`);
    }
    return column<number>(this.db, `SELECT q.id FROM quote q WHERE ${where.join(' AND ')} ORDER BY ${score} DESC, q.id DESC LIMIT ${p.add(limit)}`, p.values);
  }

  async quotes(ids: readonly number[]): Promise<QuoteRecord[]> {
    if (ids.length === 0) return [];
    const found = await rows<QuoteRow>(this.db, `SELECT ${QUOTE_COLUMNS} FROM quote q ${QUOTE_JOINS} WHERE q.id = ANY($1::int[])`, [ids]);
    return found.map(toQuote);
  }

  async provenance(quoteId: number): Promise<ProvenanceSummary> {
    const [earliest, documents, relays] = await Promise.all([
      row<{ documentId: number; outlet: string | null; title: string | null; dateline: string | null; publishedOn: string | null }>(
        this.db,
        `SELECT d.id AS "documentId", d.outlet, d.title, d.dateline, d.published_on AS "publishedOn"
         FROM occurrence o JOIN document d ON d.id = o.document_id
         WHERE o.quote_id = $1 ORDER BY d.published_on IS NULL, d.published_on COLLATE "C", d.added_at, o.id LIMIT 1`,
        [quoteId],
      ),
      value<number>(this.db, 'SELECT count(DISTINCT document_id) FROM occurrence WHERE quote_id = $1', [quoteId]),
      column<string>(
        this.db,
        `SELECT r.name FROM relay r JOIN occurrence o ON o.id = r.occurrence_id
         WHERE o.quote_id = $1 GROUP BY r.name ORDER BY min(r.position), r.name COLLATE "C"`,
        [quoteId],
      ),
    ]);
    return { earliest, documents: documents ?? 0, relays };
  }

  speakerNames(): Promise<{ id: number; alias: string; normalized: string }[]> {
    return rows<{ id: number; alias: string; normalized: string }>(this.db, 'SELECT speaker_id AS id, alias, normalized FROM speaker_alias ORDER BY speaker_id, id');
  }
}
