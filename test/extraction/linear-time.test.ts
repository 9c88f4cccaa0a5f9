import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';

/**
 * Inputs that once made the extractor quadratic (a 120k-character run of `" 'a’` took 100 s).
 * Each family is repeated to the wanted length, so every size has the same shape.
 */
const FAMILIES: Record<string, (chars: number) => string> = {
  'unclosed single and double marks': (n) => repeatTo(`" 'a’`, n),
  'a run of exclamation marks': (n) => '!'.repeat(n),
  'a run of question marks': (n) => '?'.repeat(n),
  'a run of periods': (n) => '.'.repeat(n),
  'abbreviations that never end a sentence': (n) => repeatTo('Mr. ', n),
  'opening marks that never close': (n) => repeatTo('“a ', n),
  'reported speech with no end': (n) => repeatTo('He said that ', n),
  'many distinct speakers': (n) => {
    let text = '';
    for (let i = 0; text.length < n; i++) text += `“We act now,” said Alex${i.toString(36)} Moor${(i * 7919).toString(36)}. He added: “Soon.” `;
    return text.slice(0, n);
  },
};

function repeatTo(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** Median of a few runs, so one slow moment on a shared machine does not decide. */
function medianMs(text: string, runs: number): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    extractQuotes(text);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

/** Below this, a time is noise: the ratio is taken against at least this much. */
const FLOOR_MS = 50;
/** 4× the text may take at most this many times as long (linear is 4, quadratic 16; the margin absorbs a busy machine). */
const MAX_GROWTH = 8;
/** The largest input of every family: the slowest family takes ~1.5 s alone and up to ~7.5 s on a loaded 2-core machine; the quadratic versions took 50–130 s. */
const MAX_160K_MS = 15_000;

describe('extraction time grows linearly with the text', () => {
  for (const [name, make] of Object.entries(FAMILIES)) {
    it(`when the text is ${name}, then 160k characters take at most ~4× as long as 40k`, () => {
      medianMs(make(10_000), 1); // warm-up: compiled code, not the first call, is measured
      const t40 = medianMs(make(40_000), 5);
      const t160 = medianMs(make(160_000), 3);
      expect(t160 / Math.max(t40, FLOOR_MS), `40k: ${t40.toFixed(0)} ms, 160k: ${t160.toFixed(0)} ms`).toBeLessThanOrEqual(MAX_GROWTH);
      expect(t160).toBeLessThan(MAX_160K_MS);
    }, 120_000);
  }
});
