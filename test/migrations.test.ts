import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { childProcessEnv, loadConfig } from '../src/config.ts';
import { migrateDatabase, pendingMigrations } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/database.ts';

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

  it('an existing database on an older schema is migrated forward, keeping its data', async () => {
    const file = path.join(dir, 'existing.db');
    copyFileSync(inject('templateDatabase'), file);
    // Roll the copy back to "only the first migration applied", as a database from an older release would be.
    const [first, ...later] = readdirSync(path.join(ROOT, 'prisma/migrations')).filter((d) => /^\d{14}_/.test(d)).sort();
    expect(later.length).toBeGreaterThan(0);
    const old = new BetterSqlite3(file);
    old.prepare('DELETE FROM _prisma_migrations WHERE migration_name != ?').run(first);
    old.exec('DROP TABLE AuditEvent; DROP TABLE ApiKey; DROP TABLE QuoteLshBucket;');
    // Undo the search-index migration: the trigram index, Quote's new columns, and back to the first quote index.
    old.exec(`DROP TRIGGER speaker_alias_fts_after_insert; DROP TRIGGER speaker_alias_fts_after_delete;
      DROP TRIGGER speaker_alias_fts_after_update; DROP TABLE speaker_alias_fts; DROP INDEX Quote_filedOn_idx; DROP INDEX Quote_speakerId_filedOn_idx;
      ALTER TABLE Quote DROP COLUMN filedOn; ALTER TABLE Quote DROP COLUMN searchTags; DROP TABLE quote_fts;
      CREATE VIRTUAL TABLE quote_fts USING fts5(text, content='Quote', content_rowid='id', tokenize="unicode61 remove_diacritics 2");`);
    old.prepare("INSERT INTO Speaker (slug, name, kind, updatedAt) VALUES ('kept', 'Kept', 'person', '2025-01-01')").run();
    old.close();

    const config = loadConfig({ DATABASE_URL: `file:${file}` });
    expect(pendingMigrations(file)).toEqual(later);
    expect(await migrateDatabase(config)).toEqual(later);
    expect(pendingMigrations(file)).toEqual([]);
    expect(await migrateDatabase(config)).toEqual([]);

    const again = openDatabase(file);
    expect(again.sql.prepare("SELECT name FROM Speaker WHERE slug = 'kept'").pluck().get()).toBe('Kept');
    expect(again.sql.prepare("SELECT name FROM sqlite_master WHERE name = 'ApiKey'").pluck().get()).toBe('ApiKey');
    await again.close();
  });

});
