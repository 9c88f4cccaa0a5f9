import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SqlConnection } from './database.ts';
import type { WriteLock } from './write-lock.ts';

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/** How often the WAL is copied into the database file and started over at the latest (docs/decisions/0024). */
export const CHECKPOINT_INTERVAL_MS = 2_000;

/**
 * The writer's own automatic checkpoint, in WAL pages, when the thread is not running (it failed to
 * start or stopped): ~40 MB (docs/decisions/0012).
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * WAL frames (pages) after which a round starts at once, whatever the time: ~80 MB of 4 KiB pages, twice the
 * writer's own automatic checkpoint's threshold. Each round holds the writes for its restart (two `fsync`s
 * and the copy of what was committed during its passes), the same whatever the WAL's length; a lone caller
 * writing without a pause meets every one of them (docs/decisions/0024, "One caller").
 */
export const ROUND_AT_FRAMES = 2 * FALLBACK_AUTOCHECKPOINT_PAGES;

/**
 * Where the WAL-index (the `-shm` file SQLite maps beside a WAL database) holds the number of frames
 * in the WAL, `mxFrame`: a 32-bit integer in the machine's byte order, 16 bytes into its header
 * (https://sqlite.org/walformat.html, "The WAL-Index Header").
 */
const MX_FRAME_OFFSET = 16;

/**
 * How long the thread's restarting checkpoint waits for readers still reading from the WAL (its own
 * thread waits, and this process's writes: never the event loop). A reader past it keeps the WAL
 * growing until the next round.
 */
const RESTART_WAIT_MS = 100;

/**
 * The WAL's length is read after a commit at most this often: a lone caller commits every few hundred
 * microseconds, and the 10,000-frame threshold is then passed by a few hundred frames at most.
 */
const WAL_READ_EVERY_MS = 10;

/** Checkpoints beside the writes before the one that holds them, at most. */
const MAX_PASSES = 4;

/** WAL frames few enough to copy with the writes held (~1 MB of 4 KiB pages). */
const SMALL_REMAINDER_FRAMES = 256;

