import type { Params } from '../connection.ts';

/** One term to rank by: its tsquery and how many quotes hold it. */
export interface WeightedTerm {
  query: string;
  hits: number;
  /** Several words in order: counted once when present (ts_rank of a phrase does not give its frequency). */
  phrase: boolean;
}

/** What bm25 needs of the whole collection: how many quotes, and their average length in words. */
export interface Collection {
  quotes: number;
  averageLength: number;
}

/** FTS5's bm25 parameters (its defaults, which the SQLite backend uses). */
const K1 = 1.2;
const B = 0.75;

/**
 * bm25 as SQL, as FTS5 computes it: for each term, its inverse document
 * frequency times its saturating frequency in the quote (term_frequency, the
 * migration's SQL function) against the quote's length (search_length) over
 * the average. ts_rank alone has no IDF and another length normalisation: its
 * order agreed with SQLite's on 46% of the top ten for common words, bm25 on
 * all of them (bench/postgres-compare.ts).
 */
export function rankSql(row: string, terms: readonly WeightedTerm[], collection: Collection, p: Params): string {
  // A term no quote held when counted adds nothing to any score: left out, the rows are not read for it
  // (a word's spelling variants, most of which occur nowhere, each cost a ts_rank per ranked row).
  const held = terms.filter((t) => t.hits > 0);
  if (held.length === 0) return '0::float8';
  const n = Math.max(collection.quotes, 1);
  const lengthNorm = `${K1} * (${1 - B} + ${B} * ${row}.search_length / ${p.add(Math.max(collection.averageLength, 1))}::float8)`;
  return held
    .map((t) => {
      const hits = Math.min(t.hits, n);
      const idf = Math.max(Math.log((n - hits + 0.5) / (hits + 0.5)), 1e-6);
      const query = `${p.add(t.query)}::tsquery`;
      const tf = t.phrase ? `(${row}.search @@ ${query})::int` : `term_frequency(${row}.search, ${query})`;
      return `${p.add(idf)}::float8 * ${tf} * ${K1 + 1} / (${tf} + ${lengthNorm})`;
    })
    .join(' + ');
}
