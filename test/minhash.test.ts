import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fmix32, fnv1a } from '../src/verification/hash32.ts';
import { LSH_BANDS, LSH_ROWS, minhashBuckets, minhashSignature } from '../src/verification/minhash.ts';
import { foldName } from '../src/domain/text.ts';
import { contentTerms, indexWords } from '../src/verification/tokens.ts';

const HASHES = LSH_BANDS * LSH_ROWS;
const SEEDS = Array.from({ length: HASHES }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));

/** The signature as first written (unsigned values, one term at a time): what every stored index was made with. */
function referenceSignature(terms: readonly string[]): number[] | null {
  if (terms.length === 0) return null;
  const signature = Array.from({ length: HASHES }, () => 0xffffffff);
  for (const term of terms) {
    const base = fmix32(fnv1a(term));
    for (let i = 0; i < HASHES; i++) signature[i] = Math.min(signature[i] as number, fmix32(base ^ (SEEDS[i] as number)));
  }
  return signature;
}

/** The bands' buckets as first written. */
function referenceBuckets(text: string): { band: number; bucket: number }[] {
  const signature = referenceSignature(contentTerms(text));
  if (signature === null) return [];
  return Array.from({ length: LSH_BANDS }, (_, band) => {
    let h = fmix32(Math.imul(band + 1, 0x27d4eb2f));
    for (let row = 0; row < LSH_ROWS; row++) h = fmix32(h ^ (signature[band * LSH_ROWS + row] as number));
    return { band, bucket: h | 0 };
  });
}

const SEED = 20261208;
// Short words (alike under FNV-1a), any UTF-16 units (lone surrogates too), and sets longer than the reused buffer.
const term = fc.oneof(fc.string({ unit: fc.constantFrom(...'aeiost'.split('')), minLength: 1, maxLength: 4 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }));
const terms = fc.oneof(fc.array(term, { maxLength: 20 }), fc.array(term, { minLength: 250, maxLength: 600 }));

it('when a set of terms is signed, then each of the 48 values is the least fmix32(fmix32(fnv1a(term)) ^ seed), as every stored index was made with', () => {
  fc.assert(
    fc.property(terms, (list) => {
      const signature = minhashSignature(list);
      expect(signature === null ? null : [...signature]).toEqual(referenceSignature(list));
    }),
    { seed: SEED, numRuns: 1_500 },
  );
});

it('when a text is banded, then its MinHash buckets are those of the plain formulation', () => {
  const word = fc.oneof(fc.constantFrom('the', 'will', 'not', 'each', 'every', "you'll", 'Jong-un', 'café', '2026'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }));
  fc.assert(
    fc.property(fc.array(word, { maxLength: 40 }), (words) => {
      const text = words.join(' ');
      expect(minhashBuckets(text)).toEqual(referenceBuckets(text));
    }),
    { seed: SEED, numRuns: 1_500 },
  );
  // A signature with values above 2^31 (most are): the unsigned order and the signed buckets both matter.
  expect(minhashBuckets('ports will reopen to foreign ships in april').map((b) => b.bucket).some((b) => b < 0)).toBe(true);
});

it('when a text is split into index words, then they are its folded name split at spaces (the ASCII path included)', () => {
  const ascii = fc.string({ unit: fc.constantFrom(...'aZ09 -\'`.,_~\t\n\u0000\u007f'.split('')), maxLength: 40 });
  const any = fc.string({ unit: 'grapheme', maxLength: 30 });
  fc.assert(
    fc.property(fc.oneof(ascii, any), (text) => {
      expect(indexWords(text)).toEqual(foldName(text).split(' ').filter((w) => w !== ''));
    }),
    { seed: SEED, numRuns: 3_000 },
  );
});
