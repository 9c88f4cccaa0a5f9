import { column, rows, type Queryable } from '../connection.ts';
import type { Collection } from './ranking.ts';

/** Statistics older than this are read again: the most common words drift as quotes arrive. */
const STATISTICS_TTL_MS = 60_000;
const CACHE_SIZE = 10_000;

/**
 * How many quotes hold a word, cheaply. PostgreSQL's own statistics of the
 * words (most_common_elems of the statistics object quote_search_words:
 * ANALYZE keeps the most frequent lexemes with their frequencies) answer for
 * the common words at no cost;
 * any other word is rarer than those, so counting its matches up to a cap is
 * cheap. A capped count of a common word is not (the GIN index hands over all
 * its matches first: 14–48 ms at 1M quotes), nor of a word in a few thousand
 * quotes (as many heap rows read): the statistics keep the 10,000 most
 * common words (the object's statistics target), and answer for all of them.
 */
export class TermStatistics {
  private common: { at: number; frequencies: Map<string, number>; rows: number } | null = null;
  private readonly counted = new Map<string, { count: number; at: number }>();

  constructor(private readonly db: Queryable) {}

  /** Quotes holding each tsquery (a word, a phrase, a prefix), counted no further than `cap` (more: `cap + 1`); `frequent` names the words to look up in the statistics. */
  async counts(items: readonly { query: string; words: readonly string[]; prefix: boolean }[], cap: number): Promise<number[]> {
    const common = await this.commonWords();
    const now = Date.now();
    const result: (number | null)[] = items.map((item) => {
      const estimated = estimateFromStatistics(common, item.words, item.prefix);
      if (estimated !== null && estimated > cap) return cap + 1;
      // One word among the common ones: the statistics' frequency is its count (ANALYZE samples 300,000 quotes at
      // the migration's statistics target: within a few percent, which neither bm25's weights nor "about N" notice).
      if (estimated !== null && item.words.length === 1 && !item.prefix) return Math.max(1, Math.round(estimated));
      const cached = this.counted.get(`${cap}\u0000${item.query}`);
      return cached !== undefined && now - cached.at < STATISTICS_TTL_MS ? cached.count : null;
    });
    const missing = items.map((item, i) => (result[i] === null ? item.query : null)).filter((q): q is string => q !== null);
    if (missing.length > 0) {
      // One statement for every word not known yet: each count stops at cap + 1.
      const found = await rows<{ q: string; n: number }>(
        this.db,
        `SELECT t.q, (SELECT count(*) FROM (SELECT 1 FROM quote WHERE search @@ t.q::tsquery LIMIT $2) x) AS n FROM unnest($1::text[]) AS t(q)`,
        [[...new Set(missing)], cap + 1],
      );
      if (this.counted.size >= CACHE_SIZE) this.counted.clear();
      for (const f of found) this.counted.set(`${cap}\u0000${f.q}`, { count: f.n, at: now });
    }
    return items.map((item, i) => result[i] ?? this.counted.get(`${cap}\u0000${item.query}`)?.count ?? 0);
  }

  /** About how many quotes are stored (at least as many). */
  async quoteCount(): Promise<number> {
    return (await column<number>(this.db, 'SELECT COALESCE(max(id), 0) FROM quote'))[0] ?? 0;
  }

  private averageLength: { at: number; value: number } | null = null;

  /**
   * The quote count (`known`, a search's snapshot of the newest id, or an index probe) and the average quote
   * length in words (of the newest 10,000: a sample, refreshed every minute).
   */
  async collection(known?: number): Promise<Collection> {
    const now = Date.now();
    const quotes = known ?? (await this.quoteCount());
    if (this.averageLength === null || now - this.averageLength.at >= STATISTICS_TTL_MS) {
      const average = await column<number | null>(this.db, 'SELECT avg(search_length)::float8 FROM (SELECT search_length FROM quote ORDER BY id DESC LIMIT 10000) x');
      // Not remembered while the collection is small: its first quotes change it entirely.
      if (quotes >= 1000) this.averageLength = { at: now, value: average[0] ?? 1 };
      else return { quotes, averageLength: average[0] ?? 1 };
    }
    return { quotes, averageLength: this.averageLength.value };
  }

  private async commonWords(): Promise<{ frequencies: Map<string, number>; rows: number }> {
    const now = Date.now();
    if (this.common !== null && now - this.common.at < STATISTICS_TTL_MS) return this.common;
    // The statistics object quote_search_words (migration 20261207050000) holds 10,000 words; the column's
    // own statistics (1,000, what the planner reads) answer until ANALYZE has filled the object.
    const stats = await rows<{ elems: string[] | null; freqs: number[] | null; reltuples: number }>(
      this.db,
      `SELECT COALESCE(x.most_common_elems::text, s.most_common_elems::text)::text[] AS elems,
         CASE WHEN x.most_common_elems IS NULL THEN s.most_common_elem_freqs ELSE x.most_common_elem_freqs END AS freqs, c.reltuples
       FROM pg_class c
       LEFT JOIN pg_stats_ext_exprs x ON x.tablename = 'quote' AND x.statistics_name = 'quote_search_words' AND x.schemaname = current_schema()
       LEFT JOIN pg_stats s ON s.tablename = 'quote' AND s.attname = 'search' AND s.schemaname = current_schema()
       WHERE c.oid = 'quote'::regclass`,
    );
    const s = stats[0];
    const frequencies = new Map<string, number>();
    (s?.elems ?? []).forEach((word, i) => frequencies.set(word, s?.freqs?.[i] ?? 0));
    this.common = { at: now, frequencies, rows: Math.max(0, s?.reltuples ?? 0) };
    return this.common;
  }
}

/** Quotes holding the words by the statistics (a phrase: its most common word at most; a prefix: the words it starts), or null when they are not among the common ones. */
function estimateFromStatistics(common: { frequencies: Map<string, number>; rows: number }, words: readonly string[], prefix: boolean): number | null {
  if (common.frequencies.size === 0 || words.length === 0) return null;
  let lowest: number | null = null;
  words.forEach((word, i) => {
    let f = common.frequencies.get(word);
    if (prefix && i === words.length - 1) {
      f = 0;
      for (const [w, freq] of common.frequencies) if (w.startsWith(word)) f += freq;
      if (f === 0) f = undefined;
    }
    // A word missing from the statistics is rarer than every word in them: the phrase is rare.
    if (f === undefined) lowest = 0;
    else if (lowest === null || f * common.rows < lowest) lowest = f * common.rows;
  });
  return lowest === null || lowest === 0 ? null : lowest;
}
