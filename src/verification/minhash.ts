import { fmix32 } from './hash32.ts';
import { FUNCTION_WORDS_BAND, functionWordsBucketOf } from './function-words.ts';
import { skeletonBucketOf } from './skeleton.ts';
import { contentTermsOf, indexWords } from './tokens.ts';

/**
 * MinHash-LSH over a quote's content words (src/verification/tokens.ts).
 *
 * 12 bands of 4 rows (48 hash functions). A claim and a stored quote share a
 * bucket in a band with probability J^4 (J = Jaccard of their content words),
 * so in at least one of 12 bands with 1-(1-J^4)^12: 0.93 at J = 0.67 (one word
 * changed out of five content words), 0.998 at J = 0.8, but 0.001 at J = 0.1,
 * which keeps unrelated quotes out of the candidate list even at a million
 * quotes. Heavier edits fall through to the full-text tier. See docs/verify.md.
 */
export const LSH_BANDS = 12;
export const LSH_ROWS = 4;
const HASHES = LSH_BANDS * LSH_ROWS;

export interface LshBucket {
  band: number;
  /** Signed 32-bit, so it fits an ordinary INTEGER column in any database. */
  bucket: number;
}

// Fixed seeds: stored buckets must stay comparable across processes and releases.
const SEEDS = Int32Array.from({ length: HASHES }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)) | 0);

/** Where each band's hash of its rows starts. */
const BAND_SEEDS = Int32Array.from({ length: LSH_BANDS }, (_, band) => fmix32(Math.imul(band + 1, 0x27d4eb2f)) | 0);

/** Each term's `fmix32(fnv1a(term))`, reused between calls (grown when a text has more terms). */
let termHashes = new Int32Array(256);

/**
 * The MinHash signature of a set of terms: for each of the 48 hash functions
 * `fmix32(fmix32(fnv1a(term)) ^ seed)`, its least value over the terms
 * (unsigned). Written out in 32-bit integer arithmetic, hash function by hash
 * function over the terms' hashes, and compared with the sign bit flipped
 * (signed order of `x ^ 0x80000000` is unsigned order of `x`): V8 keeps every
 * value a small integer, where `>>> 0` and a Uint32Array made numbers above
 * 2^31 doubles; the same values, in ~40% of the time. test/minhash.test.ts
 * holds the plain formulation and checks the two agree.
 */
export function minhashSignature(terms: readonly string[]): Uint32Array | null {
  const n = terms.length;
  if (n === 0) return null;
  if (n > termHashes.length) termHashes = new Int32Array(n);
  const hashes = termHashes;
  for (let t = 0; t < n; t++) {
    // FNV-1a alone diffuses short, similar words ("each", "every") poorly; mix it once first.
    const term = terms[t] as string;
    let h = 0x811c9dc5 | 0;
    for (let c = 0; c < term.length; c++) h = Math.imul(h ^ term.charCodeAt(c), 0x01000193);
    hashes[t] = mix32(h);
  }
  const signature = new Uint32Array(HASHES);
  for (let i = 0; i < HASHES; i++) {
    const seed = SEEDS[i] as number;
    let least = 0x7fffffff;
    for (let t = 0; t < n; t++) {
      const flipped = mix32((hashes[t] as number) ^ seed) ^ 0x80000000;
      if (flipped < least) least = flipped;
    }
    signature[i] = least ^ 0x80000000;
  }
  return signature;
}

/** `fmix32` as a signed 32-bit integer (the same bits). */
function mix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** The MinHash-LSH buckets of a text (bands 0–11); none when it has no content words. Changing this needs a re-index. */
export function minhashBuckets(text: string): LshBucket[] {
  return minhashBucketsOf(indexWords(text));
}

/** `minhashBuckets` of words already split by `indexWords`. */
function minhashBucketsOf(words: readonly string[]): LshBucket[] {
  const signature = minhashSignature(contentTermsOf(words));
  if (signature === null) return [];
  const buckets: LshBucket[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    // fmix32 in signed arithmetic, as in minhashSignature: the same bits.
    let h = BAND_SEEDS[band] as number;
    for (let row = 0; row < LSH_ROWS; row++) h = mix32(h ^ (signature[band * LSH_ROWS + row] as number));
    buckets.push({ band, bucket: h });
  }
  return buckets;
}

/**
 * Bands in use in the LSH index (`quote_lsh`): the MinHash bands, the skeleton band (src/verification/skeleton.ts)
 * and the function-word band (src/verification/function-words.ts).
 */
export const LSH_INDEX_BANDS = FUNCTION_WORDS_BAND + 1;

/**
 * Every LSH bucket of a stored quote: its MinHash bands, its function-word
 * skeleton and its function words alone. The write path indexes exactly these
 * (as `quote_lsh` tokens, lsh-token.ts), right after the quote's transaction.
 * Changing this (or the token format) means bumping LSH_VERSION.
 */
export function lshBuckets(text: string): LshBucket[] {
  // Folded and split once for all three: it is most of the cost on the ingest path.
  const words = indexWords(text);
  return [...minhashBucketsOf(words), skeletonBucketOf(words), functionWordsBucketOf(words)];
}

/**
 * The version of `lshBuckets()` and its token format. The verify index's file
 * records the version its rows were made with (src/storage/sqlite/verify-index/lsh-index.store.ts); a
 * file of another version is rebuilt when the database is opened.
 * 2: the function-word band (band 13) joined the index.
 */
export const LSH_VERSION = 2;
