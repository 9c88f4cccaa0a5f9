import type { FacetName } from '../../ports/index.ts';
import { TAG_PREFIX } from './search-index.sql.ts';

/** One counted match: its id, the index's filter tags (speaker, kind, outlets, organisations) and its year. */
export type SampleRow = [id: number, searchTags: string, year: string | null];

/** A facet value, how many sampled matches hold it, and the newest of them (an outlet is spelled as printed there). */
export interface Counted<K> {
  value: K;
  count: number;
  example: number;
}

/** Each requested facet's values in order of first appearance (newest match first); absent when not requested. */
export type Tallies = Partial<{
  speaker: Counted<number>[];
  organization: Counted<number>[];
  /** Outlet tag tokens (prefix kept: the token finds the outlet's spelling). */
  outlet: Counted<string>[];
  kind: Counted<string>[];
  year: Counted<string>[];
}>;

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
 * Counts of tokens found inside a longer string: the caller hashes the token's
 * characters while scanning it, and a hit is confirmed by comparing the token
 * with the value first seen with that hash. Values whose hashes collide are
 * counted by string. Measured per 1,000 matches at 1M quotes: a string-keyed
 * map was 0.07 ms slower, confirming with `startsWith` 0.04 ms slower than
 * comparing a slice.
 */
class TokenCounts {
  private readonly byHash = new Map<number, Counted<string>>();
  private readonly collided = new Counts<string>();
  private readonly seen: Counted<string>[] = [];

  add(text: string, start: number, end: number, hash: number, id: number): void {
    const known = this.byHash.get(hash);
    if (known !== undefined && known.value.length === end - start && text.slice(start, end) === known.value) {
      known.count++;
    } else if (known === undefined) {
      const counted = { value: text.slice(start, end), count: 1, example: id };
      this.byHash.set(hash, counted);
      this.seen.push(counted);
    } else {
      this.collided.add(text.slice(start, end), id);
    }
  }

  values(): Counted<string>[] {
    return [...this.seen, ...this.collided.values()];
  }
}

const code = (prefix: string) => prefix.charCodeAt(0) * 65536 + prefix.charCodeAt(1);
const SPEAKER = code(TAG_PREFIX.speaker);
const ORGANIZATION = code(TAG_PREFIX.organization);
const OUTLET = code(TAG_PREFIX.outlet);
const KIND = code(TAG_PREFIX.kind);

const SPACE = 32;
const COMMA = 44;
const ZERO = 48;
const NINE = 57;
const isSeparator = (c: number) => c === SPACE || c === COMMA;

/**
 * Counts every requested facet in one pass over the rows, scanning each
 * quote's tags in place: speakers and organisations by the number their
 * digits spell, kinds and outlets by a hash of their characters. A string per
 * tag and string-keyed map updates were most of the tally's time (0.31 ms per
 * 1,000 matches; docs/benchmarks-history.md, "Facets").
 */
export function tally(rows: readonly SampleRow[], facets: readonly FacetName[]): Tallies {
  const wants = new Set(facets);
  const speaker = wants.has('speaker') ? new Counts<number>() : undefined;
  const organization = wants.has('organization') ? new Counts<number>() : undefined;
  const outlet = wants.has('outlet') ? new TokenCounts() : undefined;
  const kind = wants.has('kind') ? new TokenCounts() : undefined;
  const year = wants.has('year') ? new Counts<string>() : undefined;
  const anyTag = speaker !== undefined || organization !== undefined || outlet !== undefined || kind !== undefined;
  for (const [id, tags, filedYear] of rows) {
    if (year !== undefined && filedYear !== null) year.add(filedYear, id);
    if (!anyTag) continue;
    // Tags are joined by spaces, and lists of them by group_concat's commas (the index's tokenizer splits on both).
    const length = tags.length;
    let start = 0;
    while (start < length) {
      const prefix = tags.charCodeAt(start) * 65536 + tags.charCodeAt(start + 1);
      const numbers = prefix === SPEAKER ? speaker : prefix === ORGANIZATION ? organization : undefined;
      const tokens = prefix === OUTLET ? outlet : prefix === KIND ? kind : undefined;
      let end = start + 2;
      if (numbers !== undefined) {
        let n = 0;
        for (let c = tags.charCodeAt(end); c >= ZERO && c <= NINE; c = tags.charCodeAt(++end)) n = n * 10 + c - ZERO;
        // Only a tag that is all digits is an id; anything else is not counted.
        if (end > start + 2 && (end === length || isSeparator(tags.charCodeAt(end)))) numbers.add(n, id);
      } else if (tokens !== undefined) {
        let hash = 0;
        for (let c = tags.charCodeAt(end); end < length && !isSeparator(c); c = tags.charCodeAt(++end)) hash = (Math.imul(hash, 31) + c) | 0;
        // Outlets keep their prefix (their token finds their spelling); kinds are counted by name.
        if (end > start + 2) tokens.add(tags, prefix === OUTLET ? start : start + 2, end, hash, id);
      }
      while (end < length && !isSeparator(tags.charCodeAt(end))) end++;
      start = end + 1;
    }
  }
  return {
    ...(speaker && { speaker: speaker.values() }),
    ...(organization && { organization: organization.values() }),
    ...(outlet && { outlet: outlet.values() }),
    ...(kind && { kind: kind.values() }),
    ...(year && { year: year.values() }),
  };
}
