import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createStorage } from '../src/storage/index.ts';
import { inspectNdjson, readNdjson } from '../src/import/ndjson-input.ts';
import { runImport } from '../src/services/import-run.ts';
import { importerFor } from '../src/services/import-upload.service.ts';
import { QUOTEBANK_BATCH_CHARS, QUOTEBANK_BATCH_LINES } from '../src/services/quotebank-import.service.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../src/extraction/confidence.ts';
import { writeQuotebankFile } from './quotebank/generate.ts';
import type { Suite } from './suite.ts';

/**
 * `whosaid import quotebank` on generated files (bench/quotebank/generate.ts): each layout, plain and
 * gzip, into a new database each, through the services the CLI runs (read, decompress, parse, resolve
 * speakers, write in batches with the search index in step, checkpoint after each batch). The clock
 * starts after the schema is migrated and stops once the last checkpoint is saved; quotes/s counts the
 * quotations read (stored, or counted as skipped).
 */
export const quotebankSuite: Suite = {
  name: 'quotebank',
  description: 'Quotebank import (both layouts, plain and gzip), quotes per second',
  async run({ quick, log }) {
    const quotes = quick ? 20_000 : 200_000;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-quotebank-bench-'));
    const rows: Record<string, string | number | null>[] = [];
    try {
      for (const layout of ['quote', 'article'] as const) {
        for (const gzip of [false, true]) {
          const file = path.join(dir, `${layout}${gzip ? '.gz' : '.ndjson'}`);
          await writeQuotebankFile(file, { layout, quotes, gzip, ambiguousEvery: 20, noSpeakerEvery: 50, mismatchEvery: 100 });
          const db = path.join(dir, `${layout}-${gzip}.db`);
          const storage = await createStorage({ databasePath: db, databaseUrl: `file:${db}` });
          try {
            const input = await inspectNdjson(file);
            // What the CLI runs (`whosaid import quotebank`): the importer out of a server.
            const settings = { minSpeakerProbability: DEFAULT_REVIEW_THRESHOLD, reviewBelow: DEFAULT_REVIEW_THRESHOLD };
            const { batch, batchLines, batchChars } = importerFor('quotebank', storage.repos, settings, () => undefined, false);
            const started = performance.now();
            const totals = await runImport(storage.repos, { fileKey: input.key, path: file, format: 'quotebank' }, null, readNdjson(input).lines, batch, { batchLines, batchChars });
            const seconds = (performance.now() - started) / 1000;
            const stored = (totals.quotesCreated ?? 0) + (totals.quotesExisting ?? 0);
            rows.push({
              layout,
              compression: gzip ? 'gzip' : 'none',
              'file MB': Math.round(statSync(file).size / 1e5) / 10,
              quotations: quotes,
              'quotes stored': totals.quotesCreated ?? 0,
              seconds: Math.round(seconds * 10) / 10,
              'quotations/s': Math.round(quotes / seconds),
              'stored/s': Math.round(stored / seconds),
            });
            log(`  ${layout} ${gzip ? 'gzip' : 'plain'}: ${Math.round(quotes / seconds)} quotations/s`);
          } finally {
            await storage.close();
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return { name: 'quotebank', rows, notes: [
        `Each row a new database; batches as the CLI's: up to ${QUOTEBANK_BATCH_LINES.toLocaleString('en')} lines or ${QUOTEBANK_BATCH_CHARS.toLocaleString('en')} characters, one transaction of cited quotes and one of articles each.`,
      ] };
  },
};
