import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { inject } from 'vitest';
import { createApp } from '../../src/app.ts';
import { SEED_DIRECTORY } from '../../src/bootstrap.ts';
import { configureWriter, openDatabase, type Database } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';
import { createRepositories } from '../../src/repositories/index.ts';
import type { Repositories } from '../../src/repositories/ports.ts';
import { seedFromDirectory } from '../../src/services/seed.service.ts';

export interface TestApp {
  app: Express;
  db: Database;
  repos: Repositories;
  databasePath: string;
  close(): Promise<void>;
}

/** A fresh, migrated SQLite file of its own (copied from the template), the real repositories and app. */
export async function createTestApp(options: { seed?: boolean; maxBodyBytes?: number } = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-test-'));
  const databasePath = path.join(dir, 'test.db');
  copyFileSync(inject('templateDatabase'), databasePath);
  const db = openDatabase(databasePath);
  await configureWriter(db.prisma);
  const repos = createRepositories(db);
  if (options.seed) await seedFromDirectory(repos, SEED_DIRECTORY);
  const logger = createLogger({ logLevel: 'silent' });
  const app = createApp({ config: { maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024 }, repos, logger });
  return {
    app,
    db,
    repos,
    databasePath,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A string unique to this call, for test data that must not collide with other tests. */
export function unique(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
