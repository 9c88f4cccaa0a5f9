import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../../workers/ts-worker.ts';
import { LshIndexStore, type LshChange, type LshRow } from './lsh-index.store.ts';
import type { LshRequest, LshResponse, LshWorkerData } from './lsh-index.worker.ts';

/** A thread without work stops after this long (it holds ~36 MB and a connection). */
const IDLE_STOP_MS = 30_000;

/** The thread's heaps: signing and writing keep little. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };

/**
 * Quotes waiting for the index beyond which an ingest waits for it before
 * returning, until no more wait: bounds the memory and the lag if the thread
 * falls behind, and lets a bulk import's next batch be written while the
 * thread indexes the one before. A batch leaves the backlog once all of it is
 * indexed, so the bound holds two of an import's batches (up to ~24,000 quotes
 * each): with less, the import would wait for the whole backlog after each.
 */
const MAX_BACKLOG = 50_000;

interface Waiter {
  seq: number;
  resolve: () => void;
}

/** What `reconcile()` did; `complete` false when it stopped on an error (the next one does the rest). */
export interface ReconcileReport {
  indexed: number;
  removed: number;
  complete: boolean;
}

/**
 * Keeps the verify index (lsh-index.store.ts) in step with the database from
 * a thread of its own, which signs the quotes (lshIndexDocument) and writes
 * the index's file. The ingest writer hands over the quotes of each committed
 * transaction (`add`) and goes on: the thread that holds the database's writer
 * neither signs nor writes this index (docs/benchmarks-history.md, "Ingest").
 *
 * The index lags the database by the changes in flight, milliseconds under
 * load: `settled()` waits for every change handed over so far, which the
 * verify service does before it reads the index, so a verification sees
 * every quote this process stored before it started (across processes — a
 * cluster's workers, a CLI beside the server — the index lags by the other
 * process's changes in flight). Changes are kept until the thread has
 * written them; if the thread cannot start or dies, they and all later ones
 * are written on the calling thread instead. A batch the thread cannot write
 * (another process holding the file past the busy timeout, three times) is
 * acknowledged and left to a reconciliation the thread then runs, so nothing
 * waits on it forever. A change lost with the process (a crash between the
 * database's commit and the index's) is restored by `reconcile()`, which
 * every server start runs. A row is only ever added for a quote the
 * database holds at that moment, so a delete by another process cannot be
 * undone by a late add.
 *
 * The thread starts on first use, keeps the process alive only while it has
 * work, and stops after `IDLE_STOP_MS` without any.
 */
export class LshIndexWriter {
  private worker: Worker | null = null;
  /** Set once a thread failed: from then on every change is written on the calling thread. */
  private failed = false;
  /** The calling thread's own connection to the file, opened when something has to be written here. */
  private inline: LshIndexStore | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Sequence number of the last change handed over. */
  private seq = 0;
  /** Changes handed to the thread and not yet done with, by sequence number. */
  private readonly unwritten = new Map<number, LshChange>();
  private backlog = 0;
  private waiters: Waiter[] = [];
  /** Callers of `caughtUp` waiting for the backlog to shrink to MAX_BACKLOG. */
  private behind: (() => void)[] = [];
  /** Whether the thread runs a reconciliation of its own (after giving up on a batch). */
  private threadReconciling = false;
  private readonly idleStopMs: number;
  private readonly workerModule: URL;

  /** `workerModule`: the thread's program (tests substitute one that fails). */
  constructor(
    private readonly indexPath: string,
    private readonly databasePath: string,
    options: { idleStopMs?: number; workerModule?: URL } = {},
  ) {
    this.idleStopMs = options.idleStopMs ?? IDLE_STOP_MS;
    this.workerModule = options.workerModule ?? new URL('./lsh-index.worker.ts', import.meta.url);
  }

  /** Whether a thread is running now (false once idle-stopped, or failed and writing inline). */
  get threadRunning(): boolean {
    return this.worker !== null;
  }

  /** Indexes stored quotes (again: a quote indexed from the same words is left as it is; one deleted meanwhile is skipped). */
  add(rows: readonly LshRow[]): void {
    if (rows.length > 0) this.submit({ add: [...rows] }, rows.length);
  }

  /** Removes deleted quotes from the index. */
  remove(ids: readonly number[]): void {
    if (ids.length > 0) this.submit({ remove: [...ids] }, ids.length);
  }

