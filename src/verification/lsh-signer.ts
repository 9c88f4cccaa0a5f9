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
 * is signed inline. It keeps the process alive only while it has work.
 */
export class WorkerLshSigner implements LshSigner {
  private worker: Worker | null = null;
  private ready = false;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private announce: ((up: boolean) => void) | null = null;
  /** Resolves true once the thread signs, false if it could not start. */
  readonly started = new Promise<boolean>((resolve) => (this.announce = resolve));

  sign(texts: readonly string[]): Promise<string[]> {
    if (texts.length === 0) return Promise.resolve([]);
    this.start();
    const worker = this.worker;
    if (!this.ready || worker === null) return inlineLshSigner.sign(texts);
    const id = this.nextId++;
    if (this.pending.size === 0) worker.ref();
    const request: SignRequest = { id, texts };
    return new Promise<string[]>((resolve) => {
      this.pending.set(id, { texts, resolve });
      worker.postMessage(request);
    });
  }

  private start(): void {
    if (this.worker !== null || this.failed) return;
    const worker = startTsWorker(new URL('./lsh-signer.worker.ts', import.meta.url));
    worker.unref();
    worker.on('message', (message: SignResponse | 'ready') => {
      if (message === 'ready') {
        this.ready = true;
        this.announce?.(true);
        return;
      }
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      pending?.resolve(message.documents);
    });
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
    this.worker = worker;
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
