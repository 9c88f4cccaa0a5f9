import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { childProcessEnv, loadConfig } from '../src/config.ts';
import { migrateDatabase, pendingMigrations } from '../src/storage/sqlite/migrate.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { lshMatch } from '../src/storage/sqlite/verify-index/lsh-token.ts';
import { lshBuckets } from '../src/verification/minhash.ts';
import { SKELETON_BAND } from '../src/verification/skeleton.ts';

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
    // Undo the statuses and tombstones.
    old.exec(`DROP TABLE Tombstone; DROP INDEX Occurrence_status_id_idx;
      ${['Quote', 'Occurrence'].flatMap((t) => ['status', 'statusReason', 'statusChangedAt', 'statusChangedBy'].map((c) => `ALTER TABLE ${t} DROP COLUMN ${c};`)).join(' ')}`);
    old.exec('DROP TABLE Revision; DROP TABLE AuditEvent; DROP TABLE ApiKey;');
    // Undo the variant links (and the evidence check their migration asks for).
    old.exec('DROP INDEX Quote_variantOfId_idx; ALTER TABLE Quote DROP COLUMN variantOfId; PRAGMA user_version = 0;');
    // Undo the speaker redirects and the change counter.
    old.exec('DROP TABLE SpeakerRedirect; DROP TABLE ChangeEpoch;');
    // Undo the index of quotes by subject.
    old.exec('DROP INDEX Quote_aboutSpeakerId_idx;');
    // Undo the citations and import checkpoints.
    old.exec('DROP TABLE Citation; DROP TABLE ImportCheckpoint;');
    // Undo the quote hash index merge (back to the unique (speaker, hash) key, the hash and saidOn indexes).
    old.exec(`DROP INDEX Quote_normalizedHash_speakerId_key;
      CREATE UNIQUE INDEX "Quote_speakerId_normalizedHash_key" ON "Quote"("speakerId", "normalizedHash");
      CREATE INDEX "Quote_normalizedHash_idx" ON "Quote"("normalizedHash"); CREATE INDEX "Quote_saidOn_idx" ON "Quote"("saidOn");`);
    // The LSH move needs no undoing: the lsh_index_file migration took quote_lsh and lshVersion out again.
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
    // Prisma does not see the partial index of variant links: it is checked here.
    expect(again.sql.prepare('EXPLAIN QUERY PLAN SELECT id FROM Quote WHERE variantOfId = ?').all(1)).toMatchObject([{ detail: expect.stringContaining('Quote_variantOfId_idx') }]);
    await again.close();
  });

  it('moves existing LSH rows into quote_lsh with the tokens lshToken() makes (the SQL copy of the format agrees)', async () => {
    const file = path.join(dir, 'lsh.db');
    copyFileSync(inject('templateDatabase'), file);
    const migrations = readdirSync(path.join(ROOT, 'prisma/migrations')).filter((d) => /^\d{14}_/.test(d)).sort();
    const lshFts = migrations.find((d) => d.endsWith('_lsh_fts'));
    const verifyLsh = migrations.find((d) => d.endsWith('_verify_lsh'));
    if (lshFts === undefined || verifyLsh === undefined) throw new Error('migrations not found');
    // Back to the B-tree layout, as a database from the previous release.
    const old = new BetterSqlite3(file);
    // (quote_lsh and lshVersion, which it adds, were taken out again by the lsh_index_file migration.)
    old.prepare('DELETE FROM _prisma_migrations WHERE migration_name = ?').run(lshFts);
    old.exec(readFileSync(path.join(ROOT, 'prisma/migrations', verifyLsh, 'migration.sql'), 'utf8'));
    old.prepare("INSERT INTO Speaker (id, slug, name, kind, updatedAt) VALUES (1, 's', 'S', 'person', '2025-01-01')").run();
    const texts = ['the harvest will double in the southern provinces this year', 'we will not restart the reactors before spring'];
    const insertQuote = old.prepare(
      "INSERT INTO Quote (id, speakerId, text, normalizedText, normalizedHash, kind, updatedAt) VALUES (?, 1, ?, ?, ?, 'direct', '2025-01-01')",
    );
    const insertRow = old.prepare('INSERT INTO QuoteLshBucket (band, bucket, quoteId) VALUES (?, ?, ?)');
    texts.forEach((text, i) => {
      insertQuote.run(i + 1, text, text, `h${i}`);
      // Quote 2 was indexed before the skeleton band: it must be left to the backfill.
      for (const b of lshBuckets(text)) if (i === 0 || b.band !== SKELETON_BAND) insertRow.run(b.band, b.bucket, i + 1);
    });
    old.close();
    // Negative buckets are the case where SQL and JavaScript could write the number differently.
    expect(texts.flatMap(lshBuckets).some((b) => b.bucket < 0)).toBe(true);

    expect(await migrateDatabase(loadConfig({ DATABASE_URL: `file:${file}` }))).toEqual([lshFts]);
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      const holders = (b: { band: number; bucket: number }) =>
        db.prepare('SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ?').pluck().all(lshMatch(b)) as number[];
      for (const b of lshBuckets(texts[0] as string)) expect(holders(b)).toEqual([1]);
      for (const b of lshBuckets(texts[1] as string)) expect(holders(b)).toEqual([]);
      // The migration marked what it carried over as version 1 (its frozen copy of the format), the rest 0, for the
      // startup backfill of its day (the verify index now lives in a file of its own, rebuilt from the quotes).
      expect(db.prepare('SELECT id, lshVersion FROM Quote ORDER BY id').all()).toEqual([
        { id: 1, lshVersion: 1 },
        { id: 2, lshVersion: 0 },
      ]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'QuoteLshBucket'").get()).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
