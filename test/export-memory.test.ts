import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../bench/corpus/generate.ts';
import { cursorCodec } from '../src/services/cursor.ts';
import { QUOTE_STATUSES } from '../src/domain/status.ts';
import { startExport } from '../src/services/export.service.ts';
import { MAX_RESULT_WINDOW } from '../src/services/search.service.ts';
import { createStorage, type Storage } from '../src/storage/index.ts';

/**
 * An export holds one page, never the result set: the heap, measured after a full collection every few
 * thousand rows, stays flat while the file grows by megabytes. Growth test on a generated corpus larger
 * than the search's paging window (which exports used to stop at).
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const QUOTES = 60_000;
const SAMPLE_EVERY = 5_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-export-memory-'));
let storage: Storage;

beforeAll(async () => {
  const file = path.join(dir, 'corpus.db');
  await buildCorpus({ quotes: QUOTES, db: file });
  storage = await createStorage({ databasePath: file, databaseUrl: `file:${file}` }, { prepared: true });
}, 120_000);
afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('export at scale', () => {
  it('when every quote of a large corpus is exported, then all come, once each, and the heap stays flat while the output grows', async () => {
    // Every status: the corpus has withdrawn and unreviewed quotes, which an export leaves out unless asked.
    const job = await startExport({ ...storage.repos, cursors: cursorCodec('x'.repeat(43)) }, { status: QUOTE_STATUSES }, { format: 'ndjson', bom: false, publisher: { name: 'p', url: 'https://p.example' } });
    const heap: number[] = [];
    let bytes = 0;
    let bytesAtFirstSample = 0;
    let nextSample = SAMPLE_EVERY;
    let lastId = Number.MAX_SAFE_INTEGER;
    let ordered = true;
    for await (const chunk of job.chunks) {
      bytes += Buffer.byteLength(chunk);
      // Rows come newest recorded first: ids strictly decrease, so none repeats and none is skipped (count below).
      for (const line of chunk.split('\n')) {
        if (line === '') continue;
        const id = (JSON.parse(line) as { id: number }).id;
        ordered &&= id < lastId;
        lastId = id;
      }
      if (job.rows() >= nextSample) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
        if (heap.length === 1) bytesAtFirstSample = bytes;
        nextSample += SAMPLE_EVERY;
      }
    }
    expect(job.rows()).toBe(QUOTES);
    expect(job.rows()).toBeGreaterThan(MAX_RESULT_WINDOW);
    expect(ordered).toBe(true);
    const written = bytes - bytesAtFirstSample;
    const growth = Math.max(...heap) - (heap[0] as number);
    // Holding the rows would grow the heap by more than the text written (JS strings, objects per row).
    expect(written).toBeGreaterThan(10 * 1024 * 1024);
    expect(growth).toBeLessThan(written / 5);
  }, 120_000);
});
