import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { lshIndexPath } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { runCli, runServerExpectingExit, startServer } from './support/server-process.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, logLevel: 'info', seedOnStart: true });
    expect(config.databasePath).toBe(path.resolve('data/whosaid.db'));
  });

  it('rejects bad values with a message naming each setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    const error = (() => {
      try {
        loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
        return null;
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it('stops the process with a clear message on a bad value', async () => {
    const { code, output } = await runServerExpectingExit({ PORT: 'not-a-port', DATABASE_URL: `file:${path.join(dir, 'never.db')}` });
    expect(code).toBe(78);
    expect(output).toContain('whosaid cannot start');
    expect(output).toContain('PORT');
  });
});

describe('a database that cannot be opened', () => {
  it('when the database path is under a file, then the server stops with a message naming the path and the cause', async () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const file = path.join(blocker, 'whosaid.db');
    const { code, output } = await runServerExpectingExit({ DATABASE_URL: `file:${file}` });
    expect(code).toBe(1);
    expect(output).toContain(`whosaid cannot start. The database file ${file} cannot be opened: its directory cannot be made`);
  });

  it('when the file is not a database, then the server stops with a message naming the path and the cause', async () => {
    const file = path.join(dir, 'garbage.db');
    writeFileSync(file, 'x'.repeat(4096));
    const { code, output } = await runServerExpectingExit({ DATABASE_URL: `file:${file}` });
    expect(code).toBe(1);
    expect(output).toContain(`The database file ${file} cannot be opened: it is not a SQLite database`);
  });
});

describe('npm start', () => {
  it('creates, migrates and seeds a new database, keeps data across restarts, and stops cleanly on SIGTERM', async () => {
    const databaseUrl = `file:${path.join(dir, 'nested', 'whosaid.db')}`;
    const first = await startServer({ DATABASE_URL: databaseUrl });
    const created = await runCli(['keys', 'create', '--role', 'editor', '--name', 'startup test'], { DATABASE_URL: databaseUrl });
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ws_\w{12}_[\w-]{43}$/);
    const health = await fetch(`${first.url}/health`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', database: { reachable: true } });
    const search = (await fetch(`${first.url}/v1/quotes?q=ambassadorial`).then((r) => r.json())) as { items: { speaker: { name: string } }[] };
    expect(search.items[0]?.speaker.name).toBe('Yury Ushakov');
    const added = await fetch(`${first.url}/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ text: 'A document added before the restart.' }),
    });
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: number };
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.logs()).toContain('database closed');

    // Restart on the same file: migrated again (a no-op), seeded again (idempotent), nothing wiped.
    const second = await startServer({ DATABASE_URL: databaseUrl });
    const kept = await fetch(`${second.url}/v1/documents/${id}`);
    expect(kept.status).toBe(200);
    const speakers = (await fetch(`${second.url}/v1/quotes?speaker=Ushakov&limit=100`).then((r) => r.json())) as { items: unknown[] };
    expect(speakers.items).toHaveLength(7);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 90_000);

  it('reindex rebuilds the search index and a lost verify index file from the quotes', async () => {
    const file = path.join(dir, 'reindex', 'whosaid.db');
    const env = { DATABASE_URL: `file:${file}` };
    expect((await runCli(['seed'], env)).code).toBe(0);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${lshIndexPath(file)}${suffix}`, { force: true });
    const result = await runCli(['reindex'], env);
    expect(result.code, result.stderr).toBe(0);
    const db = new BetterSqlite3(file, { readonly: true });
    const quotes = db.prepare('SELECT COUNT(*) FROM Quote').pluck().get() as number;
    db.close();
    expect(quotes).toBeGreaterThanOrEqual(20);
    expect(result.stdout).toContain(`reindexed ${quotes} quotes`);
    expect(result.stdout).toContain(`verify index: ${quotes} quotes indexed, 0 rows removed`);
    const index = new BetterSqlite3(lshIndexPath(file), { readonly: true });
    expect(index.prepare('SELECT COUNT(*) FROM lsh_signed').pluck().get()).toBe(quotes);
    index.close();
  }, 60_000);
});
