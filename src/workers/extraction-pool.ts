import type { Worker } from 'node:worker_threads';
import { AppError } from '../domain/errors.ts';
import { extractQuotes } from '../extraction/quote.extractor.ts';
import type { ExtractionResult } from '../extraction/extraction.types.ts';
import { serializeExtraction, type SerializedExtraction } from './extraction-serialize.ts';
import { startTsWorker } from './ts-worker.ts';

/** Runs the extractor on a text: in a thread pool (the server) or in process (one-off commands). */
export interface Extractor {
  extract(text: string): Promise<ExtractionResult>;
  /** The same, with the quotes checked against the API schema and serialised where they were found. */
  extractSerialized(text: string): Promise<SerializedExtraction>;
}

export interface ExtractionJob {
  id: number;
  text: string;
  serialize: boolean;
  /** Quotes with a calibrated confidence below this are flagged needsReview. */
  reviewBelow: number;
}

export type ExtractionReply =
  | { id: number; ok: true; result: ExtractionResult }
  | { id: number; ok: true; serialized: SerializedExtraction }
  | { id: number; ok: false; message: string };

type Answer = ExtractionResult | SerializedExtraction;

interface Pending {
  job: ExtractionJob;
  resolve: (answer: Answer) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
}

export interface ExtractionPoolOptions {
  threads: number;
  /** Texts waiting for a thread beyond this many are refused (503 overloaded). */
  maxQueued: number;
  /** A text still running after this long has its thread ended (503 extraction_timeout) and replaced. */
  timeoutMs: number;
  /** The review threshold (config REVIEW_CONFIDENCE_THRESHOLD): quotes below it are flagged needsReview. */
  reviewBelow: number;
}

const WORKER = new URL('./extraction.worker.ts', import.meta.url);

/** The extractor in the calling thread: for one-off commands, where nothing else waits on the event loop. */
export function createInProcessExtractor(reviewBelow: number): Extractor {
  return {
    extract: (text) => Promise.resolve(extractQuotes(text, { reviewBelow })),
    extractSerialized: (text) => Promise.resolve(serializeExtraction(extractQuotes(text, { reviewBelow }))),
  };
}

/**
 * A small pool of worker threads for extraction, so the thread that serves
 * requests never runs it: /health and searches keep answering while a long
 * text is extracted. Threads start on first use and never keep the process
 * alive; a text that runs past the time limit costs its thread, not the server.
 */
export class ExtractionPool implements Extractor {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ExtractionPoolOptions) {}

  async extract(text: string): Promise<ExtractionResult> {
    return (await this.submit(text, false)) as ExtractionResult;
  }

  async extractSerialized(text: string): Promise<SerializedExtraction> {
    return (await this.submit(text, true)) as SerializedExtraction;
  }

  private submit(text: string, serialize: boolean): Promise<Answer> {
    if (this.closed) return Promise.reject(new Error('The extraction pool is closed.'));
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(new AppError('overloaded', 'Too many texts are waiting for extraction; retry shortly.', { retryAfterSeconds: 5 }));
    }
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, text, serialize, reviewBelow: this.options.reviewBelow }, resolve, reject });
      this.fill();
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('The extraction pool is closed.'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private fill(): void {
    while (this.slots.length < this.options.threads) this.slots.push(this.start());
  }

  private start(): Slot {
    const worker = startTsWorker(WORKER);
    worker.unref();
    const slot: Slot = { worker, ready: false, busy: null, timer: null };
    worker.on('message', (message: ExtractionReply | { ready: true }) => {
      if ('ready' in message) {
        slot.ready = true;
      } else {
        const done = slot.busy;
        this.release(slot);
        if (done !== null && done.job.id === message.id) {
          if (!message.ok) done.reject(new Error(`extraction failed: ${message.message}`));
          else done.resolve('serialized' in message ? message.serialized : message.result);
        }
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.replace(slot, error));
    worker.on('exit', () => this.replace(slot, new Error('an extraction thread exited')));
    return slot;
  }

  private release(slot: Slot): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.busy = null;
    slot.worker.unref();
  }

  /** A thread that failed or was ended: its job fails, a fresh thread takes its place. */
  private replace(slot: Slot, error: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    const failed = slot.busy;
    this.release(slot);
    void slot.worker.terminate();
    if (failed !== null) failed.reject(error);
    if (!this.closed && this.queue.length > 0) {
      this.fill();
      this.dispatch();
    }
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.busy !== null) continue;
      const next = this.queue.shift();
      if (next === undefined) return;
      slot.busy = next;
      // A thread at work keeps the process alive until its answer arrives.
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        this.replace(slot, new AppError('extraction_timeout', `Extraction took longer than ${this.options.timeoutMs / 1000} s and was stopped.`));
      }, this.options.timeoutMs);
      slot.worker.postMessage(next.job);
    }
  }
}
