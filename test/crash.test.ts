import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { lshIndexPath } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { runCli, startServer } from './support/server-process.ts';

const QUOTES_PER_DOCUMENT = 4;
const NAMES = ['Maria Santos', 'Tomas Berg', 'Aiko Tanaka', 'Omar Haddad', 'Lena Fischer', 'Kwame Mensah', 'Sofia Rossi', 'Ivan Petrov'];

/** An article whose every quote has a named speaker, so ingest stores exactly QUOTES_PER_DOCUMENT. */
function article(n: number): string {
  return Array.from({ length: QUOTES_PER_DOCUMENT }, (_, i) => {
    const name = NAMES[(n + i) % NAMES.length] as string;
    return `“The harbour plan number ${n} needs change ${i} before the vote,” said ${name}, a councillor in the city.`;
  }).join('\n');
}

/**
 * SIGKILL in the middle of a large ingest: the database opens afterwards, passes
 * its integrity check, and every document is there with all its quotes or not at all.
 */
describe('crash safety', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-crash-'));
  const file = path.join(dir, 'crash.db');
  const env = { DATABASE_URL: `file:${file}`, SEED_ON_START: 'false', RATE_LIMIT_MAX: '1000000' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each document whole or absent after SIGKILL during ingest', async () => {
    const key = (await runCli(['keys', 'create', '--role', 'editor'], env)).stdout.trim();
    const server = await startServer(env);
    const acknowledged: number[] = [];
    let interrupted = 0;
    let killed = false;
    const writer = async (w: number) => {
      for (let n = w; ; n += 4) {
        let res: Response;
        try {
          res = await fetch(`${server.url}/v1/documents`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ text: article(n), extract: true }),
          });
          if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}`);
          const report = (await res.json()) as { document: { id: number }; counts: { occurrencesCreated: number } };
          expect(report.counts.occurrencesCreated).toBe(QUOTES_PER_DOCUMENT);
          acknowledged.push(report.document.id);
        } catch (error) {
          // The connection died with the server: this write was never acknowledged.
          if (!killed) throw error;
          interrupted++;
          return;
        }
        if (acknowledged.length === 40) {
          // Kill a little later, while all four writers are mid-request.
          setTimeout(() => {
            killed = true;
            server.child.kill('SIGKILL');
          }, 30);
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    expect(await server.exited).toBe(null);
    // Every writer was cut off by the kill, not by running out of work.
    expect(interrupted).toBe(4);

    // Restart on the same file, as an operator would.
    const restarted = await startServer(env);
    try {
      const health = (await fetch(`${restarted.url}/health`).then((r) => r.json())) as { status: string };
      expect(health.status).toBe('ok');
      const db = new BetterSqlite3(file, { readonly: true });
      try {
        expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
        const perDocument = db
          .prepare('SELECT d.id, COUNT(o.id) AS n FROM Document d LEFT JOIN Occurrence o ON o.documentId = d.id GROUP BY d.id')
          .all() as { id: number; n: number }[];
        expect(perDocument.length).toBeGreaterThanOrEqual(acknowledged.length);
        for (const row of perDocument) expect(row.n, `document ${row.id}`).toBe(QUOTES_PER_DOCUMENT);
        const stored = new Set(perDocument.map((r) => r.id));
        for (const id of acknowledged) expect(stored.has(id), `acknowledged document ${id}`).toBe(true);
        // The search index agrees with the table it indexes.
        expect(db.prepare("SELECT COUNT(*) FROM quote_fts WHERE quote_fts MATCH 'harbour'").pluck().get()).toBe(
          db.prepare("SELECT COUNT(*) FROM Quote WHERE text LIKE '%harbour%'").pluck().get(),
        );
        // The verify index, which follows each commit on its own thread, was reconciled at restart: every quote, by its words.
        db.prepare('ATTACH DATABASE ? AS lsh').run(lshIndexPath(file));
        expect(
          db.prepare('SELECT COUNT(*) FROM Quote q JOIN lsh.lsh_signed s ON s.quoteId = q.id AND s.hash = q.normalizedHash').pluck().get(),
        ).toBe(db.prepare('SELECT COUNT(*) FROM Quote').pluck().get());
        expect(db.prepare('SELECT COUNT(*) FROM lsh.lsh_signed').pluck().get()).toBe(db.prepare('SELECT COUNT(*) FROM Quote').pluck().get());
      } finally {
        db.close();
      }
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  }, 120_000);
});
