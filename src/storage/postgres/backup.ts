import { execFile } from 'node:child_process';
import { existsSync, linkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { environmentWith } from '../../config.ts';
import type { BackupReport, RestoreReport } from '../storage.ts';
import type { Connections } from './connection.ts';

const execute = promisify(execFile);

/**
 * Runs a client tool on the database at `url`; the password travels in the
 * environment (PGPASSWORD), not in the arguments every user can list.
 */
function run(tool: string, args: string[], url?: string) {
  let env: NodeJS.ProcessEnv | undefined;
  if (url !== undefined) {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      env = environmentWith({ PGPASSWORD: decodeURIComponent(parsed.password) });
      parsed.password = '';
    }
    args = [...args, `--dbname=${parsed.toString()}`];
  }
  return execute(tool, args, env === undefined ? { maxBuffer: 64 * 1024 * 1024 } : { env, maxBuffer: 64 * 1024 * 1024 });
}

/** What a tool wrote on stderr, or its error, as one line for the report. */
function failure(tool: string, error: unknown): Error {
  const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr).trim() : '';
  const detail = stderr !== '' ? stderr : error instanceof Error ? error.message : String(error);
  const missing = typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
  return new Error(missing ? `${tool} is not installed (Debian: apt-get install postgresql-client).` : `${tool} failed: ${detail}`, { cause: error });
}

async function tableCounts(client: { query: Connections['write']['query'] }): Promise<Record<string, number>> {
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await client.query<{ n: number }>(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`);
    counts[name] = result.rows[0]?.n ?? 0;
  }
  return counts;
}

/**
 * pg_dump in its custom format, of one snapshot: the row counts reported are
 * those of the snapshot the dump copies (exported from a repeatable-read
 * transaction held open while pg_dump runs). Written beside the destination,
 * listed by pg_restore as a check that it reads back, then given its name, so
 * the file is whole or absent; an existing file is never replaced.
 */
export async function dumpDatabase(connections: Connections, url: string, destination: string): Promise<BackupReport> {
  const target = path.resolve(destination);
  // As the SQLite backend's: a backup never replaces a file (an older backup, or anything else).
  if (existsSync(target)) throw new Error(`${destination} exists; choose a new file for the backup.`);
  const partial = `${target}.partial-${process.pid}`;
  const client = await connections.write.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]?.id ?? '';
    const size = await client.query<{ bytes: number }>('SELECT pg_database_size(current_database()) AS bytes');
    const tables = await tableCounts(client);
    try {
      await run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${partial}`], url);
    } catch (error) {
      rmSync(partial, { force: true });
      throw failure('pg_dump', error);
    }
    await client.query('COMMIT');
    let integrity = 'ok';
    try {
      await run('pg_restore', ['--list', partial]);
    } catch (error) {
      integrity = failure('pg_restore --list', error).message;
    }
    // Given the name only when whole; a link, not a rename, so that a file made meanwhile is not replaced either.
    try {
      linkSync(partial, target);
    } finally {
      rmSync(partial, { force: true });
    }
    return { pages: Math.ceil((size.rows[0]?.bytes ?? 0) / 8192), integrity, tables };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

/**
 * pg_restore of a custom-format dump into this database, in one transaction:
 * all of it or nothing. Into an empty database unless `replace` (then the
 * dump's objects are dropped first: the database becomes the backup).
 */
export async function restoreDatabase(connections: Connections, url: string, source: string, replace: boolean): Promise<RestoreReport> {
  const existing = await connections.write.query<{ found: boolean }>(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS found`);
  if (existing.rows[0]?.found === true && !replace) {
    throw new Error('The database already holds a whosaid schema: restore into an empty database, or pass --replace to overwrite it with the backup.');
  }
  const args = ['--single-transaction', '--exit-on-error', '--no-owner'];
  if (replace) args.push('--clean', '--if-exists');
  try {
    await run('pg_restore', [...args, path.resolve(source)], url);
  } catch (error) {
    throw failure('pg_restore', error);
  }
  return { tables: await tableCounts(connections.write) };
}
