import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../workers/ts-worker.ts';
import { lshDocument } from './lsh-token.ts';
import { lshBuckets } from './minhash.ts';

/** What a quote is indexed with in `quote_lsh`: its LSH bucket tokens (lsh-token.ts). */
export function lshIndexDocument(normalizedText: string): string {
  return lshDocument(lshBuckets(normalizedText));
}

/** Computes `lshIndexDocument` of many texts, in order. */
export interface LshSigner {
  sign(normalizedTexts: readonly string[]): Promise<string[]>;
}

/** Signs on the calling thread. */
export const inlineLshSigner: LshSigner = {
  sign: (texts) => Promise.resolve(texts.map(lshIndexDocument)),
};

export interface SignRequest {
  id: number;
  texts: readonly string[];
}

export interface SignResponse {
  id: number;
  documents: string[];
}

/** A thread that signs without work stops after this long. */
const IDLE_STOP_MS = 30_000;

/** The thread's heaps: signing keeps little (measured RSS +36 MB with these, +46 MB without). */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 };

interface Pending {
  texts: readonly string[];
  resolve: (documents: string[]) => void;
}

/**
 * Signs on a worker thread, so that on the ingest path the thread that holds
 * the writer only writes: the signature was a fifth of the time a group
 * commit held it (BENCHMARKS.md, "Ingest"), and the second core was idle.
 *
 * Never in the way: the thread starts on first use and texts are signed
 * inline until it is up; if it fails, everything pending and everything after
 * is signed inline. It keeps the process alive only while it starts or has
 * work: it is unref'd once up (not at creation: attaching the 'message'
 * listener refs the thread's port again, and the process never ended), and it
 * stops after `IDLE_STOP_MS` without any (it holds ~36 MB: a server that only
 * searches, or has stopped ingesting, does not carry it).
 */
export class WorkerLshSigner implements LshSigner {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private ready = false;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private announce: ((up: boolean) => void) | null = null;
  /** Resolves true once the thread signs, false if it could not start. */
  readonly started = new Promise<boolean>((resolve) => (this.announce = resolve));

  constructor(private readonly idleStopMs = IDLE_STOP_MS) {}

  /** Whether a signing thread is up now. */
  get threadRunning(): boolean {
    return this.worker !== null && this.ready;
  }

  sign(texts: readonly string[]): Promise<string[]> {
    if (texts.length === 0) return Promise.resolve([]);
    this.start();
    const worker = this.worker;
    if (!this.ready || worker === null) return inlineLshSigner.sign(texts);
    const id = this.nextId++;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    if (this.pending.size === 0) worker.ref();
    const request: SignRequest = { id, texts };
    return new Promise<string[]>((resolve) => {
      this.pending.set(id, { texts, resolve });
      worker.postMessage(request);
    });
  }

  private start(): void {
    if (this.worker !== null || this.failed) return;
    const worker = startTsWorker(new URL('./lsh-signer.worker.ts', import.meta.url), { resourceLimits: WORKER_LIMITS });
    worker.on('message', (message: SignResponse | 'ready') => {
      if (message === 'ready') {
        this.ready = true;
        // Kept alive while it started (that was work too); from now on only while it has requests.
        if (this.pending.size === 0) worker.unref();
        this.announce?.(true);
        return;
      }
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0) {
        worker.unref();
        this.idleTimer = setTimeout(() => this.stopIdle(), this.idleStopMs).unref();
      }
      pending?.resolve(message.documents);
    });
    // Only the current thread's end is a failure; one stopped for idleness is no longer current.
    worker.on('error', () => worker === this.worker && this.fail());
    worker.on('exit', () => worker === this.worker && this.fail());
    this.worker = worker;
  }

  /** Stops an idle thread; the next call starts another (signing inline until it is up). */
  private stopIdle(): void {
    const worker = this.worker;
    if (worker === null || this.pending.size > 0) return;
    this.worker = null;
    this.ready = false;
    void worker.terminate();
  }

  private fail(): void {
    this.failed = true;
    this.ready = false;
    this.worker = null;
    for (const { texts, resolve } of this.pending.values()) resolve(texts.map(lshIndexDocument));
    this.pending.clear();
    this.announce?.(false);
  }
}
