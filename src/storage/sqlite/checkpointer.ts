import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * The thread's whole program, plain CommonJS (no TypeScript loader to start):
 * its own connection runs a PASSIVE checkpoint every `intervalMs`, which
 * copies what the WAL holds into the database file without ever blocking the
 * writer or the readers. A checkpoint that finds another one running
 * (SQLITE_BUSY) is skipped: the next one catches up.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
db.pragma('synchronous = NORMAL');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the WAL on a thread of its own. SQLite's automatic checkpoint
 * runs inside the COMMIT that crosses the threshold, on the thread that
 * writes: on the ingest path about a fifth of the commit time, on the thread
 * that is the bottleneck (BENCHMARKS.md, "Ingest"). With this thread
 * checkpointing first, the writer's own automatic checkpoint (still set, see
 * database.ts) finds little or nothing left to copy; it remains the fallback
 * if this thread stops.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(databasePath: string, intervalMs: number) {
    this.worker = new Worker(PROGRAM, { eval: true, workerData: { driver: DRIVER, path: databasePath, intervalMs } });
    // Never what keeps the process alive.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // A failure to open or checkpoint ends the thread; the writer's automatic checkpoint carries on alone.
    this.worker.on('error', () => undefined);
  }

  /** Stops the thread and closes its connection. */
  async stop(): Promise<void> {
    // Kept alive until it has closed its connection: unref'd, the process could end while it closes.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
