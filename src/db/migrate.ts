import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { childProcessEnv, type Config } from '../config.ts';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '../..');

/**
 * Creates the database file if needed and applies pending Prisma migrations
 * (`prisma migrate deploy`): an existing database is migrated, never reset.
 * The Prisma CLI is the one authority on migration state, so it is run rather
 * than re-implemented.
 */
export async function migrateDatabase(config: Config): Promise<string> {
  mkdirSync(path.dirname(config.databasePath), { recursive: true });
  const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const { stdout } = await run(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...childProcessEnv(config), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  return stdout;
}
