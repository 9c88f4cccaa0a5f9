import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Storage, StorageOptions } from '../storage.ts';
import { backupDatabase } from './backup.ts';
import { openDatabase, type Database } from './database.ts';
import { migrateDatabase } from './migrate.ts';
import { createRepositories } from './repositories/index.ts';

export interface SqliteStorage extends Storage {
  /** The connections themselves: for this backend's own tests and tools, never for the layers above. */
  readonly db: Database;
}

/** Migrates (never wipes) the SQLite file unless `prepared`, opens it, and returns the storage over it. */
export async function openSqliteStorage(config: Pick<Config, 'databasePath'>, options: StorageOptions = {}): Promise<SqliteStorage> {
  // Opening creates a missing file: only a migration may do that, never a copy or a worker.
  if (options.prepared === true && !existsSync(config.databasePath)) throw new Error(`The database file ${config.databasePath} does not exist.`);
  const migrated = options.prepared === true ? [] : await migrateDatabase(config);
  const db = openDatabase(config.databasePath);
  return sqliteStorage(db, migrated);
}

/** The storage over an open database. */
export function sqliteStorage(db: Database, migrated: readonly string[] = []): SqliteStorage {
  const repos = createRepositories(db);
  return {
    backend: 'sqlite',
    location: db.path,
    repos,
    migrated,
    db,
    reconcile: () => repos.writes.reconcileLshIndex(),
    async reindex() {
      const searchIndexed = await repos.writes.rebuildSearchIndex();
      const verifyIndex = await repos.writes.reconcileLshIndex();
      return { searchIndexed, verifyIndex };
    },
    checkIntegrity: async () => (db.sql.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('\n'),
    backup: (destination) => backupDatabase(db.path, path.resolve(destination)),
    close: () => db.close(),
  };
}
