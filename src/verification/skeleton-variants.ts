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

/**
 * One at a time, so that the caller's budget stops the enumeration: built all
 * at once, a claim of n tokens made 3n copies of n tokens (a 2,000-character
 * claim: ~10^6) whatever the budget.
 */
function* neighbours(tokens: readonly string[]): Generator<string[]> {
  for (let i = 0; i < tokens.length; i++) yield [...tokens.slice(0, i), ...tokens.slice(i + 1)];
  for (let i = 0; i <= tokens.length; i++) yield [...tokens.slice(0, i), SLOT, ...tokens.slice(i)];
  for (let i = 0; i < tokens.length; i++) if (tokens[i] !== SLOT) yield [...tokens.slice(0, i), SLOT, ...tokens.slice(i + 1)];
}

/** A skeleton-band bucket `distance` edits from the claim's skeleton. */
export interface SkeletonVariant {
  distance: number;
  bucket: number;
}

/**
 * Skeleton keys 1…`depth` edits from the claim's, nearest first (each distinct
 * key once, the claim's own excluded), as skeleton-band buckets, one at a time
 * (the caller may pause between them). At most `budget` in all: a long claim
 * has thousands two edits away, costly to build and probe, and needs them
 * least (its content words are left for the other tiers to find).
 */
export function* skeletonVariants(text: string, depth: number, budget: number): Generator<SkeletonVariant> {
  const own = skeletonOf(text).key;
  const seen = new Set([own]);
  let frontier = [own.split(' ')];
  for (let d = 0; d < depth && seen.size <= budget; d++) {
    const next: string[][] = [];
    for (const tokens of frontier) {
      for (const variant of neighbours(tokens)) {
        const key = variant.join(' ');
        if (seen.has(key)) continue;
        seen.add(key);
        if (d + 1 < depth) next.push(variant);
        yield { distance: d + 1, bucket: skeletonKeyBucket(key) };
        if (seen.size > budget) return;
      }
    }
    frontier = next;
  }
}

/** The variants grouped by distance: `byDistance[d - 1]` holds those d edits away (one group per distance reached). */
export function byDistance(variants: Iterable<SkeletonVariant>, depth: number): number[][] {
  const groups: number[][] = [];
  for (const { distance, bucket } of variants) {
    while (groups.length < distance) groups.push([]);
    (groups[distance - 1] as number[]).push(bucket);
  }
  return groups.slice(0, depth);
}

/** All of `skeletonVariants`, grouped by distance. */
export function skeletonVariantBuckets(text: string, depth: number, budget: number): number[][] {
  return byDistance(skeletonVariants(text, depth, budget), depth);
}
