import { skeletonKeyBucket, skeletonOf } from './skeleton.ts';

/**
 * Skeletons near a claim's (SymSpell-style, on the query side only): a word
 * added to the claim shifts every later position of its skeleton, a word
 * removed does too, so the stored quote's skeleton is a few token edits away,
 * not equal. Each variant is one more probe of the skeleton band; the stored
 * rows stay one per quote.
 *
 * Edits enumerated: drop a token (the claim has an added word), insert a slot
 * (the claim lost a content word), turn a function word into a slot (a
 * function word replaced by a content word). The reverse edits — inserting or
 * restoring a particular function word — have too many choices to enumerate.
 */
const SLOT = '_';

const joined = (a: string, b: string) => (a === '' ? b : b === '' ? a : `${a} ${b}`);

/**
 * The keys one edit from `key` (its tokens joined by spaces), one at a time,
 * so that the caller's budget stops the enumeration: built all at once, a
 * claim of n tokens made 3n copies of n tokens (a 2,000-character claim:
 * ~10^6) whatever the budget. Each is made of two slices of the key, not of a
 * copy of its tokens; an edit that gives the key the one before it gave (a
 * token dropped from a run of equal tokens, a slot inserted next to a slot)
 * is not made at all: a claim of one word repeated has hundreds of those.
 */
function* neighbours(key: string): Generator<string> {
  const tokens = key.split(' ');
  const n = tokens.length;
  const starts: number[] = [];
  // Where each token starts, and where one after the last would.
  for (let i = 0, at = 0; i <= n; at += (tokens[i] ?? '').length + 1, i++) starts.push(at);
  /** Tokens 0…i-1, and i…n-1, joined. */
  const before = (i: number) => (i === 0 ? '' : key.slice(0, (starts[i] as number) - 1));
  const from = (i: number) => (i >= n ? '' : key.slice(starts[i]));
  for (let i = 0; i < n; i++) if (i === 0 || tokens[i] !== tokens[i - 1]) yield joined(before(i), from(i + 1));
  for (let i = 0; i <= n; i++) if (i === 0 || tokens[i - 1] !== SLOT) yield joined(joined(before(i), SLOT), from(i));
  for (let i = 0; i < n; i++) if (tokens[i] !== SLOT) yield joined(joined(before(i), SLOT), from(i + 1));
}

/** A skeleton-band bucket `distance` edits from the claim's skeleton. */
export interface SkeletonVariant {
  distance: number;
  bucket: number;
}

/** Neighbours already seen between two pauses offered to the caller (`null`): each costs a copy of the claim's tokens. */
const SEEN_PER_PAUSE = 64;

/**
 * Skeleton keys 1…`depth` edits from the claim's, nearest first (each distinct
 * key once, the claim's own excluded), as skeleton-band buckets, one at a time
 * (the caller may pause between them; `null` is a pause with nothing new: a
 * claim of one repeated word or of rare words only has thousands of neighbours
 * that are all the same few keys). At most `budget` in all: a long claim has
 * thousands two edits away, costly to build and probe, and needs them least
 * (its content words are left for the other tiers to find).
 */
export function* skeletonVariants(text: string, depth: number, budget: number): Generator<SkeletonVariant | null> {
  const own = skeletonOf(text).key;
  const seen = new Set([own]);
  let frontier = [own];
  let again = 0;
  for (let d = 0; d < depth && seen.size <= budget; d++) {
    const next: string[] = [];
    for (const tokens of frontier) {
      for (const key of neighbours(tokens)) {
        if (seen.has(key)) {
          if (++again % SEEN_PER_PAUSE === 0) yield null;
          continue;
        }
        seen.add(key);
        if (d + 1 < depth) next.push(key);
        yield { distance: d + 1, bucket: skeletonKeyBucket(key) };
        if (seen.size > budget) return;
      }
    }
    frontier = next;
  }
}

/** The variants grouped by distance: `byDistance[d - 1]` holds those d edits away (one group per distance reached). */
export function byDistance(variants: Iterable<SkeletonVariant | null>, depth: number): number[][] {
  const groups: number[][] = [];
  for (const variant of variants) {
    if (variant === null) continue;
    const { distance, bucket } = variant;
    while (groups.length < distance) groups.push([]);
    (groups[distance - 1] as number[]).push(bucket);
  }
  return groups.slice(0, depth);
}

/** All of `skeletonVariants`, grouped by distance. */
export function skeletonVariantBuckets(text: string, depth: number, budget: number): number[][] {
  return byDistance(skeletonVariants(text, depth, budget), depth);
}
