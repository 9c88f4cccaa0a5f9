import type { SpeakerSummary } from '../../../domain/models.ts';
import type { ImportedSpeaker, NewCitedQuote, SavedCitedQuote } from '../../ports/index.ts';
import { allSteps, type SqlWriter } from '../sql-writer.ts';
import { AttributionWrites } from './attribution-writes.ts';
import { SpeakerWrites } from './speaker-writes.ts';
import type { WriteStatements } from './write-statements.ts';

/**
 * An import's two writes, its new speakers and its batches of cited quotes, each one transaction over a
 * writer: the serving thread's (ingest-write.repository.ts) or the write thread's (write-thread/), which
 * then store the same rows.
 */
export class ImportWrites {
  constructor(
    private readonly writer: SqlWriter,
    private readonly speakers: SpeakerWrites,
    private readonly attributions: AttributionWrites,
  ) {}

  /** Writes of their own over `statements` (the write thread's). */
  static over(writer: SqlWriter, statements: WriteStatements, reviewBelow: number): ImportWrites {
    const speakers = new SpeakerWrites(statements);
    return new ImportWrites(writer, speakers, new AttributionWrites(statements, speakers, reviewBelow));
  }

  resolveSpeakers(speakers: ImportedSpeaker[]): Promise<{ speaker: SpeakerSummary; created: boolean }[]> {
    return this.writer.write((ctx) => speakers.map((s) => this.speakers.resolveImported(ctx, s)));
  }

  /**
   * All in one turn, with the whole page cache, where nothing else waits for the writer (the CLI, the write
   * thread); `inTurns`, in steps of one quote, the event loop running between them every TURN_MS.
   */
  saveCitedQuotes(quotes: NewCitedQuote[], inTurns: boolean): Promise<SavedCitedQuote[]> {
    return inTurns
      ? this.writer.writeInTurns((ctx) => this.attributions.saveCitedQuotes(ctx, quotes))
      : this.writer.write((ctx) => allSteps(this.attributions.saveCitedQuotes(ctx, quotes)));
  }
}
