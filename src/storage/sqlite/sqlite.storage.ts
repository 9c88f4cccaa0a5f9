import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { StorageUnavailableError, type Storage, type StorageOptions } from '../storage.ts';
import { backupDatabase } from './backup.ts';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';
import { openDatabase, type Database } from './database.ts';
import { migrateDatabase } from './migrate.ts';
import { createRepositories } from './repositories/index.ts';

export interface SqliteStorage extends Storage {
  /** The connections themselves: for this backend's own tests and tools, never for the layers above. */
  readonly db: Database;
}

/** Migrates (never wipes) the SQLite file unless `prepared`, opens it, and returns the storage over it. */
export async function openSqliteStorage(config: Pick<Config, 'databasePath'>, options: StorageOptions = {}): Promise<SqliteStorage> {
  const file = config.databasePath;
  // Opening creates a missing file: only a migration may do that, never a copy or a worker.
  if (options.prepared === true && !existsSync(file)) throw new StorageUnavailableError(`The database file ${file} does not exist.`);
  try {
    const migrated = options.prepared === true ? [] : await migrateDatabase(config);
    return sqliteStorage(openDatabase(file), migrated, options);
  } catch (error) {
    throw new StorageUnavailableError(`The database file ${file} cannot be opened: ${cause(error)}.`, { cause: error });
  }
}

/**
 * PRAGMA integrity_check of the file as committed, on a connection of its own: on the serving read connection,
 * its FTS5 part could read the search index's segment list as that connection last cached it, from before a
 * write of the other connection merged segments, and report "fts5: corruption found reading blob" where a
 * fresh connection (and the next search on the same one) reads the index whole.
 */
function checkFile(file: string): string {
  const connection = new BetterSqlite3(file, { readonly: true, timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  try {
    return (connection.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('\n');
  } finally {
    connection.close();
  }
}

/** Why a file could not be opened, in words an operator can act on. */
function cause(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return 'it (or its directory) is read-only; whosaid writes the file and the -wal and -shm files beside it';
  }
  if (code === 'SQLITE_NOTADB') return 'it is not a SQLite database';
  if (code === 'ENOTDIR' || code === 'ENOENT' || code === 'EEXIST') return `its directory cannot be made (${code})`;
  if (code.startsWith('SQLITE_CANTOPEN')) return 'SQLite cannot open it (a missing directory, or no permission)';
  return error instanceof Error ? error.message : String(error);
}

/** The storage over an open database. */
export function sqliteStorage(db: Database, migrated: readonly string[] = [], options: StorageOptions = {}): SqliteStorage {
  const repos = createRepositories(db, options.reviewBelow);
  if (options.serving === true) {
    db.reader.start();
    db.writeThread.start();
  }
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
    checkIntegrity: async () => checkFile(db.path),
    backup: (destination) => backupDatabase(db.path, path.resolve(destination)),
    restore: () =>
      Promise.reject(new Error(`A SQLite backup is restored by putting the file at ${db.path} while no server runs (docs/operations.md, Restore).`)),
    close: () => db.close(),
  };
}
