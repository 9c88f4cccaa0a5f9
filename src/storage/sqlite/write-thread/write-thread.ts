import type { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { Actor } from '../../../domain/actor.ts';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../domain/errors.ts';
import { startTsWorker } from '../../../workers/ts-worker.ts';
import type { AfterCommit, LongWrite, WriteRequest, WriteResponse } from './long-write.ts';
import type { WriteWorkerData } from './write.worker.ts';

interface Pending {
  resolve: (answer: { value: unknown; after: AfterCommit }) => void;
  reject: (error: unknown) => void;
}

/**
 * A thread with a write connection of its own, for the writes that re-file thousands of quotes
 * (docs/decisions/0025): run there, their statements, FTS5's segment merges and their COMMIT never hold
 * the serving thread, which only waits for the answer. The caller holds the process's write lock for the
 * whole call (long-writes.ts), so no other write of this process uses a connection meanwhile; readers see
 * the state before the write until it commits, as with any write.
 *
 * Started by a server (`start`); until the thread has said it is ready, and if it fails, `available` is
 * false and the writes run on the serving thread as before.
 */
export class WriteThread {
  private worker: Worker | null = null;
  private ready = false;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Writes the thread answered, since the start: for tests. */
  offThread = 0;

  constructor(
    private readonly data: WriteWorkerData,
    private readonly workerModule: URL = new URL('./write.worker.ts', import.meta.url),
  ) {}

  start(): void {
    if (this.worker !== null || this.failed) return;
    const worker = startTsWorker(this.workerModule, { workerData: this.data });
    worker.on('message', (response: WriteResponse) => this.onResponse(response));
    worker.on('error', () => worker === this.worker && this.fail(worker));
    worker.on('exit', () => worker === this.worker && this.fail(worker));
    worker.unref();
    this.worker = worker;
  }

  /** Whether a write sent now runs on the thread. */
  get available(): boolean {
    return this.ready && this.worker !== null;
  }

  /** Runs `write` on the thread, on behalf of `actor`; the caller holds the write lock. */
  run(write: LongWrite, actor: Actor): Promise<{ value: unknown; after: AfterCommit }> {
    const worker = this.worker;
    if (worker === null || !this.ready) return Promise.reject(new Error('The write thread is not running.'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, write, actor } satisfies WriteRequest);
    });
  }

  /** Stops the thread (the write lock is settled first, so no write is in flight), after it closed its connection. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    if (worker === null) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref();
    worker.postMessage('stop');
    await exited;
  }

  private onResponse(response: WriteResponse): void {
    if ('ready' in response) {
      this.ready = true;
      return;
    }
    const pending = this.pending.get(response.id);
    if (pending === undefined) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker?.unref();
    this.offThread++;
    if (response.ok) pending.resolve({ value: response.value, after: response.after });
    else pending.reject(asError(response.error));
  }

  /**
   * The thread ended: the writes it had not answered fail as a busy database does (503: their transaction went with
   * its connection, and the retry succeeds), later ones run on the serving thread.
   */
  private fail(worker: Worker): void {
    if (worker !== this.worker) return;
    this.worker = null;
    this.ready = false;
    this.failed = true;
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) p.reject(new AppError('database_busy', 'The write thread stopped during this write, which was rolled back; retry shortly.'));
  }
}

/** An error of the thread as the serving thread would have had it: the same AppError (busy, full, conflicts), SQLite's with its code. */
function asError(error: { name: string; message: string; code: string | undefined; details: Record<string, unknown> | undefined }): Error {
  if (error.name === 'AppError' && error.code !== undefined && error.code in ERROR_CODES) return new AppError(error.code as ErrorCode, error.message, error.details);
  if (error.name === 'SqliteError' && error.code !== undefined) return new BetterSqlite3.SqliteError(error.message, error.code);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}
