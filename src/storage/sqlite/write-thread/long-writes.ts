import { currentActor } from '../../../domain/actor.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import type { WriteLock } from '../write-lock.ts';
import type { LongWrite, LongWriteAnswer } from './long-write.ts';
import type { WriteThread } from './write-thread.ts';

/** What the serving thread does after a write the thread committed. */
export interface AfterLongWrite {
  lshIndex: Pick<LshIndexWriter, 'remove'>;
  speakersChanged: () => void;
  /** After every commit (the checkpointer thread starts with the first). */
  committed: () => void;
}

/**
 * The corrections that can re-file all the quotes of a much-quoted speaker: on the write thread under
 * this process's write lock when it is available, else on the serving thread (`inline`, the same
 * repositories). The answer, the errors (busy, full, conflicts) and what follows the commit are the same
 * either way.
 */
export class LongWrites {
  constructor(
    private readonly thread: WriteThread,
    private readonly lock: WriteLock,
    private readonly after: AfterLongWrite,
  ) {}

  async run<W extends LongWrite>(write: W, inline: () => Promise<LongWriteAnswer<W>>): Promise<LongWriteAnswer<W>> {
    // The actor is taken here, in the caller's async context.
    const actor = currentActor();
    // Whether the thread is up is decided under the lock; without it the write runs inline, which takes the lock itself.
    const done = await this.lock.run(() => (this.thread.available ? this.thread.run(write, actor) : null));
    if (done === null) return inline();
    this.after.committed();
    if (done.after.removedFromVerifyIndex.length > 0) this.after.lshIndex.remove(done.after.removedFromVerifyIndex);
    if (done.after.speakersChanged) this.after.speakersChanged();
    return done.value as LongWriteAnswer<W>;
  }
}