/** What a checkpoint reported: WAL frames, and frames copied into the database file (-1 and -1: it could not run). */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * The thread's whole program, plain CommonJS (no TypeScript loader to start): its own connection runs
 * the checkpoint it is asked for and answers with SQLite's report. PASSIVE copies what the WAL holds
 * into the database file beside the writer and the readers; RESTART also takes the WAL's write lock,
 * waits up to `restartWaitMs` for readers still using the WAL, and starts the WAL over.
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: workerData.restartWaitMs });
db.pragma('synchronous = NORMAL');
// This connection never checkpoints on its own: it does nothing else.
db.pragma('wal_autocheckpoint = 0');
const checkpoint = (mode) => {
  try {
    return db.pragma('wal_checkpoint(' + mode + ')')[0];
  } catch {
    return { busy: 1, log: -1, checkpointed: -1 };
  }
};
parentPort.on('message', (mode) => {
  if (mode !== 'stop') return parentPort.postMessage(checkpoint(mode));
  checkpoint('PASSIVE');
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the WAL on a thread of its own (docs/decisions/0023, 0024). SQLite's automatic
 * checkpoint runs inside the COMMIT that finds the WAL past its threshold, on the thread that writes,
 * which is the thread serving requests: measured at 50k quotes during an upload of 5,000 quotations,
 * COMMITs of 100–380 ms. With this thread the writer's own automatic checkpoint is off; it is switched
 * back on (FALLBACK_AUTOCHECKPOINT_PAGES) if the thread cannot start or stops.
 *
 * Every `intervalMs`, a round of two checkpoints on the thread:
 * 1. PASSIVE, beside the writes: copies the bulk of what the WAL holds.
 * 2. RESTART with this process's writes held at the write lock (the event loop runs on): copies the
 *    few frames committed during the first, and starts the WAL over. SQLite starts a WAL over only
 *    when a write begins after a checkpoint that copied every frame; under sustained writes a
 *    checkpoint beside them never catches up with the last commit, and the WAL grew through a whole
 *    ingest (to 327 MB for 50,000 quotes), every commit appending to a longer file.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  /** The thread has ended (failed, or stopped): nothing more is asked of it. */
  private ended = false;
  private timer: NodeJS.Timeout | null = null;
  /** The answer the thread owes, one at a time. */
  private answer: ((result: CheckpointResult | null) => void) | null = null;
  private round: Promise<void> = Promise.resolve();
  private roundRunning = false;
  /** The WAL-index file, open to read the WAL's length after each commit; null: not open (yet), -1: not readable. */
  private walIndex: number | null = null;
  private readonly frames = Buffer.alloc(4);
  /** The WAL's length at which the next round starts without waiting for the timer: ROUND_AT_FRAMES past where the last one left it. */
  private roundAtFrames = ROUND_AT_FRAMES;
  /** When the WAL's length is next read after a commit (performance.now()). */
  private nextWalRead = 0;

  constructor(
    private readonly databasePath: string,
    private readonly writer: SqlConnection,
    private readonly lock: WriteLock,
    private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {}

  /** Starts the thread, once: at the first commit (a process that only reads never needs it). */
  start(): void {
    if (this.worker !== null || this.stopping) return;
    const writer = this.writer;
    let worker: Worker;
    try {
      worker = new Worker(PROGRAM, {
        eval: true,
        workerData: { driver: DRIVER, path: this.databasePath, restartWaitMs: RESTART_WAIT_MS },
      });
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
    worker.on('message', (result: CheckpointResult) => this.settleAnswer(result));
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.ended = true;
        this.settleAnswer(null);
        this.clearTimer();
        // The thread failed: the writer checkpoints again, as it did without it.
        if (!this.stopping && writer.open) writer.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
        resolve();
      }),
    );
    this.schedule();
  }

  /**
   * After each commit: starts the thread at the first, and a round at once when the WAL has grown past
   * ROUND_AT_FRAMES (a 4-byte read of the WAL-index file, a system call: at most every WAL_READ_EVERY_MS).
   */
  committed(): void {
    this.start();
    if (this.worker === null || this.roundRunning) return;
    const now = performance.now();
    if (now < this.nextWalRead) return;
    this.nextWalRead = now + WAL_READ_EVERY_MS;
    if (this.walFrames() < this.roundAtFrames) return;
    this.clearTimer();
    void this.checkpointNow().finally(() => this.schedule());
  }

  /** One round now (tests, and what the timer runs): resolves with the restarting checkpoint's report, or null. */
  async checkpointNow(): Promise<CheckpointResult | null> {
    let restarted: CheckpointResult | null = null;
    this.roundRunning = true;
    const round = this.round.then(async () => {
      // Passes beside the writes until one copied every frame it found and few were written since the one
      // before (the writes held for the restart then wait for little), at most MAX_PASSES: a pass copies
      // no frame that a reader may still read, so it stops short while one reads an older state.
      let before = 0;
      for (let passes = 1; ; passes++) {
        const pass = await this.ask('PASSIVE');
        // Nothing written since the WAL started over (or no thread): nothing to hold writes for.
        if (pass === null || pass.log <= 0) return;
        if ((pass.checkpointed === pass.log && pass.log - before <= SMALL_REMAINDER_FRAMES) || passes >= MAX_PASSES) break;
        before = pass.log;
      }
      restarted = await this.lock.run(() => this.ask('RESTART'));
    });
    this.round = round.finally(() => {
      this.roundRunning = false;
      // A RESTART that copied every frame leaves the WAL's length in its header as it was: the next write starts the
      // WAL over and counts from 0. A round that could not start it over waits for as many frames again.
      const startedOver = (restarted as CheckpointResult | null)?.busy === 0;
      this.roundAtFrames = (startedOver ? 0 : this.walFrames()) + ROUND_AT_FRAMES;
    });
    await this.round;
    return restarted;
  }

  /** Stops the thread after a last checkpoint, and closes its connection: before the writer closes. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimer();
    if (this.walIndex !== null && this.walIndex >= 0) closeSync(this.walIndex);
    this.walIndex = -1;
    if (this.worker === null) return;
    await this.round;
    // Kept alive until it has closed its connection: unref'd, the process could end while it closes.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }

  /** Frames in the WAL now, from the WAL-index; 0 when it cannot be read (the timer's rounds remain). */
  private walFrames(): number {
    try {
      this.walIndex ??= openSync(`${this.databasePath}-shm`, 'r');
      if (this.walIndex < 0 || readSync(this.walIndex, this.frames, 0, 4, MX_FRAME_OFFSET) < 4) return 0;
      return endianness() === 'LE' ? this.frames.readUInt32LE(0) : this.frames.readUInt32BE(0);
    } catch {
      this.walIndex = -1;
      return 0;
    }
  }

  private schedule(): void {
    if (this.stopping || this.ended || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkpointNow().finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private ask(mode: 'PASSIVE' | 'RESTART'): Promise<CheckpointResult | null> {
    const worker = this.worker;
    if (worker === null || this.stopping || this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.answer = resolve;
      worker.postMessage(mode);
    });
  }

  private settleAnswer(result: CheckpointResult | null): void {
    const answer = this.answer;
    this.answer = null;
    answer?.(result);
  }
}
