import type { Database } from '../database.ts';
import type { Repositories, WriteRepository } from '../../ports/index.ts';
import { PrismaMaintenanceWriteRepository } from './maintenance-write.repository.ts';
import { SqliteApiKeyRepository } from './api-key.repository.ts';
import { SqliteDocumentRepository } from './document.repository.ts';
import { SqliteHealthRepository } from './health.repository.ts';
import { SqliteIngestWriteRepository } from './ingest-write.repository.ts';
import { SqliteQuoteRepository } from './quote.repository.ts';
import { SqliteSpeakerRepository } from './speaker.repository.ts';
import { SqliteVerifyRepository } from './verify.repository.ts';

/** The ingest aggregate on the raw writer, the cold writes through Prisma; both under the one write lock. */
function writeRepository(db: Database): WriteRepository {
  const ingest = new SqliteIngestWriteRepository(db.writer, db.writeLock, db.lshIndex);
  const maintenance = new PrismaMaintenanceWriteRepository(db.prisma, db.writeLock, db.lshIndex);
  return {
    createDocument: (doc) => ingest.createDocument(doc),
    findOrCreateDocument: (doc) => ingest.findOrCreateDocument(doc),
    createSpeaker: (speaker) => ingest.createSpeaker(speaker),
    upsertSpeaker: (speaker) => ingest.upsertSpeaker(speaker),
    saveAttributions: (attributions) => ingest.saveAttributions(attributions),
    ingestDocument: (doc, speakers, attributions) => ingest.ingestDocument(doc, speakers, attributions),
    updateQuote: (id, patch) => maintenance.updateQuote(id, patch),
    deleteQuote: (id) => maintenance.deleteQuote(id),
    rebuildSearchIndex: () => maintenance.rebuildSearchIndex(),
    reconcileLshIndex: () => maintenance.reconcileLshIndex(),
  };
}

export function createRepositories(db: Database): Repositories {
  return {
    speakers: new SqliteSpeakerRepository(db.sql),
    quotes: new SqliteQuoteRepository(db.sql),
    documents: new SqliteDocumentRepository(db.sql),
    verify: new SqliteVerifyRepository(db.sql, db.lshIndex),
    health: new SqliteHealthRepository(db.sql),
    writes: writeRepository(db),
    apiKeys: new SqliteApiKeyRepository(db.sql, db.prisma, db.writeLock),
  };
}
