import { AppError } from '../../domain/errors.ts';

/**
 * The order of this process's writes, and what closing waits for.
 *
 * Every write is a synchronous transaction on the one write connection
 * (sql-writer.ts), so two can never interleave; the lock queues them in
 * arrival order as promises, lets group commit (group-commit.ts) book the
 * writer for the next turn of the event loop, and lets `settle` wait, before
 * the connections close, for every write in flight or prepared
 * asynchronously (an ingest signs its quotes before it asks for the lock).
 * Reads never take it (WAL readers do not block the writer).
 *
 * Not re-entrant: a function running under the lock must not ask for it again.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  /** Runs `write` once every earlier write has settled; its result or error is passed through. */
  run<T>(write: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(() => write());
    // The next writer waits for this one to settle, whether it succeeded or not.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `write`, a write that prepares asynchronously before it asks for the
   * lock (an ingest signs its quotes first, then waits for its group commit),
   * so that `settle` waits for it too. Refused once `settle` was called.
   */
  track<T>(write: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new AppError('database_busy', 'The database is closing; retry shortly.'));
    const result = write();
    this.inFlight.add(result);
    const forget = (): void => void this.inFlight.delete(result);
    result.then(forget, forget);
    return result;
  }

  /** Refuses new tracked writes, then waits for the tracked ones and every write queued: before the connections close. */
  async settle(): Promise<void> {
    this.closing = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.run(() => undefined);
  }
}
