import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqlConnection } from './database.ts';

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/** How often the thread copies what the WAL holds into the database file. */
export const CHECKPOINT_INTERVAL_MS = 2_000;

/**
 * The writer's own automatic checkpoint, in WAL pages, when the thread is not running (it failed to
 * start or stopped): ~40 MB (docs/decisions/0012).
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The thread's whole program, plain CommonJS (no TypeScript loader to start): its own connection runs
 * a PASSIVE checkpoint every `intervalMs`, which copies what the WAL holds into the database file
 * without blocking the writer or the readers (one that finds another checkpoint running is skipped:
 * the next catches up).
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
// Background work: on Linux this sets this thread's priority only, so that the serving thread comes first for a core.
try {
  require('node:os').setPriority(10);
} catch {}
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
db.pragma('synchronous = NORMAL');
// This connection never checkpoints on its own: it does nothing else.
db.pragma('wal_autocheckpoint = 0');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the WAL on a thread of its own (docs/decisions/0023). SQLite's automatic checkpoint
 * runs inside the COMMIT that finds the WAL past its threshold, on the thread that writes, which is
 * the thread serving requests: it copies every page changed since the last one into the file and
 * syncs it, and while a reader keeps the WAL from starting over (the verify index's thread, a
 * long read) it runs at every commit. Measured at 50k quotes during an upload of 5,000 quotations:
 * COMMITs of 100–380 ms. With this thread the writer's own automatic checkpoint is off; it is
 * switched back on (FALLBACK_AUTOCHECKPOINT_PAGES) if the thread cannot start or stops.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly databasePath: string,
    private readonly writer: SqlConnection,
    private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {}

  /** Starts the thread, once: at the first commit (a process that only reads never needs it). */
  start(): void {
    if (this.worker !== null || this.stopping) return;
    const writer = this.writer;
    let worker: Worker;
    try {
      worker = new Worker(PROGRAM, { eval: true, workerData: { driver: DRIVER, path: this.databasePath, intervalMs: this.intervalMs } });
    } catch {
      // No thread to be had (the process is at its limit of threads): the writer keeps checkpointing on its own,
      // and the commit that called this, already durable, is not reported as failed. Not tried again.
      this.stopping = true;
      return;
    }
    writer.pragma('wal_autocheckpoint = 0');
    this.worker = worker;
    // Never what keeps the process alive.
    worker.unref();
    worker.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        // The thread failed: the writer checkpoints again, as it did without it.
        if (!this.stopping && writer.open) writer.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
        resolve();
      }),
    );
  }

  /** Stops the thread after a last checkpoint, and closes its connection: before the writer closes. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.worker === null) return;
    // Kept alive until it has closed its connection: unref'd, the process could end while it closes.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
