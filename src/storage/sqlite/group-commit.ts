import type { WriteLock } from './write-lock.ts';

interface Queued<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes submitted while the writer is busy share one
 * transaction. A commit costs the same whether it carries one article or fifty
 * (both FTS5 indexes write a segment and the WAL takes the pages at every
 * commit: about 0.4 ms, more than the six quotes of an article cost to write),
 * so under concurrent load the cost is shared instead of paid per call.
 *
 * Nothing waits on a timer: a lone caller's item is written as soon as the
 * write lock is free once this turn of the event loop is done. Items that
 * arrived in the same turn or queued up behind a running write are grouped,
 * up to `maxItems` per transaction.
 *
 * All or nothing per group: when the group's transaction fails (one item's
 * invalid reference, a unique key another process took), it was rolled back
 * whole, and each of its items is written again alone, so every caller gets
 * the result or the error its own item would have had — unless the error
 * cannot be an item's (`itemsMayBeToBlame`).
 */
export class GroupCommit<T, R> {
  private queue: Queued<T, R>[] = [];

  constructor(
    private readonly lock: WriteLock,
    /** Writes the items in one transaction; results in the items' order. Throws with nothing written. */
    private readonly writeGroup: (items: readonly T[]) => R[],
    /** Writes one item in its own transaction. */
    private readonly writeOne: (item: T) => R,
    private readonly maxItems: number,
    /**
     * Whether a group's error can be one item's fault, so each is worth writing
     * alone; when not (the database is locked by another process, the
     * connection is gone), every item of the group fails with it at once
     * rather than waiting for the same error one by one.
     */
    private readonly itemsMayBeToBlame: (error: unknown) => boolean = () => true,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // The first item in an empty queue books the writer; later ones ride along with it.
      if (this.queue.length === 1) this.schedule();
    });
  }

  /**
   * Books the writer after the callbacks of this turn of the event loop
   * (setImmediate): items that arrive as separate events in one turn (HTTP
   * requests, worker replies) then share the group, where a microtask would
   * write the first one alone before the others were even seen.
   */
  private schedule(): void {
    setImmediate(() => void this.lock.run(() => this.drain()));
  }

  private drain(): void {
    const group = this.queue.splice(0, this.maxItems);
    if (this.queue.length > 0) this.schedule();
    if (group.length === 0) return;
    if (group.length === 1) {
      this.settle(group[0] as Queued<T, R>, () => this.writeOne((group[0] as Queued<T, R>).item));
      return;
    }
    let results: R[];
    try {
      results = this.writeGroup(group.map((q) => q.item));
    } catch (error) {
      if (!this.itemsMayBeToBlame(error)) {
        for (const queued of group) queued.reject(error);
        return;
      }
      for (const queued of group) this.settle(queued, () => this.writeOne(queued.item));
      return;
    }
    group.forEach((queued, i) => queued.resolve(results[i] as R));
  }

  private settle(queued: Queued<T, R>, write: () => R): void {
    try {
      queued.resolve(write());
    } catch (error) {
      queued.reject(error);
    }
  }
}
