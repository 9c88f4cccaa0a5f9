import { describe, expect, it } from 'vitest';
import { expectedIn, MIN_SLICE, sliceWithin, US_PER_SLICE, US_PER_WALKED_ENTRY } from '../src/storage/sqlite/search/newest-first.ts';

/** What walking a slice of `width` rowids can cost at most: each list at most one entry per rowid, and its count. */
const boundOf = (width: number, counts: readonly number[]) => US_PER_SLICE + US_PER_WALKED_ENTRY * counts.reduce((sum, c) => sum + Math.min(c, width), 0);

describe('newest-first slices (docs/decisions/0030)', () => {
  it('when lists are longer than the slice, then the widest slice allowed keeps its bound within the budget', () => {
    for (const counts of [[Infinity, Infinity], [Infinity, 10_000, 30, 0, 5], [Infinity, Infinity, Infinity, Infinity, 12_000, 400]]) {
      const width = sliceWithin(2_000, counts);
      expect(width).toBeGreaterThanOrEqual(MIN_SLICE);
      expect(boundOf(width, counts)).toBeLessThanOrEqual(2_000);
      expect(boundOf(width + 50, counts)).toBeGreaterThan(2_000);
    }
  });

  it('when every list fits in the budget whole, then the slice is every rowid; when none is worth reading, none', () => {
    expect(sliceWithin(2_000, [3_000, 200, 0])).toBe(Infinity);
    expect(sliceWithin(0, [Infinity])).toBe(0);
    expect(sliceWithin(US_PER_SLICE + 1, [Infinity, Infinity])).toBe(0);
  });

  it('when words are sparse together, then fewer matches are expected in a slice than when they are common, and exclusions take their share off', () => {
    expect(expectedIn(10_000, [0.04, 0.04], [])).toBeCloseTo(16);
    expect(expectedIn(10_000, [0.5], [])).toBeCloseTo(5_000);
    expect(expectedIn(10_000, [0.5], [0.5, 2])).toBe(0);
  });
});
