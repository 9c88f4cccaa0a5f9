import path from 'node:path';
import type { Config } from './config.ts';
import { configureWriter, openDatabase, type Database } from './db/database.ts';
import { migrateDatabase } from './db/migrate.ts';
import type { Logger } from './logger.ts';
import { createRepositories } from './repositories/index.ts';
import type { Repositories } from './repositories/ports.ts';
import { seedFromDirectory } from './services/seed.service.ts';

export const SEED_DIRECTORY = path.resolve(import.meta.dirname, '../seed');

export interface Runtime {
  db: Database;
  repos: Repositories;
}

/**
 * Migrates (never wipes) the database, opens it, and loads the seed when
 * configured. Cluster workers pass `prepared: true`: the primary process has
 * already migrated and seeded. A server passes `serving: true`: it also
 * reconciles the verify index with the quotes before it serves (0.8–1.0 s at
 * 1M quotes; the CLI's one-off commands leave that to the server and
 * `reindex`).
 */
export async function startRuntime(config: Config, logger: Logger, options: { prepared?: boolean; serving?: boolean } = {}): Promise<Runtime> {
  if (options.prepared !== true) {
    const applied = await migrateDatabase(config);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  }
  const db = openDatabase(config.databasePath);
  await configureWriter(db.prisma);
  const repos = createRepositories(db);
  if (options.serving === true && options.prepared !== true) {
    // What a crash left out of the verify index, or all of it when its file is new (an older database, a restored backup).
    const reconciled = await repos.writes.reconcileLshIndex();
    if (!reconciled.complete) logger.warn(reconciled, 'verify index reconciliation stopped on an error; the next start completes it');
    else if (reconciled.indexed + reconciled.removed > 0) logger.info(reconciled, 'verify index reconciled');
  }
  if (config.seedOnStart && options.prepared !== true) {
    const report = await seedFromDirectory(repos, SEED_DIRECTORY);
    logger.info({ ...report }, 'seed loaded');
  }
  return { db, repos };
}
