import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS } from '../src/storage/sqlite/busy-timeout.ts';
import { LshIndexStore, lshIndexPath, prepareLshIndexFile, type LshRow } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { LshIndexWriter } from '../src/storage/sqlite/verify-index/lsh-index.writer.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import { lshIndexDocument, lshMatch } from '../src/storage/sqlite/verify-index/lsh-token.ts';
import { LSH_VERSION, lshBuckets } from '../src/verification/minhash.ts';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { useTestApp, unique, type TestApp } from './support/test-app.ts';

/** A quote stored through the API, unique to the calling test: its verify-index row (id, normalizedText, normalizedHash). */
async function storedQuote(t: TestApp, words: string): Promise<LshRow> {
  const id = await addQuote(t, { speaker: (await addSpeaker(t)).slug, text: words });
  const row = t.db.sql.prepare('SELECT normalizedText, normalizedHash FROM Quote WHERE id = ?').get(id) as { normalizedText: string; normalizedHash: string };
  return [id, row.normalizedText, row.normalizedHash];
}

/** A stored quote whose verify-index row has been taken out again. */
async function unindexedQuote(t: TestApp, words: string): Promise<LshRow> {
  const quote = await storedQuote(t, words);
  await t.db.lshIndex.settled();
  t.db.lshIndex.remove([quote[0]]);
  await t.db.lshIndex.settled();
  return quote;
}

/** The row of other words under the same quote id. */
function otherWords([id]: LshRow, words: string): LshRow {
  const normalized = normalizeQuoteText(words);
  return [id, normalized, sha256Hex(normalized)];
}

/** Makes the index's row of a stored quote one made from other words (a restored database under a newer index file); returns that row. */
async function indexedFromOtherWords(t: TestApp, quote: LshRow, words: string): Promise<LshRow> {
  await t.db.lshIndex.settled();
  const before = otherWords(quote, words);
  const file = new BetterSqlite3(lshIndexPath(t.databasePath));
  try {
    file.prepare('DELETE FROM quote_lsh WHERE rowid = ?').run(quote[0]);
    file.prepare('INSERT INTO quote_lsh (rowid, buckets) VALUES (?, ?)').run(quote[0], lshIndexDocument(before[1]));
    file.prepare('UPDATE lsh_signed SET hash = ? WHERE quoteId = ?').run(before[2], quote[0]);
  } finally {
    file.close();
  }
  return before;
}

/** For each token of the words, whether it finds the quote id in the index (read through the app's own connection). */
function indexed(t: TestApp, [id, normalized]: LshRow): boolean[] {
  const holders = t.db.sql.prepare('SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ?').pluck();
  return lshBuckets(normalized).map((b) => (holders.all(lshMatch(b)) as number[]).includes(id));
}

