import type { LshBucket } from './minhash.ts';
import { skeletonKeyBucket } from './skeleton.ts';
import { indexWords, STOPWORDS } from './tokens.ts';

/**
 * A quote's function words alone, in order ("will the before"): its skeleton
 * without the slots. Words added, removed or replaced — any number — leave it
 * as it is so long as they are content words, where the skeleton (skeleton.ts)
 * shifts with every word added or removed. Less distinctive than the skeleton
 * (876,286 distinct among the 1M benchmark quotes against 984,727), so it is
 * looked up only for claims with enough function words (thresholds.ts,
 * `functionWordsMin`). Indexed as band 13 (a `quote_lsh` token).
 */
export const FUNCTION_WORDS_BAND = 13;

export interface FunctionWords {
  key: string;
  count: number;
}

export function functionWordsOf(text: string): FunctionWords {
  return functionWordsOfWords(indexWords(text));
}

/** `functionWordsOf` words already split by `indexWords`. */
export function functionWordsOfWords(words: readonly string[]): FunctionWords {
  const kept = words.filter((w) => STOPWORDS.has(w));
  return { key: kept.join(' '), count: kept.length };
}

/** Every quote has exactly one row in this band (an empty sequence too), so a quote without one was stored before it existed. */
export function functionWordsBucket(text: string): LshBucket {
  return functionWordsBucketOf(indexWords(text));
}

/** `functionWordsBucket` of words already split by `indexWords`. */
export function functionWordsBucketOf(words: readonly string[]): LshBucket {
  // The same hash as the skeleton's keys; the band keeps the two apart.
  return { band: FUNCTION_WORDS_BAND, bucket: skeletonKeyBucket(functionWordsOfWords(words).key) };
}
