import type { FacetCounts, FacetName, FacetValue } from '../../ports/index.ts';
import { tally, type Counted, type SampleRow, type Tallies } from './facet-tally.ts';
import { TAG_PREFIX, tagToken } from './search-index.sql.ts';
import type { StatementCache } from '../repositories/statements.ts';

/** Outlet spellings remembered before the memory starts over. */
const SPELLINGS_KEPT = 10_000;

/** Most values returned per facet. */
export const FACET_TOP = 20;

type Labels<K> = Map<K, { key: string; label: string }>;

/** Where the sampled matches come from: `from` joins "Quote" as `q`; `order` puts the newest first. */
export interface MatchSource {
  from: string;
  where: string;
  order: string;
}

/**
 * The one statement facets run: what each sampled match contributes, newest
 * first, `@sample` rows. Three columns, as arrays: reading speakerId and kind
 * as columns as well doubled the time (1.2 ms per 1,000 rows at 1M quotes).
 * Flat, not the matches' ids in a subquery joined to "Quote" again: that read
 * each match's row twice (0.80 → 0.63 ms for 1,000 matches at 1M quotes).
 */
export function facetRowsSql({ from, where, order }: MatchSource): string {
  return `SELECT q.id, q.searchTags, substr(q.filedOn, 1, 4) FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT @sample`;
}

/**
 * Counts facets over a sample of matches in one pass over their rows. Each
 * quote's `searchTags` (written with the quote, by the same rules as the
 * filters: search-index.sql.ts) already lists its outlets and the
 * organisations it was said for, so a facet count always equals what that
 * filter returns, and one row read per match replaces a grouped join per
 * facet (five joins cost 2.5–4.2 ms per 1,000 matches at 1M quotes;
 * docs/benchmarks-history.md, "Facets").
 */
export class FacetCounter {
  constructor(private readonly statements: StatementCache) {}

  /** Counts the newest `sample` matches; one row more than the sample says the matches were sampled. */
  count(matches: MatchSource, params: Record<string, unknown>, facets: readonly FacetName[], sample: number): FacetCounts {
    const rows = this.statements
      .get(facetRowsSql(matches))
      .raw(true)
      .all({ ...params, sample: sample + 1 }) as SampleRow[];
    const sampled = rows.length > sample;
    const counted = sampled ? rows.slice(0, sample) : rows;
    const tallies = tally(counted, facets);
    const counts: FacetCounts['counts'] = {};
    for (const facet of facets) counts[facet] = this.top(facet, tallies);
    return { counts, basedOn: counted.length, sampled };
  }

  private top(facet: FacetName, tallies: Tallies): FacetValue[] {
    switch (facet) {
      case 'year':
        return newestYears(tallies.year);
      case 'speaker':
        return mostCounted(tallies.speaker, (ids) => this.named('SELECT id, slug AS key, name AS label FROM Speaker WHERE id IN (SELECT value FROM json_each(?))', ids));
      case 'organization':
        return mostCounted(tallies.organization, (ids) =>
          this.named('SELECT id, slug AS key, name AS label FROM Organization WHERE id IN (SELECT value FROM json_each(?))', ids),
        );
      case 'kind':
        return mostCounted(tallies.kind, (kinds) => new Map(kinds.map(({ value }) => [value, { key: value, label: value }])));
      case 'outlet':
        return mostCounted(tallies.outlet, (tokens) => this.outlets(tokens));
    }
  }

  private outlets(tokens: readonly Counted<string>[]): Labels<string> {
    const named: Labels<string> = new Map();
    for (const { value, example } of tokens) {
      const outlet = this.outletSpelling(value, example);
      if (outlet !== undefined) named.set(value, { key: outlet, label: outlet });
    }
    return named;
  }

  /** Printed spellings of folded outlet tags, remembered: outlets are few and any spelling found in print will do. */
  private readonly spellings = new Map<string, string>();

  private outletSpelling(token: string, example: number): string | undefined {
    const known = this.spellings.get(token);
    if (known !== undefined) return known;
    const printed = this.statements
      .get(`SELECT DISTINCT d.outlet FROM Occurrence o JOIN Document d ON d.id = o.documentId
        WHERE o.quoteId = ? AND d.outlet IS NOT NULL ORDER BY d.id`)
      .pluck()
      .all(example) as string[];
    const outlet = printed.find((o) => tagToken(TAG_PREFIX.outlet, o) === token);
    if (outlet !== undefined) {
      if (this.spellings.size >= SPELLINGS_KEPT) this.spellings.clear();
      this.spellings.set(token, outlet);
    }
    return outlet;
  }

  private named(sql: string, ids: readonly Counted<number>[]): Labels<number> {
    const rows = this.statements.get(sql).all(JSON.stringify(ids.map((c) => c.value))) as { id: number; key: string; label: string }[];
    return new Map(rows.map((r) => [r.id, { key: r.key, label: r.label }]));
  }
}

/** The latest years first, whatever their counts. */
function newestYears(years: readonly Counted<string>[] = []): FacetValue[] {
  return [...years]
    .sort((a, b) => (a.value < b.value ? 1 : -1))
    .slice(0, FACET_TOP)
    .map(({ value, count }) => ({ key: value, label: value, count }));
}

/**
 * The values counted most often, ties by label. Only the values that can make
 * the top are labelled: those counted at least as often as the last one in it.
 */
function mostCounted<K>(counted: readonly Counted<K>[] = [], label: (candidates: Counted<K>[]) => Labels<K>): FacetValue[] {
  const floor = lowestInTop(counted);
  const candidates = counted.filter((c) => c.count >= floor);
  const labels = label(candidates);
  const values: FacetValue[] = [];
  for (const { value, count } of candidates) {
    const named = labels.get(value);
    if (named !== undefined) values.push({ key: named.key, label: named.label, count });
  }
  return values.sort((a, b) => b.count - a.count || compareText(a.label, b.label)).slice(0, FACET_TOP);
}

/** The count of the FACET_TOP-th most counted value (a plain loop: `Int32Array.from` with a mapper took longer than the sort). */
function lowestInTop(counted: readonly Counted<unknown>[]): number {
  const counts = new Int32Array(counted.length);
  for (let i = 0; i < counted.length; i++) counts[i] = (counted[i] as Counted<unknown>).count;
  counts.sort();
  return counts[counts.length - Math.min(FACET_TOP, counts.length)] ?? 0;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
