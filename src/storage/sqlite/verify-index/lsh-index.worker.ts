import { parentPort, workerData } from 'node:worker_threads';
import { LshIndexStore, type LshChange } from './lsh-index.store.ts';

/** Messages to the thread of `LshIndexWriter` (lsh-index.writer.ts). */
export type LshRequest = { kind: 'changes'; seq: number; changes: LshChange[] } | { kind: 'close' };

/**
 * Its answers: changes up to `seq` are done with (written, or given up on
 * after `MAX_ATTEMPTS`: then a reconciliation started here redoes them); a
 * reconciliation of its own started or ended (the writer keeps the thread,
 * and the process, alive meanwhile); the file is closed.
 */
export type LshResponse = { kind: 'applied'; seq: number } | { kind: 'reconciling'; active: boolean } | { kind: 'closed' };

export interface LshWorkerData {
  indexPath: string;
  databasePath: string;
}

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
/** Failed tries of the queued batch. */
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
  if (queue.length > 0 && !applyQueue()) {
    schedule(RETRY_MS);
    return;
  }
  if (reconciling) {
    try {
      if (store.reconcileStep().done) setReconciling(false);
    } catch {
      // The same step is tried again.
      schedule(RETRY_MS);
      return;
    }
  }
  if (queue.length > 0 || reconciling) schedule();
}

/** Writes the queue; false when it failed and is to be tried again. */
function applyQueue(): boolean {
  try {
    store.apply(queue);
  } catch {
    attempts++;
    if (attempts < MAX_ATTEMPTS) return false;
    // Given up on: acknowledged, and a reconciliation from the start redoes it (and anything an earlier one had passed).
    store.restartReconcile();
    setReconciling(true);
  }
  queue = [];
  attempts = 0;
  answer({ kind: 'applied', seq: queuedThrough });
  return true;
}

function setReconciling(active: boolean): void {
  if (reconciling !== active) answer({ kind: 'reconciling', active });
  reconciling = active;
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
