import { describe, expect, it } from 'vitest';
import { joinClusters, relinks, type VariantLink } from '../src/domain/variant-cluster.ts';

const q = (id: number, variantOfId: number | null = null): VariantLink => ({ id, variantOfId });

describe('joining variant clusters when one quote is folded into another of the same words', () => {
  it('when the folded quote is a root, then its variants are linked to the kept quote', () => {
    const join = joinClusters(q(1), q(5));
    expect(join).toEqual({ root: 5, replaced: [1] });
    expect(relinks(join, [q(1), q(2, 1), q(3, 1)], 1)).toEqual([
      { id: 2, before: 1, after: 5 },
      { id: 3, before: 1, after: 5 },
    ]);
  });

  it('when the kept quote is a variant, then the folded quote\'s variants are linked to its root, never to it', () => {
    const join = joinClusters(q(4), q(6, 2));
    expect(join).toEqual({ root: 2, replaced: [4] });
    expect(relinks(join, [q(4), q(7, 4)], 4)).toEqual([{ id: 7, before: 4, after: 2 }]);
  });

  it('when both are in clusters of their own, then the root stored first (the lowest id) roots them all, and the other root becomes its variant', () => {
    const join = joinClusters(q(8, 3), q(9));
    expect(join).toEqual({ root: 3, replaced: [8, 9] });
    // The members as a backend reads them: each replaced quote and the quotes linked to it, some more than once.
    expect(relinks(join, [q(8, 3), q(9), q(10, 9), q(10, 9)], 8)).toEqual([
      { id: 9, before: null, after: 3 },
      { id: 10, before: 9, after: 3 },
    ]);
  });

  it('when both are already in one cluster, then no link changes', () => {
    const join = joinClusters(q(12, 11), q(13, 11));
    expect(join).toEqual({ root: 11, replaced: [12] });
    expect(relinks(join, [q(12, 11)], 12)).toEqual([]);
  });

  it('when the kept quote was linked to the folded one, then it becomes the root and loses the link', () => {
    const join = joinClusters(q(20), q(21, 20));
    expect(join).toEqual({ root: 21, replaced: [20] });
    expect(relinks(join, [q(20), q(21, 20), q(22, 20)], 20)).toEqual([
      { id: 21, before: 20, after: null },
      { id: 22, before: 20, after: 21 },
    ]);
  });
});
