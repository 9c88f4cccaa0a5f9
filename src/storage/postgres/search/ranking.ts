import type { Params } from '../connection.ts';

/** One term to rank by: its tsquery and how many quotes hold it. */
export interface WeightedTerm {
  query: string;
  hits: number;
}

/**
 * bm25-like relevance as SQL over the tsvector `vector`: each term's ts_rank
 * (its frequency in the quote, saturating, over the quote's length) weighed
 * by the term's inverse document frequency as FTS5's bm25 computes it
 * (ts_rank has none), so a rare word outweighs a common one.
 */
export function rankSql(vector: string, terms: readonly WeightedTerm[], total: number, p: Params): string {
  const n = Math.max(total, 1);
  return terms
    .map((t) => {
      const hits = Math.min(t.hits, n);
      const idf = Math.max(Math.log((n - hits + 0.5) / (hits + 0.5)), 1e-6);
      return `ts_rank(${vector}, ${p.add(t.query)}::tsquery, 1) * ${p.add(idf * 10)}::float8`;
    })
    .join(' + ');
}
