import type { Database } from '../database.ts';
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

/** Every write goes through the one writer (sql-writer.ts). */
function writeRepository(db: Database, writer: SqlWriter): WriteRepository {
  const ingest = new SqliteIngestWriteRepository(writer, db.lshIndex);
  const maintenance = new SqliteMaintenanceWriteRepository(writer, db.lshIndex);
  return {
    createDocument: (doc) => ingest.createDocument(doc),
    findOrCreateDocument: (doc) => ingest.findOrCreateDocument(doc),
    createSpeaker: (speaker) => ingest.createSpeaker(speaker),
    upsertSpeaker: (speaker) => ingest.upsertSpeaker(speaker),
    saveAttributions: (attributions) => ingest.saveAttributions(attributions),
    ingestDocument: (doc, speakers, attributions) => ingest.ingestDocument(doc, speakers, attributions),
    saveCitedQuotes: (quotes) => ingest.saveCitedQuotes(quotes),
    updateQuote: (id, patch) => maintenance.updateQuote(id, patch),
    deleteQuote: (id) => maintenance.deleteQuote(id),
    rebuildSearchIndex: () => maintenance.rebuildSearchIndex(),
    reconcileLshIndex: () => maintenance.reconcileLshIndex(),
  };
}

export function createRepositories(db: Database): Repositories {
  const writer = new SqlWriter(db.writer, db.writeLock);
  const speakers = new SqliteSpeakerRepository(db.sql);
  const quotes = new SqliteQuoteRepository(db.sql);
  return {
    speakers,
    quotes,
    documents: new SqliteDocumentRepository(db.sql),
    verify: new SqliteVerifyRepository(db.sql, db.lshIndex),
    health: new SqliteHealthRepository(db.sql),
    writes: writeRepository(db, writer),
    apiKeys: new SqliteApiKeyRepository(db.sql, writer),
    archive: new SqliteArchiveRepository(db.sql, speakers, quotes),
    imports: new SqliteImportCheckpointRepository(db.sql, writer),
  };
}
