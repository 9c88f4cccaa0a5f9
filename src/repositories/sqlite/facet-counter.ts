import type { FacetCounts, FacetName, FacetValue } from '../ports.ts';
import { TAG_PREFIX, tagToken } from './search-index.sql.ts';
import type { StatementCache } from './statements.ts';

/** Outlet spellings remembered before the memory starts over. */
const SPELLINGS_KEPT = 10_000;

/** Most values returned per facet. */
export const FACET_TOP = 20;

/** One counted match: its id, the index's filter tags (speaker, kind, outlets, organisations) and its year. */
type SampleRow = [id: number, searchTags: string, year: string | null];

interface Tally {
  count: number;
  /** The newest quote holding the value: an outlet is labelled with its spelling there. */
  example: number;
}

type Labeller = (keys: string[], tallies: Map<string, Tally>) => Map<string, { key: string; label: string }>;

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
 * BENCHMARKS.md, "Facets").
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
    for (const facet of facets) counts[facet] = this.top(facet, tallies[facet] ?? new Map<string, Tally>());
    return { counts, basedOn: counted.length, sampled };
  }

  private top(facet: FacetName, tallies: Map<string, Tally>): FacetValue[] {
    if (facet === 'year') {
      return [...tallies].sort(([a], [b]) => (a < b ? 1 : -1)).slice(0, FACET_TOP).map(([year, t]) => ({ key: year, label: year, count: t.count }));
    }
    // Label only the values that can make the top: those counted at least as often as the last one in it.
    const counts = Float64Array.from(tallies.values(), (t) => t.count).sort();
    const floor = counts[counts.length - Math.min(FACET_TOP, counts.length)] ?? 0;
    const candidates: string[] = [];
    for (const [value, t] of tallies) if (t.count >= floor) candidates.push(value);
    const labels = this.labellers[facet](candidates, tallies);
    return candidates
      .flatMap((value) => {
        const named = labels.get(value);
        return named === undefined ? [] : [{ ...named, count: (tallies.get(value) as Tally).count }];
      })
      .sort((a, b) => b.count - a.count || compareText(a.label, b.label))
      .slice(0, FACET_TOP);
  }

  private readonly labellers: Record<Exclude<FacetName, 'year'>, Labeller> = {
    speaker: (ids) => this.named('SELECT id, slug AS key, name AS label FROM Speaker WHERE id IN (SELECT value FROM json_each(?))', ids),
    organization: (ids) => this.named('SELECT id, slug AS key, name AS label FROM Organization WHERE id IN (SELECT value FROM json_each(?))', ids),
    kind: (kinds) => new Map(kinds.map((k) => [k, { key: k, label: k }])),
    outlet: (tokens, tallies) => {
      const named = new Map<string, { key: string; label: string }>();
      for (const token of tokens) {
        const outlet = this.outletSpelling(token, (tallies.get(token) as Tally).example);
        if (outlet !== undefined) named.set(token, { key: outlet, label: outlet });
      }
      return named;
    },
  };

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

  private named(sql: string, ids: readonly string[]): Map<string, { key: string; label: string }> {
    const rows = this.statements.get(sql).all(JSON.stringify(ids.map(Number))) as { id: number; key: string; label: string }[];
    return new Map(rows.map((r) => [String(r.id), { key: r.key, label: r.label }]));
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Facets counted from tags, by tag prefix (outlets keep the prefix: their token finds their spelling). */
const FACET_BY_PREFIX: readonly [prefix: string, facet: FacetName, strip: boolean][] = [
  [TAG_PREFIX.speaker, 'speaker', true],
  [TAG_PREFIX.kind, 'kind', true],
  [TAG_PREFIX.outlet, 'outlet', false],
  [TAG_PREFIX.organization, 'organization', true],
];

function add(counts: Map<string, Tally>, value: string, id: number): void {
  const known = counts.get(value);
  if (known === undefined) counts.set(value, { count: 1, example: id });
  else known.count++;
}

const SPACE = 32;
const COMMA = 44;
const isSeparator = (code: number) => code === SPACE || code === COMMA;
const prefixCode = (text: string, at: number) => text.charCodeAt(at) * 65536 + text.charCodeAt(at + 1);

/** Counts every requested facet in one pass, splitting each quote's tags once. */
function tally(rows: readonly SampleRow[], facets: readonly FacetName[]): Partial<Record<FacetName, Map<string, Tally>>> {
  const tallies: Partial<Record<FacetName, Map<string, Tally>>> = {};
  for (const facet of facets) tallies[facet] = new Map();
  const years = tallies.year;
  // Keyed by the prefix's two character codes: no string is made for a tag no facet counts.
  const byPrefix = new Map<number, { counts: Map<string, Tally>; strip: boolean }>();
  for (const [prefix, facet, strip] of FACET_BY_PREFIX) {
    const counts = tallies[facet];
    if (counts !== undefined) byPrefix.set(prefixCode(prefix, 0), { counts, strip });
  }
  for (const [id, searchTags, year] of rows) {
    if (years !== undefined && year !== null) add(years, year, id);
    if (byPrefix.size === 0) continue;
    // Tags are joined by spaces, and lists of them by group_concat's commas (the index's tokenizer splits on both).
    // Scanned in place: splitting allocated two arrays per quote and was a third of the facet time.
    let start = 0;
    while (start < searchTags.length) {
      let end = start;
      while (end < searchTags.length && !isSeparator(searchTags.charCodeAt(end))) end++;
      if (end - start > 2) {
        const target = byPrefix.get(prefixCode(searchTags, start));
        if (target !== undefined) add(target.counts, searchTags.slice(target.strip ? start + 2 : start, end), id);
      }
      start = end + 1;
    }
  }
  return tallies;
}