  /** Resolves once every change handed over so far is done with. */
  settled(): Promise<void> {
    if (this.unwritten.size === 0) return Promise.resolve();
    const seq = this.seq;
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /**
   * Resolves at once, or, if more than MAX_BACKLOG quotes wait for the index, once no more do: a writer
   * far ahead of the thread waits for it, without leaving it idle (as waiting for all would).
   */
  caughtUp(): Promise<void> {
    if (this.backlog <= MAX_BACKLOG) return Promise.resolve();
    return new Promise((resolve) => this.behind.push(resolve));
  }

  /**
   * Brings the index in line with the database: rows of deleted quotes
   * removed, quotes without a row indexed (all of them for a new or lost
   * file). Runs on the calling thread: it is meant for a server's start,
   * before it serves (0.8–1.0 s at 1M quotes when nothing is missing), and a
   * server that only reads then never starts the thread (~40 MB).
   */
  async reconcile(): Promise<ReconcileReport> {
    // Changes handed over before it are written first, so it sees them.
    if (!this.closed) await this.settled();
    if (this.closed) return { indexed: 0, removed: 0, complete: false };
    return this.reconcileInline();
  }

  /** Writes what is pending, then closes the index's connection and stops the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearIdleTimer();
    const worker = this.worker;
    this.worker = null;
    // A reconciliation the thread runs of its own is cut short: the next server start's does the rest.
    if (worker !== null) await this.stopThread(worker);
    this.inline?.close();
    this.inline = null;
  }

  private submit(change: LshChange, size: number): void {
    // After close(), the next start's reconciliation does what is left.
    if (this.closed) return;
    const worker = this.thread();
    if (worker === null) {
      this.writeInline([change]);
      return;
    }
    const seq = ++this.seq;
    this.unwritten.set(seq, change);
    this.backlog += size;
    this.post(worker, { kind: 'changes', seq, changes: [change] });
  }

  private post(worker: Worker, request: LshRequest): void {
    this.clearIdleTimer();
    worker.ref();
    worker.postMessage(request);
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** The running thread, started if needed; null once one has failed (then everything is written inline). */
  private thread(): Worker | null {
    if (this.failed) return null;
    if (this.worker !== null) return this.worker;
    const workerData: LshWorkerData = { indexPath: this.indexPath, databasePath: this.databasePath };
    const worker = startTsWorker(this.workerModule, { workerData, resourceLimits: WORKER_LIMITS });
    worker.on('message', (response: LshResponse) => this.onResponse(worker, response));
    // Only the current thread's end is a failure; one stopped for idleness or by close() is no longer current.
    worker.on('error', () => worker === this.worker && this.fail());
    worker.on('exit', () => worker === this.worker && this.fail());
    this.worker = worker;
    return worker;
  }

  private onResponse(worker: Worker, response: LshResponse): void {
    if (response.kind === 'applied') this.written(response.seq);
    if (response.kind === 'reconciling') this.threadReconciling = response.active;
    if (worker === this.worker && this.unwritten.size === 0 && !this.threadReconciling) {
      worker.unref();
      this.clearIdleTimer();
      if (!this.closed) this.idleTimer = setTimeout(() => void this.stopIdle(worker), this.idleStopMs).unref();
    }
  }

  /** Changes up to `seq` are done with. */
  private written(seq: number): void {
    for (const [s, change] of this.unwritten) {
      if (s > seq) break;
      this.backlog -= 'add' in change ? change.add.length : change.remove.length;
      this.unwritten.delete(s);
    }
    const ready = this.waiters.filter((w) => w.seq <= seq);
    this.waiters = this.waiters.filter((w) => w.seq > seq);
    for (const w of ready) w.resolve();
    if (this.backlog <= MAX_BACKLOG && this.behind.length > 0) {
      const behind = this.behind;
      this.behind = [];
      for (const resolve of behind) resolve();
    }
  }

  private async stopIdle(worker: Worker): Promise<void> {
    if (worker !== this.worker || this.unwritten.size > 0 || this.threadReconciling) return;
    this.worker = null;
    await this.stopThread(worker);
  }

  /**
   * Asks a thread that is no longer current to write what it has and close
   * its connection; waits for it to end. If it failed instead, what it had
   * not written is written here.
   */
  private async stopThread(worker: Worker): Promise<void> {
    // Everything handed over so far went to this thread; later changes go to the next one.
    const through = this.seq;
    const exitCode = new Promise<number>((resolve) => worker.once('exit', resolve));
    worker.ref();
    worker.postMessage({ kind: 'close' } satisfies LshRequest);
    if ((await exitCode) !== 0) {
      const left = [...this.unwritten].filter(([seq]) => seq <= through).map(([, change]) => change);
      if (left.length > 0) this.writeInline(left);
    }
    this.written(through);
  }

  /** The thread failed: what it had not written, and everything after, is written here. */
  private fail(): void {
    this.worker = null;
    this.failed = true;
    this.writeInline([...this.unwritten.values()]);
    this.written(this.seq);
  }

  /**
   * Writes on the calling thread. Never throws: the caller's quotes are
   * committed; an index write that fails here is redone by the next
   * reconciliation (every server start runs one).
   */
  private writeInline(changes: readonly LshChange[]): void {
    if (changes.length === 0) return;
    try {
      this.inline ??= new LshIndexStore(this.indexPath, this.databasePath);
      this.inline.apply(changes);
    } catch {
      // See above.
    }
  }

  /** A whole reconciliation on the calling thread, from the start; never throws (what it did so far is reported). */
  private reconcileInline(): ReconcileReport {
    const report = { indexed: 0, removed: 0, complete: false };
    try {
      this.inline ??= new LshIndexStore(this.indexPath, this.databasePath);
      this.inline.restartReconcile();
      for (let done = false; !done; ) {
        const step = this.inline.reconcileStep();
        report.indexed += step.indexed;
        report.removed += step.removed;
        done = step.done;
      }
      report.complete = true;
    } catch {
      // Left to the next one.
    } finally {
      // Not kept for a server that only reads; a failed thread's fallback keeps it.
      if (!this.failed) {
        this.inline?.close();
        this.inline = null;
      }
    }
    return report;
  }
}
