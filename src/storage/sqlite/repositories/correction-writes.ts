import type { SqlWriter } from '../sql-writer.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import { DocumentCorrections } from './document-corrections.ts';
import { SqliteEditorialWriteRepository } from './editorial-write.repository.ts';
import { QuoteCorrections } from './quote-corrections.ts';
import { RevisionWrites } from './revision-writes.ts';
import { SpeakerCorrections } from './speaker-corrections.ts';
import { SqliteSpeakerEditRepository } from './speaker-edit.repository.ts';
import { WriteStatements } from './write-statements.ts';

/** The corrections on the record over one writer: on the serving thread (index.ts) and on the write thread (write-thread/). */
export interface CorrectionWrites {
  editorial: SqliteEditorialWriteRepository;
  speakerEdits: SqliteSpeakerEditRepository;
}

/**
 * One record of corrections for the writer; each entity type with revisions registers how undo puts it back.
 * `lshIndex` is told which quotes left the verify index, `onSpeakersChanged` when speakers changed, after the commit.
 */
export function correctionWrites(writer: SqlWriter, lshIndex: Pick<LshIndexWriter, 'remove'>, onSpeakersChanged: () => void): CorrectionWrites {
  const statements = new WriteStatements(writer);
  const revisions = new RevisionWrites(statements);
  const quotes = new QuoteCorrections(statements);
  revisions.register('quote', quotes);
  const speakers = new SpeakerCorrections(statements);
  revisions.register('speaker', speakers);
  const documents = new DocumentCorrections(statements);
  revisions.register('document', documents);
  return {
    editorial: new SqliteEditorialWriteRepository(writer, statements, revisions, quotes),
    speakerEdits: new SqliteSpeakerEditRepository(writer, lshIndex, revisions, speakers, documents, onSpeakersChanged),
  };
}
