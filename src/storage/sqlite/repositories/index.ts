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
import { SqliteSpeakerRepository } from './speaker.repository.ts';
import { SqliteVerifyRepository } from './verify.repository.ts';
import { correctionWrites } from './correction-writes.ts';
import { LongWrites } from '../write-thread/long-writes.ts';
import { SqliteRevisionRepository } from './revision.repository.ts';

/** Every write goes through the one writer (sql-writer.ts). */
function writeRepository(db: Database, writer: SqlWriter, reviewBelow: number): WriteRepository {
  // The corrections that re-file thousands of quotes run on the write thread when it is up (docs/decisions/0025),
  // and so do a server's imports of speakers and cited quotes (0032).
  const long = new LongWrites(db.writeThread, writer.lock, { lshIndex: db.lshIndex, speakersChanged: () => ingest.forgetSpeakers(), committed: () => db.checkpointer.committed() });
  const ingest = new SqliteIngestWriteRepository(writer, db.lshIndex, reviewBelow, long);
  const maintenance = new SqliteMaintenanceWriteRepository(writer, db.lshIndex);
  const { editorial, speakerEdits } = correctionWrites(writer, db.lshIndex, () => ingest.forgetSpeakers());
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
    correctSpeaker: (id, patch, note) => long.run({ op: 'correctSpeaker', args: [id, patch, note] }, () => speakerEdits.correctSpeaker(id, patch, note)),
    correctDocument: (id, patch, note) => speakerEdits.correctDocument(id, patch, note),
    mergeSpeakers: (fromId, intoId, note) => long.run({ op: 'mergeSpeakers', args: [fromId, intoId, note] }, () => speakerEdits.mergeSpeakers(fromId, intoId, note)),
    removeSpeaker: (id, note) => speakerEdits.removeSpeaker(id, note),
    mergeAffiliations: (speakerId, pair, note) => speakerEdits.mergeAffiliations(speakerId, pair, note),
    undoRevision: (id, note) => long.run({ op: 'undoRevision', args: [id, note] }, () => editorial.undoRevision(id, note)),
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
