import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { childProcessEnv, loadConfig } from '../src/config.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { configureWriter, openDatabase } from '../src/db/database.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('the committed migrations produce exactly the Prisma schema (no drift, FTS tables ignored)', async () => {
    const config = loadConfig({ DATABASE_URL: `file:${path.join(dir, 'unused.db')}` });
    const prisma = createRequire(import.meta.url).resolve('prisma/build/index.js');
    // Replays the migrations into a shadow database and compares with schema.prisma.
    // Exit code 0 = no difference; 2 = a schema change has no migration (or FTS tables leak into Prisma's view).
    const args = ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code'];
    const result = await run(process.execPath, [prisma, ...args], {
      cwd: ROOT,
      env: childProcessEnv(config),
    }).then(
      () => 0,
      (error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result).toBe(0);
  });

  it('migrating an existing database again keeps its data', async () => {
    const file = path.join(dir, 'existing.db');
    copyFileSync(inject('templateDatabase'), file);
    const config = loadConfig({ DATABASE_URL: `file:${file}` });
    const db = openDatabase(file);
    await configureWriter(db.prisma);
    await db.prisma.speaker.create({ data: { slug: 'kept', name: 'Kept', kind: 'person' } });
    await db.close();
    await migrateDatabase(config);
    const again = openDatabase(file);
    expect(again.sql.prepare("SELECT name FROM Speaker WHERE slug = 'kept'").pluck().get()).toBe('Kept');
    expect(again.sql.prepare("SELECT name FROM sqlite_master WHERE name = 'quote_fts'").pluck().get()).toBe('quote_fts');
    await again.close();
  });
});
