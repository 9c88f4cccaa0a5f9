import type { Database } from '../db/database.ts';
import type { Repositories, WriteRepository } from './ports.ts';
import { PrismaMaintenanceWriteRepository } from './prisma/maintenance-write.repository.ts';
import { SqliteApiKeyRepository } from './sqlite/api-key.repository.ts';
import { SqliteDocumentRepository } from './sqlite/document.repository.ts';
import { SqliteHealthRepository } from './sqlite/health.repository.ts';
import { SqliteIngestWriteRepository } from './sqlite/ingest-write.repository.ts';
import { SqliteQuoteRepository } from './sqlite/quote.repository.ts';
import { SqliteSpeakerRepository } from './sqlite/speaker.repository.ts';
import { SqliteVerifyRepository } from './sqlite/verify.repository.ts';

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
