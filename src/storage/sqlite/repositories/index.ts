import type { Database } from '../database.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../../../domain/status.ts';
import type { Repositories, WriteRepository } from '../../ports/index.ts';
import { SqliteMaintenanceWriteRepository } from './maintenance-write.repository.ts';
import { SqlWriter } from '../sql-writer.ts';
import { SqliteApiKeyRepository } from './api-key.repository.ts';
import { SqliteArchiveRepository } from './archive.repository.ts';
import { SqliteImportCheckpointRepository } from './import-checkpoint.repository.ts';
import { SqliteDocumentRepository } from './document.repository.ts';
import { SqliteHealthRepository } from './health.repository.ts';
import { SqliteIngestWriteRepository } from './ingest-write.repository.ts';
import { SqliteQuoteRepository } from './quote.repository.ts';
import { DocumentCorrections } from './document-corrections.ts';
import { SpeakerCorrections } from './speaker-corrections.ts';
import { SqliteSpeakerEditRepository } from './speaker-edit.repository.ts';
import { SqliteSpeakerRepository } from './speaker.repository.ts';
import { SqliteVerifyRepository } from './verify.repository.ts';
import { SqliteEditorialWriteRepository } from './editorial-write.repository.ts';
import { QuoteCorrections } from './quote-corrections.ts';
import { SqliteRevisionRepository } from './revision.repository.ts';
import { RevisionWrites } from './revision-writes.ts';
import { WriteStatements } from './write-statements.ts';

/** Every write goes through the one writer (sql-writer.ts). */
function writeRepository(db: Database, writer: SqlWriter, reviewBelow: number): WriteRepository {
  const ingest = new SqliteIngestWriteRepository(writer, db.lshIndex, reviewBelow);
  const statements = new WriteStatements(writer);
  // One record of corrections for every writer; each entity type with revisions registers how undo puts it back.
  const revisions = new RevisionWrites(statements);
  const quotes = new QuoteCorrections(statements);
  revisions.register('quote', quotes);
  const maintenance = new SqliteMaintenanceWriteRepository(writer, db.lshIndex);
  const editorial = new SqliteEditorialWriteRepository(writer, statements, revisions, quotes);
  const speakers = new SpeakerCorrections(statements);
  revisions.register('speaker', speakers);
  const documents = new DocumentCorrections(statements);
  revisions.register('document', documents);
  const speakerEdits = new SqliteSpeakerEditRepository(writer, db.lshIndex, revisions, speakers, documents, () => ingest.forgetSpeakers());
  return {
    createDocument: (doc) => ingest.createDocument(doc),
    findOrCreateDocument: (doc) => ingest.findOrCreateDocument(doc),
    createSpeaker: (speaker) => ingest.createSpeaker(speaker),
    upsertSpeaker: (speaker) => ingest.upsertSpeaker(speaker),
    saveAttributions: (attributions) => ingest.saveAttributions(attributions),
    ingestDocument: (doc, speakers, attributions) => ingest.ingestDocument(doc, speakers, attributions),
    ingestDocuments: (documents) => ingest.ingestDocuments(documents),
    saveCitedQuotes: (quotes, options) => ingest.saveCitedQuotes(quotes, options),
    resolveImportedSpeakers: (speakers) => ingest.resolveImportedSpeakers(speakers),
    updateQuote: (id, patch, note) => editorial.updateQuote(id, patch, note),
    deleteQuote: (id) => maintenance.deleteQuote(id),
    restoreStatuses: (quotes, occurrences) => maintenance.restoreStatuses(quotes, occurrences),
    rebuildSearchIndex: () => maintenance.rebuildSearchIndex(),
    reconcileLshIndex: () => maintenance.reconcileLshIndex(),
    correctSpeaker: (id, patch, note) => speakerEdits.correctSpeaker(id, patch, note),
    correctDocument: (id, patch, note) => speakerEdits.correctDocument(id, patch, note),
    mergeSpeakers: (fromId, intoId, note) => speakerEdits.mergeSpeakers(fromId, intoId, note),
    removeSpeaker: (id, note) => speakerEdits.removeSpeaker(id, note),
    mergeAffiliations: (speakerId, pair, note) => speakerEdits.mergeAffiliations(speakerId, pair, note),
    undoRevision: (id, note) => editorial.undoRevision(id, note),
    changeQuoteStatus: (id, action, note) => editorial.changeQuoteStatus(id, action, note),
    reviewOccurrence: (id, decision, note, fix) => editorial.reviewOccurrence(id, decision, note, fix),
  };
}

/** `reviewBelow`: the review threshold; attributions less certain are stored as needs_review. */
export function createRepositories(db: Database, reviewBelow: number = DEFAULT_REVIEW_THRESHOLD): Repositories {
  const writer = new SqlWriter(db.writer, db.writeLock, () => db.checkpointer.committed());
  const speakers = new SqliteSpeakerRepository(db.sql);
  const quotes = new SqliteQuoteRepository(db.sql, db.reader);
  return {
    speakers,
    quotes,
    documents: new SqliteDocumentRepository(db.sql, db.reader),
    verify: new SqliteVerifyRepository(db.sql, db.lshIndex, db.reader),
    health: new SqliteHealthRepository(db.sql),
    writes: writeRepository(db, writer, reviewBelow),
    apiKeys: new SqliteApiKeyRepository(db.sql, writer),
    archive: new SqliteArchiveRepository(db.sql, speakers, quotes),
    imports: new SqliteImportCheckpointRepository(db.sql, writer),
    revisions: new SqliteRevisionRepository(db.sql),
  };
}
