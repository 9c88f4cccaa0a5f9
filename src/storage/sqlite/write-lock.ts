import { AppError } from '../../domain/errors.ts';

/**
 * One writer at a time in this process, across both write connections.
 *
 * The server writes through two connections on one file: the raw
 * better-sqlite3 `writer` (synchronous transactions, the ingest path) and
 * Prisma (async interactive transactions, the cold writes). SQLite allows one
 * write transaction per file, so if a synchronous `BEGIN IMMEDIATE` ran while
 * a Prisma transaction was open and awaiting, the raw call would spin in the
 * busy handler on the event loop, the Prisma transaction could never finish,
 * and the raw call would fail with SQLITE_BUSY after the busy timeout. Every
 * write therefore runs under this promise-chain mutex, which keeps them in
 * arrival order. Reads never take it (WAL readers do not block writers).
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
