import type { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { startTsWorker } from '../../../workers/ts-worker.ts';
import type { ReadAnswer, ReadCall, ReadCalls } from './read-calls.ts';
import type { ReaderRequest, ReaderResponse, ReaderWorkerData } from './reader.worker.ts';

/** Where a read runs: `ReaderThread`, or the calling thread's connection in tests and tools. */
export interface ReadExecutor {
  run<C extends ReadCall>(call: C): Promise<ReadAnswer<C>>;
}

/** A thread without work stops after this long (it holds a connection, its page cache and a V8 heap). */
const IDLE_STOP_MS = 5 * 60_000;

/** The thread's heaps: rows pass through, nothing is kept but statements. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

interface Pending {
  call: ReadCall;
  resolve: (answer: unknown) => void;
  reject: (error: unknown) => void;
}

/** Reads done where, since the start: for tests and benchmarks. */
export interface ReaderStats {
  /** Calls answered by the thread. */
  offThread: number;
  /** Calls run on the calling thread because no thread could (it failed to start, or died). */
  inline: number;
  /** Threads started. */
  started: number;
}

/**
 * A thread with its own read-only connection, for the few statements that
 * would hold the serving thread too long (docs/decisions/0022): a full-text
 * statement over common words, a facet sample, a batch of word counts. The
 * repositories decide which (their planners estimate the cost first); every
 * other read stays on the serving thread's connection, which costs no hop.
 *
 * It reads what is committed, as the serving thread's read connection does
 * (both are readers of the same WAL file, neither is the writer): every
 * statement starts its own read transaction, so a write acknowledged before
 * the statement was sent is seen.
 *
 * Calls run one at a time in the order sent. The thread starts on first use,
 * keeps the process alive only while a call is pending, and stops after
 * `IDLE_STOP_MS` without one. If it cannot start or dies, the calls pending
 * and every later one run on the calling thread (`inline`): slower for the
 * event loop, never wrong.
 */
export class ReaderThread implements ReadExecutor {
  private worker: Worker | null = null;
  private failed = false;
  private closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | null = null;
  /** Started by `start()`: kept until close, never stopped for idleness. */
  private kept = false;
  /** Called when the last pending call is answered (close() waits for it). */
  private onDrained: (() => void) | null = null;
  private readonly idleStopMs: number;
  private readonly workerModule: URL;
  readonly stats: ReaderStats = { offThread: 0, inline: 0, started: 0 };

  /** `inline`: the calling thread's calls, for when there is no thread; `workerModule`: the thread's program (tests substitute one that fails). */
  constructor(
    private readonly data: ReaderWorkerData,
    private readonly inline: () => ReadCalls,
    options: { idleStopMs?: number; workerModule?: URL } = {},
  ) {
    this.idleStopMs = options.idleStopMs ?? IDLE_STOP_MS;
    this.workerModule = options.workerModule ?? new URL('./reader.worker.ts', import.meta.url);
  }

  /**
   * Starts the thread now and keeps it until `close()`: for a server, whose
   * first long read should not wait for a thread to start (~0.3 s idle, 2 s
   * on a loaded machine).
   */
  start(): void {
    if (this.closed) return;
    this.kept = true;
    this.clearIdleTimer();
    this.thread()?.unref();
  }

  /** Whether a thread is running now. */
  get threadRunning(): boolean {
    return this.worker !== null;
  }

  run<C extends ReadCall>(call: C): Promise<ReadAnswer<C>> {
    if (this.closed) return Promise.reject(new Error('The storage is closed.'));
    const worker = this.thread();
    if (worker === null) return this.runInline(call);
    return new Promise<ReadAnswer<C>>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { call, resolve: resolve as (answer: unknown) => void, reject });
      this.clearIdleTimer();
      worker.ref();
      worker.postMessage({ id, call } satisfies ReaderRequest);
    });
  }

  /** Lets the calls pending finish, then stops the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearIdleTimer();
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.onDrained = resolve));
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await this.stopThread(worker);
  }

  private runInline<C extends ReadCall>(call: C): Promise<ReadAnswer<C>> {
    this.stats.inline++;
    try {
      return Promise.resolve(this.inline().run(call));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The running thread, started if needed; null once one has failed. */
  private thread(): Worker | null {
    if (this.failed) return null;
    if (this.worker !== null) return this.worker;
    const worker = startTsWorker(this.workerModule, { workerData: this.data, resourceLimits: WORKER_LIMITS });
    worker.on('message', (response: ReaderResponse) => this.onResponse(worker, response));
    // Only the current thread's end is a failure; one stopped for idleness or by close() is no longer current.
    worker.on('error', () => worker === this.worker && this.fail());
    worker.on('exit', () => worker === this.worker && this.fail());
    this.worker = worker;
    this.stats.started++;
    return worker;
  }

  private onResponse(worker: Worker, response: ReaderResponse): void {
    if ('ready' in response) return;
    const pending = this.pending.get(response.id);
    if (pending === undefined) return;
    this.pending.delete(response.id);
    this.stats.offThread++;
    if (response.ok) pending.resolve(response.answer);
    else pending.reject(asError(response.error));
    if (this.pending.size === 0) this.onDrained?.();
    if (worker === this.worker && this.pending.size === 0) {
      worker.unref();
      this.clearIdleTimer();
      if (!this.closed && !this.kept) this.idleTimer = setTimeout(() => void this.stopIdle(worker), this.idleStopMs).unref();
    }
  }

  private async stopIdle(worker: Worker): Promise<void> {
    if (worker !== this.worker || this.pending.size > 0) return;
    this.worker = null;
    await this.stopThread(worker);
  }

  /** Ends a thread that has no call pending (it may still be starting): it only reads, so nothing is lost. */
  private async stopThread(worker: Worker): Promise<void> {
    await worker.terminate();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** The thread failed: the calls it had not answered, and every later one, run here. */
  private fail(): void {
    this.worker = null;
    this.failed = true;
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) this.runInline(p.call).then(p.resolve, p.reject);
    this.onDrained?.();
  }
}

/** An error of the thread as the calling thread would have had it (SQLite's errors keep their class and code). */
function asError(error: { name: string; message: string; code: string | undefined }): Error {
  if (error.name === 'SqliteError' && error.code !== undefined) return new BetterSqlite3.SqliteError(error.message, error.code);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}
