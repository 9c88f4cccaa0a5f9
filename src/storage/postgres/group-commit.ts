import { currentReadPosition, noteWritten, withReadPosition, type ReadPosition } from '../read-position.ts';
import { forgetNewestQuote } from './request-snapshot.ts';

interface Queued<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
  /** The submitting request's record: its write position is the group's. */
  position: ReadPosition | undefined;
}

/**
 * Group commit: concurrent writes queue here and a few writers each take up
 * to `maxItems` of them into one transaction, so a round trip and a commit
 * (a WAL flush) serve many callers. When a group fails, each of its items is
 * written alone, so one bad item fails only its own caller.
 */
export class GroupCommit<T, R> {
  private queue: Queued<T, R>[] = [];
  private running = 0;

  constructor(
    /** Writes the items in one transaction; results in the items' order. Rejects with nothing written. */
    private readonly writeGroup: (items: readonly T[]) => Promise<R[]>,
    private readonly maxItems: number,
    /** Transactions in flight at once (each on its own connection). */
    private readonly writers: number,
    /** Whether a group's error can be one item's fault (not: the server is gone, the disk is full). */
    private readonly itemsMayBeToBlame: (error: unknown) => boolean,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject, position: currentReadPosition() });
      if (this.running < this.writers) {
        this.running++;
        // After this turn of the event loop: requests arriving together share the group.
        setImmediate(() => void withReadPosition(null, () => this.drain()));
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxItems);
        try {
          const results = await this.writeGroup(group.map((q) => q.item));
          const written = currentReadPosition()?.written ?? null;
          group.forEach((queued, i) => {
            noteWritten(written, queued.position);
            forgetNewestQuote(queued.position);
            queued.resolve(results[i] as R);
          });
        } catch (error) {
          if (group.length === 1 || !this.itemsMayBeToBlame(error)) {
            for (const queued of group) queued.reject(error);
            continue;
          }
          for (const queued of group) {
            try {
              const result = ((await this.writeGroup([queued.item])) as R[])[0] as R;
              noteWritten(currentReadPosition()?.written ?? null, queued.position);
              forgetNewestQuote(queued.position);
              queued.resolve(result);
            } catch (alone) {
              queued.reject(alone);
            }
          }
        }
      }
    } finally {
      this.running--;
    }
  }
}
