/**
 * Extraction throughput: MB of article text per second on one core.
 * Run: npx tsx bench/extract.bench.ts [--mb 4] [--rounds 5]
 * The corpus is the seed article plus the development and evaluation texts,
 * repeated as separate documents until it reaches the requested size.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractQuotes } from '../src/extraction/quote.extractor.ts';
import { DEV_SET } from '../test/extraction/dev-set.ts';
import { EVAL_ARTICLES } from '../test/extraction/eval-articles.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? NaN : Number(process.argv[i + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const targetBytes = arg('mb', 4) * 1024 * 1024;
const rounds = arg('rounds', 5);
const seed = readFileSync(path.resolve(import.meta.dirname, '../seed/seoul-2025-05-08-victory-day.txt'), 'utf8');
const sources = [seed, ...EVAL_ARTICLES.map((a) => a.text), DEV_SET.map((c) => c.text).join('\n')];
const documents: string[] = [];
let bytes = 0;
for (let i = 0; bytes < targetBytes; i++) {
  const doc = sources[i % sources.length] ?? '';
  documents.push(doc);
  bytes += Buffer.byteLength(doc, 'utf8');
}

// Warm-up: let V8 optimise the hot paths before timing.
for (const doc of documents.slice(0, 200)) extractQuotes(doc);

const rates: number[] = [];
let quotes = 0;
for (let r = 0; r < rounds; r++) {
  quotes = 0;
  const t0 = performance.now();
  for (const doc of documents) quotes += extractQuotes(doc).quotes.length;
  const seconds = (performance.now() - t0) / 1000;
  rates.push(bytes / 1024 / 1024 / seconds);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] ?? 0;
const result = {
  benchmark: 'extract',
  date: new Date().toISOString(),
  machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}`,
  corpusMB: Number((bytes / 1024 / 1024).toFixed(2)),
  documents: documents.length,
  quotesPerRound: quotes,
  rounds,
  mbPerSecondPerCore: { median: Number(median.toFixed(2)), min: Number((rates[0] ?? 0).toFixed(2)), max: Number((rates[rates.length - 1] ?? 0).toFixed(2)) },
};
console.log(JSON.stringify(result, null, 2));
