import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { childProcessEnv, type Config } from '../../config.ts';
import { repairEvidenceIfPending } from './evidence-repair.ts';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '../../..');
const migrationsDir = path.join(projectRoot, 'prisma/migrations');

/** Migrations in prisma/migrations that the database has not applied yet. */
export function pendingMigrations(databasePath: string): string[] {
  const all = readdirSync(migrationsDir).filter((d) => /^\d{14}_/.test(d));
  if (!existsSync(databasePath)) return all;
  const db = new BetterSqlite3(databasePath, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (hasTable === undefined) return all;
    const applied = new Set(
      db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').pluck().all() as string[],
    );
    return all.filter((m) => !applied.has(m));
  } finally {
    db.close();
  }
}

/**
 * Creates the database file if needed and applies pending Prisma migrations
 * (`prisma migrate deploy`), then the data repair a migration left pending
 * (evidence-repair.ts): an existing database is migrated, never reset.
 * The Prisma CLI is the one authority on migration state, so it is run rather
 * than re-implemented — but only when something is pending, because it takes
 * about a second and cannot run while a server holds the database.
 */
export async function migrateDatabase(config: Pick<Config, 'databasePath'>): Promise<string[]> {
  mkdirSync(path.dirname(config.databasePath), { recursive: true });
  const pending = pendingMigrations(config.databasePath);
  if (pending.length > 0) {
    const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
    await run(process.execPath, [prismaCli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...childProcessEnv(config), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  }
  // The data step a migration asked for (SQL alone cannot do it); checked on every open, so a crash leaves it to the next.
  repairEvidenceIfPending(config.databasePath);
  return pending;
}
