import type { FacetCounts, FacetName, FacetValue } from '../../ports/index.ts';
import { rows, type Queryable } from '../connection.ts';
import { TAG_PREFIX, tagToken } from './ts-query.ts';

/** Most values returned per facet. */
const FACET_TOP = 20;

/** One sampled match: what its facets count. */
export interface SampleRow {
  id: number;
  speaker_id: number;
  kind: string;
  search_tags: string[];
  year: string | null;
}

interface Counted<K> {
  value: K;
  count: number;
  example: number;
}

class Counts<K> {
  private readonly byKey = new Map<K, Counted<K>>();
  add(value: K, id: number): void {
    const known = this.byKey.get(value);
    if (known === undefined) this.byKey.set(value, { value, count: 1, example: id });
    else known.count++;
  }
  values(): Counted<K>[] {
    return [...this.byKey.values()];
  }
}

/**
 * Facet counts over the sampled matches (newest first), by the same rules as
 * the filters: the tags each quote was stored with (quote.search_tags).
 */
export async function countFacets(db: Queryable, sample: readonly SampleRow[], facets: readonly FacetName[]): Promise<FacetCounts['counts']> {
  const speaker = new Counts<number>();
  const organization = new Counts<number>();
  const outlet = new Counts<string>();
  const kind = new Counts<string>();
  const year = new Counts<string>();
  for (const r of sample) {
    speaker.add(r.speaker_id, r.id);
    kind.add(r.kind, r.id);
    if (r.year !== null) year.add(r.year, r.id);
    for (const tag of r.search_tags) {
      if (tag.startsWith(TAG_PREFIX.organization) && /^\d+$/.test(tag.slice(2))) organization.add(Number(tag.slice(2)), r.id);
      else if (tag.startsWith(TAG_PREFIX.outlet) && tag.length > 2) outlet.add(tag, r.id);
    }
  }
  const counts: FacetCounts['counts'] = {};
  for (const facet of facets) {
    switch (facet) {
      case 'year':
        counts.year = year
          .values()
          .sort((a, b) => (a.value < b.value ? 1 : -1))
          .slice(0, FACET_TOP)
          .map(({ value, count }) => ({ key: value, label: value, count }));
        break;
      case 'kind':
        counts.kind = await mostCounted(kind.values(), async (values) => new Map(values.map(({ value }) => [value, { key: value, label: value }])));
        break;
      case 'speaker':
        counts.speaker = await mostCounted(speaker.values(), (ids) => named(db, 'speaker', ids));
        break;
      case 'organization':
        counts.organization = await mostCounted(organization.values(), (ids) => named(db, 'organization', ids));
        break;
      case 'outlet':
        counts.outlet = await mostCounted(outlet.values(), (tokens) => outletSpellings(db, tokens));
        break;
    }
  }
  return counts;
}

type Labels<K> = Map<K, { key: string; label: string }>;

async function named(db: Queryable, table: 'speaker' | 'organization', ids: readonly Counted<number>[]): Promise<Labels<number>> {
  const found = await rows<{ id: number; key: string; label: string }>(db, `SELECT id, slug AS key, name AS label FROM ${table} WHERE id = ANY($1::int[])`, [
    ids.map((c) => c.value),
  ]);
  return new Map(found.map((r) => [r.id, { key: r.key, label: r.label }]));
}

/** An outlet as printed in a document of the newest match holding its tag: every tag's example read in one statement. */
async function outletSpellings(db: Queryable, tokens: readonly Counted<string>[]): Promise<Labels<string>> {
  const labels: Labels<string> = new Map();
  if (tokens.length === 0) return labels;
  const printed = await rows<{ quote_id: number; outlet: string }>(
    db,
    `SELECT DISTINCT ON (o.quote_id, d.id) o.quote_id, d.outlet FROM occurrence o JOIN document d ON d.id = o.document_id
     WHERE o.quote_id = ANY($1::int[]) AND d.outlet IS NOT NULL ORDER BY o.quote_id, d.id`,
    [[...new Set(tokens.map((t) => t.example))]],
  );
  const byQuote = new Map<number, string[]>();
  for (const r of printed) byQuote.set(r.quote_id, [...(byQuote.get(r.quote_id) ?? []), r.outlet]);
  for (const { value, example } of tokens) {
    const outlet = byQuote.get(example)?.find((o) => tagToken(TAG_PREFIX.outlet, o) === value);
    if (outlet !== undefined) labels.set(value, { key: outlet, label: outlet });
  }
  return labels;
}

/** The values counted most often, ties by label; only those that can make the top are labelled. */
async function mostCounted<K>(counted: readonly Counted<K>[], label: (candidates: Counted<K>[]) => Promise<Labels<K>>): Promise<FacetValue[]> {
  const sorted = counted.map((c) => c.count).sort((a, b) => b - a);
  const floor = sorted[Math.min(FACET_TOP, sorted.length) - 1] ?? 0;
  const candidates = counted.filter((c) => c.count >= floor);
  const labels = await label(candidates);
  const values: FacetValue[] = [];
  for (const { value, count } of candidates) {
    const l = labels.get(value);
    if (l !== undefined) values.push({ key: l.key, label: l.label, count });
  }
  return values.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)).slice(0, FACET_TOP);
}
