import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_DIRECTORY } from '../../src/bootstrap.ts';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';
import { formatScore, sameSpeaker, score, type GoldItem } from './score.ts';

interface GoldFile {
  document: { file: string };
  attributions: (GoldItem & { text: string })[];
}

const gold = JSON.parse(readFileSync(path.join(SEED_DIRECTORY, 'seoul-2025-05-08-victory-day.gold.json'), 'utf8')) as GoldFile;
const text = readFileSync(path.join(SEED_DIRECTORY, gold.document.file), 'utf8');
const { quotes } = extractQuotes(text);

describe('extractor against the seed article gold annotation', () => {
  it.each(gold.attributions.filter((a) => !a.optional).map((a) => [a.text.slice(0, 50), a] as const))(
    'finds %s… with the right kind, span and speaker',
    (_label, a) => {
      const found = quotes.find((q) => q.start === a.start && q.end === a.end);
      expect(found, `no quote at ${a.start}–${a.end}`).toBeDefined();
      expect(found?.kind).toBe(a.kind);
      expect(sameSpeaker(found?.speaker.name ?? '', a.speaker)).toBe(true);
    },
  );

  it('measures precision, recall and F1 for direct+partial and for indirect, and prints them', () => {
    const quoted = score(gold.attributions, quotes, 'quoted');
    const indirect = score(gold.attributions, quotes, 'indirect');
    console.log(`seed gold (${gold.document.file})\n${formatScore('direct+partial', quoted)}\n${formatScore('indirect', indirect)}`);
    expect(quoted.f1).toBeGreaterThanOrEqual(0.9);
    expect(indirect.f1).toBeGreaterThanOrEqual(0.9);
    expect(quoted.speakerAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(quoted.kindAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('gives offsets that slice the input to the quote text, with no quotation marks inside the ends', () => {
    for (const q of quotes) {
      expect(text.slice(q.start, q.end)).toBe(q.text);
      expect(q.text).not.toMatch(/^[“”"«»]|[“”"«»]$/u);
      if (q.speaker.mention) expect(text.slice(q.speaker.mention.start, q.speaker.mention.end)).toBe(q.speaker.mention.text);
      if (q.cue) expect(text.slice(q.cue.start, q.cue.end)).toBe(q.cue.text);
    }
  });
});
