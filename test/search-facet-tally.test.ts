import { describe, expect, it } from 'vitest';
import { tally, type Counted, type SampleRow } from '../src/storage/sqlite/search/facet-tally.ts';

/** Values and counts in order of first appearance (the examples are checked separately). */
const counts = <K>(counted: Counted<K>[] | undefined) => counted?.map(({ value, count }) => [value, count]);

describe('facet tally over index tags', () => {
  // Newest first, as the facet statement returns them; tags written as TAGS_SQL writes them.
  const rows: SampleRow[] = [
    [30, 'sp12 kidirect ou6162,ou6364 la656e or3,or45', '2024'],
    [20, 'sp7 kiindirect ou6364 la656e,la6672 ', '2023'],
    [10, 'sp12 kidirect  la656e or45', null],
  ];

  it('counts speakers and organisations by id, kinds by name, outlets by token, years as filed', () => {
    const t = tally(rows, ['speaker', 'organization', 'outlet', 'kind', 'year']);
    expect(counts(t.speaker)).toEqual([[12, 2], [7, 1]]);
    expect(counts(t.organization)).toEqual([[3, 1], [45, 2]]);
    expect(counts(t.outlet)).toEqual([['ou6162', 1], ['ou6364', 2]]);
    expect(counts(t.kind)).toEqual([['direct', 2], ['indirect', 1]]);
    expect(counts(t.year)).toEqual([['2024', 1], ['2023', 1]]);
    // An outlet is spelled as printed in the newest quote holding it.
    expect(t.outlet?.map((c) => c.example)).toEqual([30, 30]);
  });

  it('counts only the facets asked for', () => {
    const t = tally(rows, ['kind']);
    expect(Object.keys(t)).toEqual(['kind']);
  });

  it('keeps apart tokens whose hashes collide', () => {
    // "Aa" and "BB" have the same 31-based hash: the second is compared with the first, found different, counted by string.
    const t = tally(
      [
        [3, 'sp1 kiAa ouAa', null],
        [2, 'sp1 kiBB ouBB', null],
        [1, 'sp1 kiBB ouAa,ouBB', null],
      ],
      ['outlet', 'kind'],
    );
    expect(counts(t.outlet)).toEqual([['ouAa', 2], ['ouBB', 2]]);
    expect(counts(t.kind)).toEqual([['Aa', 1], ['BB', 2]]);
  });

  it('ignores tags that are only a prefix, and ids that are not all digits', () => {
    const t = tally([[1, 'sp ki ou or sp12x or7', null]], ['speaker', 'organization', 'outlet', 'kind']);
    expect(counts(t.speaker)).toEqual([]);
    expect(counts(t.organization)).toEqual([[7, 1]]);
    expect(counts(t.outlet)).toEqual([]);
    expect(counts(t.kind)).toEqual([]);
  });
});
