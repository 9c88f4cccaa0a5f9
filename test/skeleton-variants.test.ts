import { describe, expect, it } from 'vitest';
import { skeletonKeyBucket, skeletonOf } from '../src/verification/skeleton.ts';
import { skeletonVariants, type SkeletonVariant } from '../src/verification/skeleton-variants.ts';

/**
 * The skeleton variants a claim is probed with (src/verification/skeleton-variants.ts) are made from slices
 * of its key, and edits that repeat the one before are skipped: the same keys, in the same order, as copying
 * the claim's tokens for every edit, which this reference does.
 */
function* reference(text: string, depth: number, budget: number): Generator<SkeletonVariant> {
  const neighbours = function* (tokens: readonly string[]): Generator<string[]> {
    for (let i = 0; i < tokens.length; i++) yield [...tokens.slice(0, i), ...tokens.slice(i + 1)];
    for (let i = 0; i <= tokens.length; i++) yield [...tokens.slice(0, i), '_', ...tokens.slice(i)];
    for (let i = 0; i < tokens.length; i++) if (tokens[i] !== '_') yield [...tokens.slice(0, i), '_', ...tokens.slice(i + 1)];
  };
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

/** A deterministic generator of claims mixing function words, repeated words and content words. */
function claims(n: number): string[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  const functionWords = ['the', 'of', 'and', 'to', 'a', 'in', 'that', 'is', 'will', 'we', 'not'];
  const content = ['minister', 'talks', 'nuclear', 'security', 'Seoul', 'sanctions', 'people', 'progress'];
  const out = ['the the the the the the', 'talks talks talks', 'a', 'Nothing is settled yet.'];
  for (let i = 0; i < n; i++) out.push(Array.from({ length: 1 + Math.floor(next() * 40) }, () => (next() < 0.5 ? pick(functionWords.slice(0, 3)) : pick(next() < 0.5 ? content.slice(0, 2) : [...functionWords, ...content]))).join(' '));
  return out;
}

describe('skeleton variants', () => {
  it('when made from slices of the key, then they are the keys token copies give, in the same order, with pauses only in between', () => {
    for (const text of claims(300)) {
      for (const [depth, budget] of [
        [1, 50],
        [2, 200],
        [2, 5_000],
        [3, 300],
      ] as const) {
        const made = [...skeletonVariants(text, depth, budget)];
        expect(made.filter((v) => v !== null), `${text} (${depth}, ${budget})`).toEqual([...reference(text, depth, budget)]);
      }
    }
  });
});
