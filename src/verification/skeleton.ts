import { fmix32, fnv1a } from './hash32.ts';
import type { LshBucket } from './minhash.ts';
import { indexWords, STOPWORDS } from './tokens.ts';

/**
 * A quote's function-word skeleton: its words in order, each function word
 * kept and every other word reduced to a slot ("_ will _ the _ _ before _").
 * A claim whose words were replaced in place keeps the quote's skeleton
 * exactly, even when it keeps none of the content words the MinHash and
 * full-text tiers look for; and skeletons of real sentences are nearly unique
 * (984,727 distinct among the 1M benchmark quotes), so the quotes sharing a
 * claim's skeleton are few. Stored as one more band of the LSH index (`quote_lsh`).
 */
export const SKELETON_BAND = 12; // after the MinHash bands 0–11 (minhash.ts)

export interface Skeleton {
  key: string;
  /** Function words in it: a skeleton with few is shared by many quotes and says little. */
  functionWords: number;
  words: number;
}

/** Words as the full-text index sees them (folded, split at every non-alphanumeric), so "you'll" is two function words. */
export function skeletonOf(text: string): Skeleton {
  return skeletonOfWords(indexWords(text));
}

/** `skeletonOf` words already split by `indexWords`. */
export function skeletonOfWords(words: readonly string[]): Skeleton {
  let functionWords = 0;
  const slots = words.map((w) => {
    if (!STOPWORDS.has(w)) return '_';
    functionWords++;
    return w;
  });
  return { key: slots.join(' '), functionWords, words: words.length };
}

/** Every quote has exactly one skeleton row, so a quote without one is one stored before this index (see backfill). */
export function skeletonBucket(text: string): LshBucket {
  return skeletonBucketOf(indexWords(text));
}

/** `skeletonBucket` of words already split by `indexWords`. */
export function skeletonBucketOf(words: readonly string[]): LshBucket {
  return { band: SKELETON_BAND, bucket: skeletonKeyBucket(skeletonOfWords(words).key) };
}

/** The skeleton band's bucket of a skeleton key (signed 32-bit, like every LSH bucket). */
export function skeletonKeyBucket(key: string): number {
  return fmix32(fnv1a(key)) | 0;
}
