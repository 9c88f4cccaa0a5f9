/**
 * Extraction suite (issue 5: ≥ 1 MB/s per core): MB of article text per second
 * through extractQuotes on one core (this thread). Needs no corpus database.
 * The text is the seed article plus the development and evaluation texts,
 * repeated as separate documents until it reaches the wanted size.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractQuotes } from '../src/extraction/quote.extractor.ts';
import { DEV_SET } from '../test/extraction/dev-set.ts';
import { EVAL_ARTICLES } from '../test/extraction/eval-articles.ts';
import type { Suite } from './suite.ts';

const MB = 1024 * 1024;

function documents(targetBytes: number): { documents: string[]; bytes: number } {
  const seed = readFileSync(path.resolve(import.meta.dirname, '../seed/seoul-2025-05-08-victory-day.txt'), 'utf8');
  const sources = [seed, ...EVAL_ARTICLES.map((a) => a.text), DEV_SET.map((c) => c.text).join('\n')];
  const out: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const doc = sources[i % sources.length] ?? '';
    out.push(doc);
    bytes += Buffer.byteLength(doc, 'utf8');
  }
  return { documents: out, bytes };
}

export const extractSuite: Suite = {
  name: 'extract',
  description: 'Quote extraction throughput (MB/s on one core), in-process, no database',
  async run({ quick, log }) {
    const rounds = quick ? 3 : 7;
    const { documents: docs, bytes } = documents((quick ? 1 : 4) * MB);
    // Warm-up: let V8 optimise the hot paths before timing.
    for (const doc of docs.slice(0, 200)) extractQuotes(doc);
    const rates: number[] = [];
    let quotes = 0;
    for (let r = 0; r < rounds; r++) {
      quotes = 0;
      const t0 = performance.now();
      for (const doc of docs) quotes += extractQuotes(doc).quotes.length;
      rates.push(bytes / MB / ((performance.now() - t0) / 1000));
      log(`extract: round ${r + 1}/${rounds} ${(rates.at(-1) ?? 0).toFixed(2)} MB/s`);
    }
    rates.sort((a, b) => a - b);
    const round2 = (v: number | undefined) => Math.round((v ?? Number.NaN) * 100) / 100;
    return {
      name: 'extract',
      rows: [
        {
          'text MB': round2(bytes / MB),
          documents: docs.length,
          'quotes per round': quotes,
          rounds,
          'median MB/s': round2(rates[Math.floor(rates.length / 2)]),
          'min MB/s': round2(rates[0]),
          'max MB/s': round2(rates.at(-1)),
        },
      ],
      notes: ['one thread: MB/s here is per core; target ≥ 1 MB/s per core (issue 5)'],
    };
  },
};
