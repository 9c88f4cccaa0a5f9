import { StorageUnavailableError, type Storage, type StorageOptions } from '../storage.ts';
import { dumpDatabase, restoreDatabase } from './backup.ts';
import { Connections } from './connection.ts';
import { LshIndex } from './lsh-index.ts';
import { migratePostgres } from './migrate.ts';
import { createRepositories } from './repositories/index.ts';

export interface PostgresStorage extends Storage {
  /** The pools themselves: for this backend's own tests and tools, never for the layers above. */
  readonly connections: Connections;
}

/** The server and database of a URL, without the password, for messages. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

/** Migrates (never wipes) the database unless `prepared`, connects, and returns the storage over it. */
export async function openPostgresStorage(config: { databaseUrl: string; databaseReplicaUrl?: string | undefined; replicaWaitMs?: number | undefined; databasePreparedStatements?: boolean | undefined }, options: StorageOptions = {}): Promise<PostgresStorage> {
  const location = describe(config.databaseUrl);
  let migrated: string[];
  const connections = new Connections(config.databaseUrl, {
    ...(config.databaseReplicaUrl === undefined ? {} : { replicaUrl: config.databaseReplicaUrl }),
    ...(config.replicaWaitMs === undefined ? {} : { replicaWaitMs: config.replicaWaitMs }),
    ...(config.databasePreparedStatements === undefined ? {} : { preparedStatements: config.databasePreparedStatements }),
  });
  try {
    migrated = options.prepared === true ? [] : await migratePostgres(config.databaseUrl);
    await connections.read.query('SELECT 1');
  } catch (error) {
    await connections.close();
    throw new StorageUnavailableError(`The PostgreSQL database ${location} cannot be opened: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
  const lsh = new LshIndex(connections);
  const repos = createRepositories(connections, lsh, options.reviewBelow);
  return {
    backend: 'postgres',
    location,
    repos,
    migrated,
    connections,
    reconcile: () => lsh.reconcile(),
    async reindex() {
      const searchIndexed = await repos.writes.rebuildSearchIndex();
      const verifyIndex = await lsh.reconcile();
      // The planner's statistics are derived from the data too (autovacuum refreshes them in time; a bulk load wants them at once).
      await connections.write.query('ANALYZE');
      return { searchIndexed, verifyIndex };
    },
    async checkIntegrity() {
      // What the server cannot check by itself: every quote filed and tagged as its data says.
      const stale = await connections.read.query<{ n: number }>(
        `SELECT count(*) AS n FROM quote q WHERE q.search_tags IS DISTINCT FROM quote_search_tags(q.id, q.speaker_id, q.kind, q.filed_on)
           OR q.filed_on IS DISTINCT FROM quote_filed_on(q.id, q.said_on)`,
      );
      const n = stale.rows[0]?.n ?? 0;
      return n === 0 ? 'ok' : `${n} quotes have stale dates or search tags (run reindex)`;
    },
    backup: (destination) => dumpDatabase(connections, config.databaseUrl, destination),
    restore: (source, { replace }) => restoreDatabase(connections, config.databaseUrl, source, replace),
    async close() {
      await lsh.stop();
      await connections.close();
    },
  };
}
