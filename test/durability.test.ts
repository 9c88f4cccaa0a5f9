import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../src/storage/sqlite/backup.ts';
import { lshIndexPath } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { runCli, startServer, type ServerProcess } from './support/server-process.ts';

const WRITERS = 8;
const WRITES_EACH = 200;

/**
 * Real server process, real HTTP, real SQLite file: concurrent writers lose
 * nothing, and an online backup taken under load restores to the same counts.
 */
describe('durability under concurrent writes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-durable-'));
  const databaseUrl = `file:${path.join(dir, 'live.db')}`;
  let server: ServerProcess;
  let key: string;

  beforeAll(async () => {
    const created = await runCli(['keys', 'create', '--role', 'editor'], { DATABASE_URL: databaseUrl, SEED_ON_START: 'false' });
    key = created.stdout.trim();
    server = await startServer({ DATABASE_URL: databaseUrl, SEED_ON_START: 'false', RATE_LIMIT_MAX: '1000000' });
  }, 60_000);
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(pathname: string, body: unknown): Promise<{ status: number; json: { id: number } }> {
    const res = await fetch(`${server.url}${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as { id: number } };
  }

  /** One write: a document and the quote it contains. */
  async function write(writer: number, n: number): Promise<{ documentId: number; quoteId: number }> {
    const words = `Writer ${writer} makes statement number ${n} about the harbour`;
    const text = `On Monday the mayor said: “${words}.”`;
    const doc = await post('/v1/documents', { text, outlet: `Outlet ${writer}` });
    expect(doc.status).toBe(201);
    const start = text.indexOf(words);
    const speaker = writer % 2 === 0 ? 'speaker-even' : 'speaker-odd';
    const quote = await post('/v1/quotes', { speaker, text: words, kind: 'direct', evidence: { documentId: doc.json.id, start, end: start + words.length } });
    expect(quote.status).toBe(201);
    return { documentId: doc.json.id, quoteId: quote.json.id };
  }

  it(`keeps every acknowledged write of ${WRITERS} writers × ${WRITES_EACH} writes`, async () => {
    for (const slug of ['speaker-even', 'speaker-odd']) {
      expect((await post('/v1/speakers', { name: slug, slug, kind: 'person' })).status).toBe(201);
    }
    const acknowledged = await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const done: { documentId: number; quoteId: number }[] = [];
        for (let n = 0; n < WRITES_EACH; n++) done.push(await write(w, n));
        return done;
      }),
    );
    const all = acknowledged.flat();
    expect(all).toHaveLength(WRITERS * WRITES_EACH);
    const db = new BetterSqlite3(path.join(dir, 'live.db'), { readonly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      expect(tableCounts(db)).toMatchObject({ Document: all.length, Quote: all.length, Occurrence: all.length, Speaker: 2 });
      const present = db.prepare('SELECT COUNT(*) FROM Occurrence WHERE documentId = ? AND quoteId = ?').pluck();
      for (const w of all) expect(present.get(w.documentId, w.quoteId)).toBe(1);
      // The full-text index saw every quote too.
      expect(db.prepare("SELECT COUNT(*) FROM quote_fts WHERE quote_fts MATCH 'harbour'").pluck().get()).toBe(all.length);
    } finally {
      db.close();
    }
  }, 240_000);

  it('backs up online while writes continue, and the copy restores with the same counts', async () => {
    const writing = Promise.all(Array.from({ length: 4 }, async (_, w) => {
      for (let n = 0; n < 25; n++) await write(100 + w, n);
    }));
    const backupFile = path.join(dir, 'backup.db');
    const result = await runCli(['backup', backupFile], { DATABASE_URL: databaseUrl });
    await writing;
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { integrity: string; tables: Record<string, number> };
    expect(report.integrity).toBe('ok');
    // Written under a temporary name and renamed once checked: nothing else is left beside it.
    expect(readdirSync(dir).filter((f) => f.startsWith('backup.db'))).toEqual(['backup.db']);
    // The backup is one consistent moment: each quote with its occurrence; at most one document per
    // in-flight writer is still waiting for its quote (a write here is two transactions).
    expect(report.tables.Quote).toBe(report.tables.Occurrence);
    const waiting = (report.tables.Document ?? 0) - (report.tables.Occurrence ?? 0);
    expect(waiting).toBeGreaterThanOrEqual(0);
    expect(waiting).toBeLessThanOrEqual(4);

    // Restore: serve the copy and compare what it holds with what the backup reported.
    const restored = await startServer({ DATABASE_URL: `file:${backupFile}`, SEED_ON_START: 'false' });
    try {
      const health = (await fetch(`${restored.url}/health`).then((r) => r.json())) as { status: string };
      expect(health.status).toBe('ok');
      const db = new BetterSqlite3(backupFile, { readonly: true });
      expect(tableCounts(db)).toEqual(report.tables);
      db.close();
      // The verify index is not in the backup: the restored server made it from the quotes before serving.
      const index = new BetterSqlite3(lshIndexPath(backupFile), { readonly: true });
      expect(index.prepare('SELECT COUNT(*) FROM lsh_signed').pluck().get()).toBe(report.tables.Quote);
      index.close();
      const live = new BetterSqlite3(path.join(dir, 'live.db'), { readonly: true });
      expect(tableCounts(live).Document).toBe(WRITERS * WRITES_EACH + 100);
      live.close();
    } finally {
      restored.child.kill('SIGTERM');
      await restored.exited;
    }
  }, 120_000);
});
