import type { Config } from '../config.ts';
import { openPostgresStorage } from './postgres/postgres.storage.ts';
import { openSqliteStorage } from './sqlite/sqlite.storage.ts';
import type { Storage, StorageOptions } from './storage.ts';

export type StorageConfig = Pick<Config, 'databasePath' | 'databaseUrl'> & Partial<Pick<Config, 'databaseReplicaUrl' | 'replicaWaitMs' | 'databasePreparedStatements'>>;

/** Whether a database URL names a PostgreSQL server (else: a SQLite file). */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

/**
 * The storage the configuration names, migrated and open. The one entry
 * point to a backend for the server, the CLI and the tests: a `file:` URL
 * opens SQLite, a `postgres://` or `postgresql://` URL PostgreSQL.
 */
export async function createStorage(config: StorageConfig, options: StorageOptions = {}): Promise<Storage> {
  if (isPostgresUrl(config.databaseUrl)) return openPostgresStorage(config, options);
  return openSqliteStorage(config, options);
}

export type { BackupReport, ReindexReport, RestoreReport, Storage, StorageOptions } from './storage.ts';
export { StorageUnavailableError } from './storage.ts';
