import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';

/** Small seeded PRNG, so every run checks the same inputs (no flaky order- or time-dependent data). */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '“', '”', '"', "'", '‘', '’', '«', '»', '„', ' ', ' ', '\n', '\n\n', '.', ',', ':', ' said ', ' Smith ', 'He ', ' he said',
  ' according to ', ' the ministry ', 'Mr. ', ' told Reuters that ', 'John Smith', ', a professor at the X Institute,',
  ' did not rule out ', 'We will', ' — ', 'Kim', ' that ', '😀', 'é', 'A.', ' added', ' saying',
];

describe('extractor robustness', () => {
  it('never throws on mangled text and every offset slices the input to the reported text', () => {
    const random = mulberry32(20261127);
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const length = 1 + Math.floor(random() * 40);
      for (let k = 0; k < length; k++) text += PIECES[Math.floor(random() * PIECES.length)];
      for (const q of extractQuotes(text).quotes) {
        found++;
        expect(q.start).toBeLessThan(q.end);
        expect(text.slice(q.start, q.end)).toBe(q.text);
        if (q.speaker.mention) expect(text.slice(q.speaker.mention.start, q.speaker.mention.end)).toBe(q.speaker.mention.text);
        expect(q.confidence).toBeGreaterThan(0);
        expect(q.confidence).toBeLessThanOrEqual(1);
      }
    }
    // The generator does produce attributable quotes, so the checks above really ran.
    expect(found).toBeGreaterThan(100);
  });

  it('keeps a stray opening mark inside its paragraph', () => {
    const text = 'The mood was “tense all day.\n“We are ready,” said Ana Ruiz.\nLater she left.';
    const { quotes } = extractQuotes(text);
    expect(quotes.map((q) => [q.text, q.speaker.name])).toEqual([['We are ready', 'Ana Ruiz']]);
  });
});
