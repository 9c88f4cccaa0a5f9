import { performance } from 'node:perf_hooks';
import { cursorCodec } from '../src/services/cursor.ts';
import { startDump } from '../src/services/archive.service.ts';
import { startExport } from '../src/services/export.service.ts';
import { createStorage } from '../src/storage/index.ts';
import type { Suite } from './suite.ts';

/**
 * Streaming every match of a search (`GET /v1/quotes/export`, `whosaid export`) and the whole database
 * (`export --all`) from the corpus, as a client that takes each chunk at once would: rows/s, bytes, and the
 * heap's growth over the run (sampled every 50,000 rows: an export holds one page, so it stays flat).
 */
export const exportSuite: Suite = {
  name: 'export',
  description: 'CSV/NDJSON export of every match, and the full dump: rows/s and heap growth',
  async run({ db }) {
    const storage = await createStorage({ databasePath: db, databaseUrl: `file:${db}` }, { prepared: true });
    const rows: Record<string, string | number | null>[] = [];
    const publisher = { name: 'bench', url: 'https://bench.example' };
    const measure = async (name: string, chunks: AsyncIterable<string>, count: () => number) => {
      const heap0 = process.memoryUsage().heapUsed;
      let peak = heap0;
      let bytes = 0;
      let nextSample = 50_000;
      const started = performance.now();
      for await (const chunk of chunks) {
        bytes += chunk.length;
        if (count() >= nextSample) {
          peak = Math.max(peak, process.memoryUsage().heapUsed);
          nextSample += 50_000;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      rows.push({ export: name, rows: count(), 'MB written': Math.round(bytes / 1e5) / 10, seconds: Math.round(seconds * 10) / 10, 'rows/s': Math.round(count() / seconds), 'heap growth MB': Math.round((peak - heap0) / 1e5) / 10 });
    };
    try {
      const repos = { ...storage.repos, cursors: cursorCodec('b'.repeat(43)) };
      for (const [name, filters] of [['all quotes, ndjson', {}], ['q=minister, csv', { q: 'minister' }]] as const) {
        const job = await startExport(repos, filters, { format: name.endsWith('csv') ? 'csv' : 'ndjson', bom: false, publisher });
        await measure(name, job.chunks, () => job.rows());
      }
      const dump = startDump(storage.repos, publisher);
      await measure('export --all (dump)', dump.chunks, () => {
        const c = dump.counts();
        return c.documents + c.speakers + c.quotes;
      });
    } finally {
      await storage.close();
    }
    return { name: 'export', rows, notes: ['Heap growth: the largest heap sampled during the run less the heap at its start (no forced collection).'] };
  },
};
