import { parentPort, workerData } from 'node:worker_threads';
import { LshIndexStore, type LshChange } from './lsh-index.store.ts';

/** Messages to the thread of `LshIndexWriter` (lsh-index.writer.ts). */
export type LshRequest = { kind: 'changes'; seq: number; changes: LshChange[] } | { kind: 'reconcile'; seq: number } | { kind: 'close' };

/** Its answers: changes up to `seq` are written; a reconciliation is complete; the file is closed. */
export type LshResponse =
  | { kind: 'ready' }
  | { kind: 'applied'; seq: number }
  | { kind: 'reconciled'; seq: number; indexed: number; removed: number }
  | { kind: 'closed' };

export interface LshWorkerData {
  indexPath: string;
  databasePath: string;
}

/** Quotes one reconciliation step checks: ~40 ms of work, so changes never wait long behind it. */
const RECONCILE_BATCH = 2_000;

const port = parentPort;
if (port === null) throw new Error('lsh-index.worker.ts runs as a worker thread');
const { indexPath, databasePath } = workerData as LshWorkerData;
const store = new LshIndexStore(indexPath, databasePath);

let queue: LshChange[] = [];
let queuedThrough = 0;
let reconciling: { seq: number; indexed: number; removed: number } | null = null;
let scheduled = false;

const answer = (response: LshResponse): void => port.postMessage(response);

/**
 * Writes everything that arrived since the last turn in one transaction, then
 * one step of a reconciliation if one is asked for. Runs after the event
 * loop's turn, so the changes of many messages share the transaction.
 */
function work(): void {
  scheduled = false;
  if (queue.length > 0) {
    const changes = queue;
    queue = [];
    store.apply(changes);
    answer({ kind: 'applied', seq: queuedThrough });
  }
  if (reconciling !== null) {
    const step = store.reconcileStep(RECONCILE_BATCH);
    reconciling.indexed += step.indexed;
    reconciling.removed += step.removed;
    if (step.done) {
      answer({ kind: 'reconciled', ...reconciling });
      reconciling = null;
    }
  }
  if (queue.length > 0 || reconciling !== null) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(work);
}

port.on('message', (request: LshRequest) => {
  if (request.kind === 'changes') {
    queue.push(...request.changes);
    queuedThrough = request.seq;
    schedule();
  } else if (request.kind === 'reconcile') {
    // A reconciliation asked for while one runs is answered by that one.
    reconciling = { seq: request.seq, indexed: reconciling?.indexed ?? 0, removed: reconciling?.removed ?? 0 };
    schedule();
  } else {
    if (queue.length > 0) store.apply(queue);
    store.close();
    answer({ kind: 'closed' });
    port.close();
  }
});
answer({ kind: 'ready' });
