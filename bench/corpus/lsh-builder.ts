import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Fills the verification LSH index ("QuoteLshBucket") of a bulk load on the
 * second core. The loader hands over each quote's normalized text; a worker
 * thread hashes them and builds the table, sorted and indexed, in a side file;
 * the loader then copies it in with one `INSERT … SELECT *`, which SQLite runs
 * as a page-order transfer of the table and its index (no per-row work, no
 * re-sort: 1.9 s for 12M rows at 1M quotes, where building the quoteId index
 * in place alone took 13–15 s; BENCHMARKS.md, "Corpus and bulk load").
 */
export interface LshWorkerData {
  file: string;
  /** CREATE TABLE first, then its indexes, exactly as in the corpus database. */
  ddl: string[];
  capacity: number;
}

export interface LshBatch {
  ids: number[];
  texts: string[];
}

export interface LshWorkerDone {
  hashMs: number;
  insertMs: number;
  indexMs: number;
}

/**
 * The worker is TypeScript too, whatever started this process (tsx CLI or
 * vitest): it registers tsx's loader, then imports the module named in argv.
 */
const TSX_API = import.meta.resolve('tsx/esm/api');
const TS_WORKER = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(process.argv[2]); })`;

/** Quotes per message: large enough that posting costs little, small enough to keep the worker busy. */
const BATCH = 4_000;

export class LshBuilder {
  private readonly worker: Worker;
  private readonly done: Promise<LshWorkerDone>;
  private batch: LshBatch = { ids: [], texts: [] };

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly sideFile: string,
    capacity: number,
  ) {
    rmSync(sideFile, { force: true });
    const ddl = db
      .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = 'QuoteLshBucket' AND sql IS NOT NULL ORDER BY type = 'table' DESC, name`)
      .pluck()
      .all() as string[];
    if (db.prepare('SELECT 1 FROM QuoteLshBucket LIMIT 1').get() !== undefined) throw new Error('QuoteLshBucket must be empty.');
    const workerData: LshWorkerData = { file: sideFile, ddl, capacity };
    this.worker = new Worker(TS_WORKER, { eval: true, workerData, argv: [new URL('./lsh-worker.ts', import.meta.url).href] });
    this.done = new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`LSH worker exited with code ${code}`)));
    });
  }

  add(quoteId: number, normalizedText: string): void {
    this.batch.ids.push(quoteId);
    this.batch.texts.push(normalizedText);
    if (this.batch.ids.length >= BATCH) this.flush();
  }

  /** Ends the input; the worker hashes what is left, then writes its file. */
  end(): void {
    this.flush();
    this.worker.postMessage('end');
  }

  /**
   * Waits for the worker, then copies its table into the corpus. The transfer
   * optimisation needs foreign keys off on this connection, an empty target
   * and the same indexes on both sides (the target's were left in place).
   */
  async copyInto(): Promise<LshWorkerDone & { copyMs: number }> {
    const stats = await this.done;
    const t = performance.now();
    this.db.prepare('ATTACH DATABASE ? AS lsh').run(this.sideFile);
    this.db.exec('INSERT INTO main.QuoteLshBucket SELECT * FROM lsh.QuoteLshBucket');
    this.db.exec('DETACH DATABASE lsh');
    rmSync(this.sideFile, { force: true });
    return { ...stats, copyMs: performance.now() - t };
  }

  private flush(): void {
    if (this.batch.ids.length === 0) return;
    this.worker.postMessage(this.batch);
    this.batch = { ids: [], texts: [] };
  }
}
