import type { Database } from '../db/database.ts';
import type { Repositories } from './ports.ts';
import { PrismaWriteRepository } from './prisma/write.repository.ts';
import { SqliteApiKeyRepository } from './sqlite/api-key.repository.ts';
import { SqliteDocumentRepository } from './sqlite/document.repository.ts';
import { SqliteHealthRepository } from './sqlite/health.repository.ts';
import { SqliteQuoteRepository } from './sqlite/quote.repository.ts';
import { SqliteSpeakerRepository } from './sqlite/speaker.repository.ts';
import { SqliteVerifyRepository } from './sqlite/verify.repository.ts';

export function createRepositories(db: Database): Repositories {
  return {
    speakers: new SqliteSpeakerRepository(db.sql),
    quotes: new SqliteQuoteRepository(db.sql),
    documents: new SqliteDocumentRepository(db.sql),
    verify: new SqliteVerifyRepository(db.sql),
    health: new SqliteHealthRepository(db.sql),
    writes: new PrismaWriteRepository(db.prisma),
    apiKeys: new SqliteApiKeyRepository(db.sql, db.prisma),
  };
}