/** `indexed` once the index has caught up with this process's changes. */
async function indexedSettled(t: TestApp, row: LshRow): Promise<boolean[]> {
  await t.db.lshIndex.settled();
  return indexed(t, row);
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
  const t = useTestApp({ seed: true });

  it('writes what it is handed on its thread, once per quote, and removes', async () => {
    const quote = await storedQuote(t, `Ports ${unique('p')} will reopen to foreign ships in April`);
    expect(await indexedSettled(t, quote)).toEqual(lshBuckets(quote[1]).map(() => true));
    t.db.lshIndex.remove([quote[0]]);
    await t.db.lshIndex.settled();
    expect(indexed(t, quote).some(Boolean)).toBe(false);
    t.db.lshIndex.add([quote]);
    // The same quote again (reconciliation racing an ingest): still one row.
    t.db.lshIndex.add([quote]);
    expect((await indexedSettled(t, quote)).every(Boolean)).toBe(true);
    expect(t.db.sql.prepare('SELECT COUNT(*) FROM lsh.lsh_signed WHERE quoteId = ?').pluck().get(quote[0])).toBe(1);
  });

  it('never adds a row for words the database does not hold under that id (a late add after a delete, a stale change)', async () => {
    const quote = await storedQuote(t, `Bridges ${unique('b')} across the northern river need urgent repairs`);
    // Other words under the same id: the current row stays, the other words get none.
    const stale = otherWords(quote, `Tunnels ${unique('t')} under the southern hills are safe`);
    t.db.lshIndex.add([stale]);
    expect((await indexedSettled(t, quote)).every(Boolean)).toBe(true);
    expect(indexed(t, stale).some(Boolean)).toBe(false);
    // Deleted, then an add that was still on its way (another process's): nothing comes back.
    expect(await t.repos.writes.deleteQuote(quote[0])).toBe(true);
    t.db.lshIndex.add([quote]);
    expect((await indexedSettled(t, quote)).some(Boolean)).toBe(false);
    expect(t.db.sql.prepare('SELECT COUNT(*) FROM lsh.lsh_signed WHERE quoteId = ?').pluck().get(quote[0])).toBe(0);
  });

  it('replaces a row made from other words (a restored database under a newer index file) when reconciling', async () => {
    const quote = await storedQuote(t, `Harbours ${unique('h')} on the east coast will be dredged this winter`);
    const before = await indexedFromOtherWords(t, quote, `Canals ${unique('c')} in the old town were drained last spring`);
    expect(indexed(t, before).every(Boolean)).toBe(true);
    expect(await t.repos.writes.reconcileLshIndex()).toEqual({ indexed: 1, removed: 1, complete: true });
    expect(indexed(t, before).some(Boolean)).toBe(false);
    expect(indexed(t, quote).every(Boolean)).toBe(true);
  });

  it('when one transaction adds quotes, removes two of them, adds one back and replaces a row made from other words, then the index holds what each change in turn leaves', async () => {
    const kept = await unindexedQuote(t, `Ferries ${unique('f')} to the outer islands will run twice a day`);
    const again = await unindexedQuote(t, `Schools ${unique('s')} in the valley reopen after the floods`);
    const gone = await unindexedQuote(t, `Markets ${unique('m')} in the square close early on Sundays`);
    const replaced = await storedQuote(t, `Roads ${unique('r')} over the pass stay closed until the thaw`);
    const before = await indexedFromOtherWords(t, replaced, `Trails ${unique('t')} along the ridge were marked again last year`);
    const store = new LshIndexStore(lshIndexPath(t.databasePath), t.databasePath);
    try {
      const changes = [{ add: [kept, again, gone] }, { remove: [again[0], gone[0]] }, { add: [again, replaced, kept] }];
      expect(store.apply(changes)).toEqual({ indexed: 5, removed: 2 });
    } finally {
      store.close();
    }
    for (const quote of [kept, again, replaced]) expect(indexed(t, quote).every(Boolean)).toBe(true);
    for (const absent of [before, gone]) expect(indexed(t, absent).some(Boolean)).toBe(false);
    const holders = t.db.sql.prepare('SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ?').pluck();
    for (const quote of [kept, again, replaced]) {
      for (const bucket of lshBuckets(quote[1])) expect((holders.all(lshMatch(bucket)) as number[]).filter((id) => id === quote[0])).toHaveLength(1);
    }
    const check = new BetterSqlite3(lshIndexPath(t.databasePath));
    try {
      expect(() => check.prepare("INSERT INTO quote_lsh (quote_lsh, rank) VALUES ('integrity-check', 0)").run()).not.toThrow();
    } finally {
      check.close();
    }
  });

  it('a batch another process keeps waiting past three busy timeouts is let go (nothing waits forever), then redone by the thread', async () => {
    const quote = await unindexedQuote(t, `Roads ${unique('r')} into the mountains will be closed by snow`);
    const other = new BetterSqlite3(lshIndexPath(t.databasePath));
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    t.db.lshIndex.add([quote]);
    // Three tries of BUSY_TIMEOUT_MS each, then the batch is acknowledged and left to a reconciliation.
    await t.db.lshIndex.settled();
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * BUSY_TIMEOUT_MS);
    expect(indexed(t, quote).some(Boolean)).toBe(false);
    other.exec('COMMIT');
    other.close();
    // The thread's own reconciliation, once the file is free, writes the row; the thread stayed up.
    const deadline = Date.now() + 15_000;
    while (!indexed(t, quote).every(Boolean) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(indexed(t, quote).every(Boolean)).toBe(true);
    expect(t.db.lshIndex.threadRunning).toBe(true);
  }, 45_000);

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
    expect(await t.repos.writes.reconcileLshIndex()).toEqual({ indexed: quotes, removed: 0, complete: true });
    expect(signedCount(file)).toBe(quotes);
    const writable = new BetterSqlite3(file);
    expect(writable.pragma('user_version', { simple: true })).toBe(LSH_VERSION);
    expect(() => writable.prepare(`INSERT INTO quote_lsh (quote_lsh, rank) VALUES ('integrity-check', 0)`).run()).not.toThrow();
    writable.close();
  });

  it('a reconciliation asked for while the writer closes does nothing and reports itself incomplete', async () => {
    const writer = new LshIndexWriter(lshIndexPath(t.databasePath), t.databasePath);
    const quote = await unindexedQuote(t, `Dams ${unique('d')} on the upper river will release water in May`);
    writer.add([quote]);
    const reconciled = writer.reconcile();
    await writer.close();
    expect(await reconciled).toEqual({ indexed: 0, removed: 0, complete: false });
    // What it was handed before closing was written.
    expect(indexed(t, quote).every(Boolean)).toBe(true);
  });

  it('stops its thread when idle and starts another for the next change', async () => {
    const writer = new LshIndexWriter(lshIndexPath(t.databasePath), t.databasePath, { idleStopMs: 50 });
    try {
      const first = await unindexedQuote(t, `Trains ${unique('t')} to the border will run twice a day`);
      const second = await unindexedQuote(t, `Flights ${unique('f')} to the capital resume next week`);
      writer.add([first]);
      await writer.settled();
      expect(writer.threadRunning).toBe(true);
      const deadline = Date.now() + 5_000;
      while (writer.threadRunning && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(writer.threadRunning).toBe(false);
      writer.add([second]);
      expect(writer.threadRunning).toBe(true);
      await writer.settled();
      expect(indexed(t, first).every(Boolean)).toBe(true);
      expect(indexed(t, second).every(Boolean)).toBe(true);
    } finally {
      await writer.close();
    }
  });

  it('writes on the calling thread when its thread dies, the changes it had not written included', async () => {
    const failing = new URL('./support/failing-worker.ts', import.meta.url);
    const writer = new LshIndexWriter(lshIndexPath(t.databasePath), t.databasePath, { workerModule: failing });
    try {
      const first = await unindexedQuote(t, `Schools ${unique('s')} in the valley will close early for the harvest`);
      const second = await unindexedQuote(t, `Clinics ${unique('c')} will stay open through the holidays`);
      writer.add([first]);
      await writer.settled();
      expect(writer.threadRunning).toBe(false);
      expect(indexed(t, first).every(Boolean)).toBe(true);
      writer.add([second]);
      await writer.settled();
      expect(indexed(t, second).every(Boolean)).toBe(true);
      writer.remove([first[0]]);
      await writer.settled();
      expect(indexed(t, first).some(Boolean)).toBe(false);
      writer.add([first]);
    } finally {
      await writer.close();
    }
  });

  it('lets a process that handed over changes end on its own, with the changes written', async () => {
    const module = new URL('../src/storage/sqlite/verify-index/lsh-index.writer.ts', import.meta.url).href;
    const first = await unindexedQuote(t, `Mines ${unique('m')} in the east will be cleared by autumn`);
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
  });
});
