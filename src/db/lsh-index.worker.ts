import { parentPort, workerData } from 'node:worker_threads';
import { LshIndexStore, type LshChange } from './lsh-index.store.ts';

/** Messages to the thread of `LshIndexWriter` (lsh-index.writer.ts). */
export type LshRequest = { kind: 'changes'; seq: number; changes: LshChange[] } | { kind: 'close' };

/**
 * Its answers: changes up to `seq` are done with (written, or given up on
 * after `MAX_ATTEMPTS`: then a reconciliation started here redoes them); the
 * file is closed.
 */
export type LshResponse = { kind: 'applied'; seq: number } | { kind: 'closed' };

export interface LshWorkerData {
  indexPath: string;
  databasePath: string;
}

/** Quotes one reconciliation step checks: a few milliseconds, so changes never wait long behind it. */
const RECONCILE_BATCH = 2_000;

/** Tries of one batch of changes (each waits up to the busy timeout for the file's lock) before it is left to reconciliation. */
const MAX_ATTEMPTS = 3;

/** Pause before trying a failed batch again. */
const RETRY_MS = 200;

const port = parentPort;
if (port === null) throw new Error('lsh-index.worker.ts runs as a worker thread');
const { indexPath, databasePath } = workerData as LshWorkerData;
const store = new LshIndexStore(indexPath, databasePath);

let queue: LshChange[] = [];
let queuedThrough = 0;
let attempts = 0;
/** Whether a reconciliation (after a batch was given up on) is under way. */
let reconciling = false;
/** Cancels the scheduled run of `work`, if any. */
let scheduled: (() => void) | null = null;
let closed = false;

const answer = (response: LshResponse): void => port.postMessage(response);

/**
 * Writes everything that arrived since the last turn in one transaction, then
 * one step of a reconciliation if one is under way. Runs after the event
 * loop's turn, so the changes of many messages share the transaction. A
 * failure (another process holding the file past the busy timeout) is tried
 * again; a batch that keeps failing is acknowledged and left to a
 * reconciliation, started here, so that nothing waits on it forever.
 */
function work(): void {
  scheduled = null;
  try {
    if (queue.length > 0) {
      store.apply(queue);
      queue = [];
      attempts = 0;
      answer({ kind: 'applied', seq: queuedThrough });
    }
    if (reconciling) reconciling = !store.reconcileStep(RECONCILE_BATCH).done;
  } catch {
    attempts++;
    if (attempts >= MAX_ATTEMPTS && queue.length > 0) {
      queue = [];
      attempts = 0;
      answer({ kind: 'applied', seq: queuedThrough });
      reconciling = true;
    }
    schedule(RETRY_MS);
    return;
  }
  if (queue.length > 0 || reconciling) schedule();
}

function schedule(delayMs = 0): void {
  if (scheduled !== null || closed) return;
  if (delayMs === 0) {
    const immediate = setImmediate(work);
    scheduled = () => clearImmediate(immediate);
  } else {
    const timeout = setTimeout(work, delayMs);
    scheduled = () => clearTimeout(timeout);
  }
}

/** Writes what is queued (one try) and closes the file; a reconciliation cut short is left to the next server start. */
function close(): void {
  closed = true;
  scheduled?.();
  try {
    if (queue.length > 0) store.apply(queue);
  } catch {
    // Left to the next reconciliation (every server start runs one).
  }
  store.close();
  answer({ kind: 'closed' });
  port?.close();
}

port.on('message', (request: LshRequest) => {
  if (closed) return;
  if (request.kind === 'changes') {
    queue.push(...request.changes);
    queuedThrough = request.seq;
    schedule();
  } else {
    close();
  }
});
