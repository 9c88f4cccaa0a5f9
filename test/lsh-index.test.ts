import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lshIndexPath, prepareLshIndexFile, type LshRow } from '../src/db/lsh-index.store.ts';
import { LshIndexWriter } from '../src/db/lsh-index.writer.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import { lshMatch } from '../src/verification/lsh-token.ts';
import { LSH_VERSION, lshBuckets } from '../src/verification/minhash.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

/** A row for a quote id no test stores (reconciliation would remove it: these tests do not reconcile while they hold one). */
function row(words: string): LshRow {
  const normalized = normalizeQuoteText(words);
  return [2_000_000_000 + Math.floor(Math.random() * 100_000_000), normalized, sha256Hex(normalized)];
}

/** Whether every token of the words finds the quote id in the index (read through the app's own connection). */
function indexed(t: TestApp, [id, normalized]: LshRow): boolean[] {
  const holders = t.db.sql.prepare('SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ?').pluck();
  return lshBuckets(normalized).map((b) => (holders.all(lshMatch(b)) as number[]).includes(id));
}

function signedCount(file: string): number {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM lsh_signed').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('the verify index file and its writer thread', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('writes what it is handed on its thread, keeps a row made from the same words, replaces one made from others, removes', async () => {
    const first = row(`Ports ${unique('p')} will reopen to foreign ships in April`);
    t.db.lshIndex.add([first]);
    await t.db.lshIndex.settled();
    expect(indexed(t, first).every(Boolean)).toBe(true);
    // The same quote again (reconciliation racing an ingest): still one row.
    t.db.lshIndex.add([first]);
    await t.db.lshIndex.settled();
    expect(t.db.sql.prepare('SELECT COUNT(*) FROM lsh.lsh_signed WHERE quoteId = ?').pluck().get(first[0])).toBe(1);
    // Other words under the same id (a restored database under an older index file): replaced.
    const other = row(`Bridges ${unique('b')} across the northern river need urgent repairs`);
    const replaced: LshRow = [first[0], other[1], other[2]];
    t.db.lshIndex.add([replaced]);
    await t.db.lshIndex.settled();
    expect(indexed(t, replaced).every(Boolean)).toBe(true);
    expect(indexed(t, first).some(Boolean)).toBe(false);
    t.db.lshIndex.remove([first[0]]);
    await t.db.lshIndex.settled();
    expect(indexed(t, replaced).some(Boolean)).toBe(false);
  });

  it('empties a file made by another LSH version when the database is opened; reconciliation rebuilds it from the quotes', async () => {
    await t.db.lshIndex.settled();
    const file = lshIndexPath(t.databasePath);
    const quotes = t.db.sql.prepare('SELECT COUNT(*) FROM Quote').pluck().get() as number;
    expect(quotes).toBeGreaterThanOrEqual(20);
    expect(signedCount(file)).toBe(quotes);
    const older = new BetterSqlite3(file);
    older.pragma(`user_version = ${LSH_VERSION - 1}`);
    older.close();
    prepareLshIndexFile(file);
    expect(signedCount(file)).toBe(0);
    expect(await t.repos.writes.reconcileLshIndex()).toEqual({ indexed: quotes, removed: 0 });
    expect(signedCount(file)).toBe(quotes);
    const writable = new BetterSqlite3(file);
    expect(writable.pragma('user_version', { simple: true })).toBe(LSH_VERSION);
    expect(() => writable.prepare(`INSERT INTO quote_lsh (quote_lsh, rank) VALUES ('integrity-check', 0)`).run()).not.toThrow();
    writable.close();
  });

  it('stops its thread when idle and starts another for the next change', async () => {
    const writer = new LshIndexWriter(lshIndexPath(t.databasePath), t.databasePath, { idleStopMs: 50 });
    try {
      const first = row(`Trains ${unique('t')} to the border will run twice a day`);
      writer.add([first]);
      await writer.settled();
      expect(writer.threadRunning).toBe(true);
      const deadline = Date.now() + 5_000;
      while (writer.threadRunning && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(writer.threadRunning).toBe(false);
      const second = row(`Flights ${unique('f')} to the capital resume next week`);
      writer.add([second]);
      expect(writer.threadRunning).toBe(true);
      await writer.settled();
      expect(indexed(t, first).every(Boolean)).toBe(true);
      expect(indexed(t, second).every(Boolean)).toBe(true);
      writer.remove([first[0], second[0]]);
    } finally {
      await writer.close();
    }
  });

  it('writes on the calling thread when its thread dies, the changes it had not written included', async () => {
    const failing = new URL('./support/failing-worker.ts', import.meta.url);
    const writer = new LshIndexWriter(lshIndexPath(t.databasePath), t.databasePath, { workerModule: failing });
    try {
      const first = row(`Schools ${unique('s')} in the valley will close early for the harvest`);
      writer.add([first]);
      await writer.settled();
      expect(writer.threadRunning).toBe(false);
      expect(indexed(t, first).every(Boolean)).toBe(true);
      const second = row(`Clinics ${unique('c')} will stay open through the holidays`);
      writer.add([second]);
      await writer.settled();
      expect(indexed(t, second).every(Boolean)).toBe(true);
      writer.remove([first[0], second[0]]);
      await writer.settled();
      expect(indexed(t, first).some(Boolean)).toBe(false);
    } finally {
      await writer.close();
    }
  });

  it('lets a process that handed over changes end on its own, with the changes written', () => {
    const module = new URL('../src/db/lsh-index.writer.ts', import.meta.url).href;
    const first = row(`Mines ${unique('m')} in the east will be cleared by autumn`);
    const script = path.join(path.dirname(t.databasePath), 'hand-over.mts');
    writeFileSync(
      script,
      `const { LshIndexWriter } = await import(${JSON.stringify(module)});
      const writer = new LshIndexWriter(${JSON.stringify(lshIndexPath(t.databasePath))}, ${JSON.stringify(t.databasePath)});
      writer.add([${JSON.stringify(first)}]);\n`,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { timeout: 30_000, encoding: 'utf8' });
    expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(indexed(t, first).every(Boolean)).toBe(true);
    t.db.lshIndex.remove([first[0]]);
  });
});
