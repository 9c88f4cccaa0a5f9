import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { startTsWorker } from '../../src/workers/ts-worker.ts';

/**
 * Fills the verification LSH index (the FTS5 table "quote_lsh") of a bulk load
 * on the second core. The loader hands over each quote's normalized text; a
 * worker thread hashes them and builds the same FTS5 table in a side file; the
 * loader then copies its shadow tables (where FTS5 keeps all of an index: the
 * virtual table holds nothing) into the corpus's, each with one
 * `INSERT … SELECT *`, which SQLite runs as a page-order transfer. The
 * corpus's table is created by the migrations and untouched until then, so
 * its connection has nothing of it cached (BENCHMARKS.md, "Corpus and bulk load").
 */
export interface LshWorkerData {
  file: string;
  /** CREATE VIRTUAL TABLE of quote_lsh, exactly as in the corpus database. */
  ddl: string;
}

export interface LshBatch {
  ids: number[];
  texts: string[];
}

export interface LshWorkerDone {
  hashMs: number;
  insertMs: number;
  /** Merging the index into one segment. */
  indexMs: number;
}

/** Quotes per message: large enough that posting costs little, small enough to keep the worker busy. */
const BATCH = 4_000;

/** FTS5's shadow tables of a contentless table with a docsize table (contentless_delete=1 keeps it). */
const SHADOW_TABLES = ['quote_lsh_data', 'quote_lsh_idx', 'quote_lsh_docsize', 'quote_lsh_config'] as const;

export class LshBuilder {
  private readonly worker: Worker;
  private readonly done: Promise<LshWorkerDone>;
  private batch: LshBatch = { ids: [], texts: [] };

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly sideFile: string,
  ) {
    rmSync(sideFile, { force: true });
    const ddl = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'quote_lsh'`).pluck().get() as string | undefined;
    if (ddl === undefined) throw new Error('quote_lsh is missing: is the database migrated?');
    if (db.prepare('SELECT 1 FROM quote_lsh_docsize LIMIT 1').get() !== undefined) throw new Error('quote_lsh must be empty.');
    const workerData: LshWorkerData = { file: sideFile, ddl };
    this.worker = startTsWorker(new URL('./lsh-worker.ts', import.meta.url), { workerData });
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

  /** Ends the input; the worker indexes what is left, then merges its index and closes its file. */
  end(): void {
    this.flush();
    this.worker.postMessage('end');
  }

  /**
   * Waits for the worker, then replaces the corpus's (empty) index with its
   * own, shadow table by shadow table, in one transaction. The transfer
   * optimisation needs an empty target with the same schema: both come from
   * the same CREATE VIRTUAL TABLE.
   */
  async copyInto(): Promise<LshWorkerDone & { copyMs: number }> {
    const stats = await this.done;
    const t = performance.now();
    this.db.prepare('ATTACH DATABASE ? AS lsh').run(this.sideFile);
    // better-sqlite3 opens connections in SQLite's defensive mode, which makes shadow tables read-only;
    // lifted for this copy only (the application never writes them directly).
    this.db.unsafeMode(true);
    try {
      this.db.transaction(() => {
        for (const table of SHADOW_TABLES) {
          this.db.exec(`DELETE FROM main."${table}"`);
          this.db.exec(`INSERT INTO main."${table}" SELECT * FROM lsh."${table}"`);
        }
      })();
    } finally {
      this.db.unsafeMode(false);
    }
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
