import { rmSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { prepareLshIndexFile } from '../../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { startTsWorker } from '../../src/workers/ts-worker.ts';

/**
 * Fills the verify index of a bulk load (the database's `.lsh` file, see
 * src/storage/sqlite/verify-index/lsh-index.store.ts) on the second core. The loader hands over each
 * quote's normalized text and hash; a worker thread hashes them and writes
 * the index file while the loader fills the corpus file (BENCHMARKS.md,
 * "Corpus and bulk load"). The file is then the one the server uses.
 */
export interface LshWorkerData {
  file: string;
}

export interface LshBatch {
  ids: number[];
  texts: string[];
  hashes: string[];
}

export interface LshWorkerDone {
  hashMs: number;
  insertMs: number;
  /** Merging the index into one segment. */
  indexMs: number;
}

/** Quotes per message: large enough that posting costs little, small enough to keep the worker busy. */
const BATCH = 4_000;

const emptyBatch = (): LshBatch => ({ ids: [], texts: [], hashes: [] });

export class LshBuilder {
  private readonly worker: Worker;
  private readonly done: Promise<LshWorkerDone>;
  private batch = emptyBatch();

  /** `file`: the index file to write, made anew. */
  constructor(file: string) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    prepareLshIndexFile(file);
    const workerData: LshWorkerData = { file };
    this.worker = startTsWorker(new URL('./lsh-worker.ts', import.meta.url), { workerData });
    this.done = new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`LSH worker exited with code ${code}`)));
    });
  }

  add(quoteId: number, normalizedText: string, normalizedHash: string): void {
    this.batch.ids.push(quoteId);
    this.batch.texts.push(normalizedText);
    this.batch.hashes.push(normalizedHash);
    if (this.batch.ids.length >= BATCH) this.flush();
  }

  /** Ends the input; the worker indexes what is left, then merges its index and closes its file. */
  end(): void {
    this.flush();
    this.worker.postMessage('end');
  }

  /** Waits for the worker to finish the file. */
  finished(): Promise<LshWorkerDone> {
    return this.done;
  }

  private flush(): void {
    if (this.batch.ids.length === 0) return;
    this.worker.postMessage(this.batch);
    this.batch = emptyBatch();
  }
}
