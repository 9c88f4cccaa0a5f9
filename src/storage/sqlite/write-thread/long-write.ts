import type { Actor } from '../../../domain/actor.ts';
import type { EditorialWriteRepository, IngestWriteRepository, NewCitedQuote, SavedCitedQuote, SpeakerEditWriteRepository } from '../../ports/index.ts';
import type { CorrectionWrites } from '../repositories/correction-writes.ts';

/**
 * The writes the write thread runs: the corrections that can re-file all the quotes of a much-quoted speaker,
 * and an upload's new speakers and batches of cited quotes (their statements and COMMIT change pages all over
 * a large file, and FTS5 merges its segments in the COMMIT).
 */
interface LongWriteCalls {
  correctSpeaker: SpeakerEditWriteRepository['correctSpeaker'];
  mergeSpeakers: SpeakerEditWriteRepository['mergeSpeakers'];
  undoRevision: EditorialWriteRepository['undoRevision'];
  resolveImportedSpeakers: IngestWriteRepository['resolveImportedSpeakers'];
  /** `reviewBelow`: the review threshold the serving thread's repositories have (statusOnArrival). */
  saveCitedQuotes: (quotes: NewCitedQuote[], reviewBelow: number) => Promise<SavedCitedQuote[]>;
}

/** What the write thread writes with. */
export interface LongWriteRepositories extends CorrectionWrites, Pick<LongWriteCalls, 'resolveImportedSpeakers' | 'saveCitedQuotes'> {}

export type LongWrite = { [K in keyof LongWriteCalls]: { op: K; args: Parameters<LongWriteCalls[K]> } }[keyof LongWriteCalls];

export type LongWriteAnswer<W extends LongWrite> = Awaited<ReturnType<LongWriteCalls[W['op']]>>;

/** What the serving thread does after a write the thread committed: what the repositories do after their commit there. */
export interface AfterCommit {
  /** Quotes that left the verify index (its writer is the serving thread's). */
  removedFromVerifyIndex: number[];
  /** Speakers changed: the serving thread's caches of them are stale. */
  speakersChanged: boolean;
}

export interface WriteRequest {
  id: number;
  write: LongWrite;
  actor: Actor;
}

export type WriteResponse =
  | { id: number; ok: true; value: unknown; after: AfterCommit }
  | { id: number; ok: false; error: { name: string; message: string; code: string | undefined; details: Record<string, unknown> | undefined } }
  | { id: 0; ready: true };

/** Runs `write` with the repositories of the thread it is on. */
export function runLongWrite(repos: LongWriteRepositories, write: LongWrite): Promise<unknown> {
  switch (write.op) {
    case 'correctSpeaker':
      return repos.speakerEdits.correctSpeaker(...write.args);
    case 'mergeSpeakers':
      return repos.speakerEdits.mergeSpeakers(...write.args);
    case 'undoRevision':
      return repos.editorial.undoRevision(...write.args);
    case 'resolveImportedSpeakers':
      return repos.resolveImportedSpeakers(...write.args);
    case 'saveCitedQuotes':
      return repos.saveCitedQuotes(...write.args);
  }
}
