import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/storage/sqlite/database.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the checkpointer thread', () => {
  it('copies what the writer commits from the WAL into the database file, without the writer checkpointing', async () => {
    const file = path.join(dir, 'wal.db');
    const db = openDatabase(file);
    // The writer's own automatic checkpoint off: only the thread can move pages into the file.
    db.writer.pragma('wal_autocheckpoint = 0');
    db.writer.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.writer.prepare('INSERT INTO filler (body) VALUES (?)');
    db.writer.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run(`${i} ${'x'.repeat(1_000)}`);
    })();
    const committed = statSync(`${file}-wal`).size;
    expect(committed).toBeGreaterThan(2_000_000);

    // About 2 MB of pages reach the database file within a few of the thread's intervals.
    const deadline = Date.now() + 5_000;
    while (statSync(file).size < 2_000_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(file).size).toBeGreaterThan(2_000_000);
    // And the data reads back whole.
    const bodies = Array.from({ length: 2_000 }, (_, i) => `${i} `.length + 1_000).reduce((a, b) => a + b);
    expect(db.sql.prepare('SELECT COUNT(*), SUM(length(body)) FROM filler').raw().get()).toEqual([2_000, bodies]);
    await db.close();
  });
});
