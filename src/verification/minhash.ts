import { contentTerms } from './tokens.ts';

/**
 * MinHash-LSH over a quote's content words (src/verification/tokens.ts).
 *
 * 12 bands of 4 rows (48 hash functions). A claim and a stored quote share a
 * bucket in a band with probability J^4 (J = Jaccard of their content words),
 * so in at least one of 12 bands with 1-(1-J^4)^12: 0.93 at J = 0.67 (one word
 * changed out of five content words), 0.998 at J = 0.8, but 0.001 at J = 0.1,
 * which keeps unrelated quotes out of the candidate list at 1M quotes. Heavier
 * edits fall through to the full-text tier. See README, "Verify".
 */
export const LSH_BANDS = 12;
export const LSH_ROWS = 4;
const HASHES = LSH_BANDS * LSH_ROWS;

export interface LshBucket {
  band: number;
  /** Signed 32-bit, so it fits an ordinary INTEGER column in any database. */
  bucket: number;
}

/** MurmurHash3's 32-bit finaliser: a fast, well-mixed permutation of 32-bit integers. */
function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a term. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Fixed seeds: stored buckets must stay comparable across processes and releases.
const SEEDS = Array.from({ length: HASHES }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));

export function minhashSignature(terms: readonly string[]): Uint32Array | null {
  if (terms.length === 0) return null;
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (const term of terms) {
    // FNV-1a alone diffuses short, similar words ("each", "every") poorly; mix it once first.
    const base = fmix32(fnv1a(term));
    for (let i = 0; i < HASHES; i++) {
      const value = fmix32(base ^ (SEEDS[i] as number));
      if (value < (signature[i] as number)) signature[i] = value;
    }
  }
  return signature;
}

/** The LSH buckets of a text; none when it has no content words. Changing this needs a re-index. */
export function lshBuckets(text: string): LshBucket[] {
  const signature = minhashSignature(contentTerms(text));
  if (signature === null) return [];
  const buckets: LshBucket[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    let h = fmix32(Math.imul(band + 1, 0x27d4eb2f));
    for (let row = 0; row < LSH_ROWS; row++) h = fmix32(h ^ (signature[band * LSH_ROWS + row] as number));
    buckets.push({ band, bucket: h | 0 });
  }
  return buckets;
}
