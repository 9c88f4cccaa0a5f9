import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';
import { DEV_SET } from './dev-set.ts';

describe('extractor on the development set', () => {
  it.each(DEV_SET.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { quotes } = extractQuotes(c.text);
    const got = quotes.map((q) => ({
      text: q.text,
      kind: q.kind,
      speaker: q.speaker.name,
      mention: q.speaker.mention?.text ?? null,
    }));
    const expected = c.quotes.map((q) => ({ ...q, mention: q.mention === undefined ? expect.anything() : q.mention }));
    expect(got).toEqual(expected);
    for (const q of quotes) expect(c.text.slice(q.start, q.end)).toBe(q.text);
  });
});
