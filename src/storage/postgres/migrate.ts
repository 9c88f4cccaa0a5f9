import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const MIGRATIONS = path.join(import.meta.dirname, 'migrations');
/** Any number, the same in every process: processes starting together migrate one after another. */
const MIGRATION_LOCK = 0x77686f73;

/** The migrations this backend ships, in order (file names sort by their timestamp prefix). */
export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''));
}

/**
 * Applies the migrations the database lacks, each in its own transaction,
 * under an advisory lock (several API processes may start at once). Never
 * wipes. Returns the names applied.
 */
export async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Transaction-scoped locks only: behind a pooler in transaction mode a session lock could be taken on
  // one server connection and released on another, and stay held for good.
  const locked = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };
  try {
    await locked(() =>
      client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`),
    );
    const applied: string[] = [];
    for (const name of migrationNames()) {
      // Each migration in its own transaction, checked again under the lock: another process may have just applied it.
      const done = await locked(async () => {
        if ((await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name])).rowCount !== 0) return false;
        try {
          await client.query(readFileSync(path.join(MIGRATIONS, `${name}.sql`), 'utf8'));
        } catch (error) {
          throw new Error(`PostgreSQL migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
        return true;
      });
      if (done) applied.push(name);
    }
    return applied;
  } finally {
    await client.end();
  }
}
