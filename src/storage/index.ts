import type { Config } from '../config.ts';
import { openSqliteStorage } from './sqlite/sqlite.storage.ts';
import type { Storage, StorageOptions } from './storage.ts';

export type StorageConfig = Pick<Config, 'databasePath' | 'databaseUrl'>;

/**
 * The storage the configuration names, migrated and open. The one entry
 * point to a backend for the server, the CLI and the tests; a second backend
 * joins here (selected by the database URL's scheme).
 */
export async function createStorage(config: StorageConfig, options: StorageOptions = {}): Promise<Storage> {
  return openSqliteStorage(config, options);
}

export type { BackupReport, ReindexReport, Storage, StorageOptions } from './storage.ts';
export { StorageUnavailableError } from './storage.ts';
