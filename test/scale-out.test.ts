import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, sqlRows, startPostgresServer, type PostgresServer } from './support/postgres-server.ts';
import { pgbouncerMissing, startPgbouncer } from './support/pgbouncer.ts';
import { runCli, startServer, type ServerProcess } from './support/server-process.ts';

/**
 * Scale-out on PostgreSQL for real: separate API processes on one database,
 * and one process reading from a streaming replica (docs/scaling.md).
 */
const CURSOR_SECRET = 'a-secret-shared-by-every-api-process-0123456789';

let server: PostgresServer;
const started: ServerProcess[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
}, 60_000);

afterAll(async () => {
  for (const s of started) s.child.kill('SIGTERM');
  await Promise.all(started.map((s) => s.exited));
  server.stop();
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const s = await startServer({ RATE_LIMIT_MAX: '1000000', ...env });
  started.push(s);
  return s;
}

async function editorKey(databaseUrl: string): Promise<string> {
  const created = await runCli(['keys', 'create', '--role', 'editor'], { DATABASE_URL: databaseUrl, SEED_ON_START: 'false' });
  expect(created.code, created.stderr).toBe(0);
  return created.stdout.trim();
}

async function post(base: string, key: string, pathname: string, body: unknown): Promise<Response> {
  return fetch(`${base}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

describe('two API processes on one PostgreSQL database', () => {
  it('when both start together, then one migrates and seeds, and a write through one is read, searched and paged through the other', async () => {
    await createDatabase(server.url(), 'whosaid_two', null);
    const databaseUrl = server.url('whosaid_two');
    // Both start at once on an empty database: the advisory lock lets one migrate, seeding is idempotent.
    const [a, b] = await Promise.all([start({ DATABASE_URL: databaseUrl, CURSOR_SECRET }), start({ DATABASE_URL: databaseUrl, CURSOR_SECRET })]);
    const seeded = (await fetch(`${b.url}/v1/quotes?speaker=Ushakov&limit=100`).then((r) => r.json())) as { items: unknown[] };
    expect(seeded.items).toHaveLength(7);
    const key = await editorKey(databaseUrl);

    const text = 'The harbourmaster of Quillbay said: “Zephyrine tides will close the quay by noon.”';
    const added = await post(a.url, key, '/v1/documents', { text, outlet: 'Quillbay Courier' });
    expect(added.status).toBe(201);
    const { id: documentId } = (await added.json()) as { id: number };
    const words = 'Zephyrine tides will close the quay by noon';
    expect((await post(a.url, key, '/v1/speakers', { name: 'Harbourmaster of Quillbay', slug: 'quillbay-harbourmaster', kind: 'person' })).status).toBe(201);
    const at = text.indexOf(words);
    const quote = await post(a.url, key, '/v1/quotes', { speaker: 'quillbay-harbourmaster', text: words, kind: 'direct', evidence: { documentId, start: at, end: at + words.length } });
    expect(quote.status).toBe(201);

    expect((await fetch(`${b.url}/v1/documents/${documentId}`)).status).toBe(200);
    const found = (await fetch(`${b.url}/v1/quotes?q=zephyrine`).then((r) => r.json())) as { items: { text: string }[] };
    expect(found.items.map((i) => i.text)).toEqual([words]);

    // A cursor signed by one process is honoured by the other (a shared CURSOR_SECRET).
    const first = (await fetch(`${a.url}/v1/quotes?speaker=Ushakov&limit=1`).then((r) => r.json())) as { items: { id: number }[]; nextCursor: string | null };
    expect(first.nextCursor).not.toBeNull();
    const second = await fetch(`${b.url}/v1/quotes?speaker=Ushakov&limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.status).toBe(200);
    const page = (await second.json()) as { items: { id: number }[] };
    expect(page.items[0]?.id).not.toBe(first.items[0]?.id);
  }, 120_000);
});

describe('a streaming read replica (DATABASE_REPLICA_URL)', () => {
  let replica: PostgresServer | null = null;
  afterAll(() => replica?.stop());

  it('when replay is paused, then reads come from the replica, a client that wrote reads its write from the primary, and health reports the lag; when the replica is gone, the primary answers', async (context) => {
    replica = await server.startReplica();
    if (replica === null) {
      context.skip('no pg_basebackup beside this PostgreSQL server (the npm-shipped one): install postgresql-15 to run the replica test');
      return;
    }
    await createDatabase(server.url(), 'whosaid_replicated', null);
    const primaryUrl = server.url('whosaid_replicated');
    const replicaUrl = replica.url('whosaid_replicated');
    const key = await editorKey(primaryUrl);
    const api = await start({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URL: replicaUrl, REPLICA_WAIT_MS: '300', SEED_ON_START: 'false' });

    const healthy = (await fetch(`${api.url}/health`).then((r) => r.json())) as { database: { backend: string; replica: { reachable: boolean; replayPaused: boolean } } };
    expect(healthy.database).toMatchObject({ backend: 'postgres', replica: { reachable: true, replayPaused: false } });

    await sqlRows(replicaUrl, 'SELECT pg_wal_replay_pause()');
    const added = await post(api.url, key, '/v1/documents', { text: 'Written while the replica stands still.', outlet: 'Lag Gazette' });
    expect(added.status).toBe(201);
    const position = added.headers.get('whosaid-read-after');
    expect(position).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(added.headers.get('set-cookie')).toContain(`whosaid_read_after=${position}`);
    const { id } = (await added.json()) as { id: number };

    // Without the position: the replica answers, and it has not replayed the write.
    expect((await fetch(`${api.url}/v1/documents/${id}`)).status).toBe(404);
    // With it (header or cookie): the replica is behind for longer than the wait, so the primary answers.
    expect((await fetch(`${api.url}/v1/documents/${id}`, { headers: { 'whosaid-read-after': position ?? '' } })).status).toBe(200);
    expect((await fetch(`${api.url}/v1/documents/${id}`, { headers: { cookie: `whosaid_read_after=${position}` } })).status).toBe(200);

    const lagging = (await fetch(`${api.url}/health`).then((r) => r.json())) as { database: { replica: { lagBytes: number; replayPaused: boolean } } };
    expect(lagging.database.replica.replayPaused).toBe(true);
    expect(lagging.database.replica.lagBytes).toBeGreaterThan(0);

    await sqlRows(replicaUrl, 'SELECT pg_wal_replay_resume()');
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await fetch(`${api.url}/v1/documents/${id}`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);

    // The replica goes away: reads go to the primary, and health says so.
    replica.stop();
    replica = null;
    expect((await fetch(`${api.url}/v1/documents/${id}`)).status).toBe(200);
    const gone = (await fetch(`${api.url}/health`).then((r) => r.json())) as { status: string; database: { replica: { reachable: boolean } } };
    expect(gone).toMatchObject({ status: 'ok', database: { replica: { reachable: false } } });
  }, 120_000);
});

describe('whosaid backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
  it('when a seeded database is backed up and restored into an empty one, then every table holds the same rows, and a second restore without --replace is refused', async (context) => {
    if (!existsSync(path.join(server.bin, 'pg_dump'))) {
      context.skip('no pg_dump beside this PostgreSQL server (the npm-shipped one): install postgresql-15 to run the backup test');
      return;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-pgdump-'));
    try {
      await createDatabase(server.url(), 'whosaid_backed_up', null);
      await createDatabase(server.url(), 'whosaid_restored', null);
      const source = { DATABASE_URL: server.url('whosaid_backed_up') };
      const target = { DATABASE_URL: server.url('whosaid_restored'), SEED_ON_START: 'false' };
      expect((await runCli(['seed'], source)).code).toBe(0);
      const file = path.join(dir, 'whosaid.dump');
      const backup = await runCli(['backup', file], source);
      expect(backup.code, backup.stderr).toBe(0);
      const made = JSON.parse(backup.stdout) as { integrity: string; tables: Record<string, number> };
      expect(made.integrity).toBe('ok');
      expect(made.tables.quote).toBeGreaterThanOrEqual(20);

      const restore = await runCli(['restore', file], target);
      expect(restore.code, restore.stderr).toBe(0);
      expect((JSON.parse(restore.stdout) as { tables: Record<string, number> }).tables).toEqual(made.tables);
      const [restored] = await sqlRows<{ n: number }>(target.DATABASE_URL, 'SELECT count(*)::int AS n FROM quote');
      expect(restored?.n).toBe(made.tables.quote);

      const again = await runCli(['restore', file], target);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('restore into an empty database, or pass --replace');
      const replaced = await runCli(['restore', file, '--replace'], target);
      expect(replaced.code, replaced.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('behind pgbouncer in transaction mode', () => {
  it('when every connection goes through the pooler, then migrating, seeding, concurrent writes and searches all succeed', async (context) => {
    const missing = pgbouncerMissing();
    if (missing !== null) {
      context.skip(missing);
      return;
    }
    const bouncer = await startPgbouncer(Number(new URL(server.url()).port));
    try {
      await createDatabase(server.url(), 'whosaid_pooled', null);
      const pooled = bouncer.url('whosaid_pooled');
      // pgbouncer < 1.21 cannot carry named prepared statements between server connections.
      const env = { DATABASE_URL: pooled, DATABASE_PREPARED_STATEMENTS: String(bouncer.preparedStatements), CURSOR_SECRET };
      const [a, b] = await Promise.all([start(env), start(env)]);
      const key = (await runCli(['keys', 'create', '--role', 'editor'], { ...env, SEED_ON_START: 'false' })).stdout.trim();
      expect(key).toMatch(/^ws_/);
      const results = await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const base = i % 2 === 0 ? a.url : b.url;
          if (i % 3 === 0) return (await post(base, key, '/v1/documents', { text: `Pooled document ${i} about the lighthouse keeper's ledger.` })).status;
          return (await fetch(`${base}/v1/quotes?q=${i % 2 === 0 ? 'said' : 'minister'}&limit=5`)).status;
        }),
      );
      expect(results.filter((s) => s >= 300)).toEqual([]);
      const seeded = (await fetch(`${b.url}/v1/quotes?speaker=Ushakov&limit=100`).then((r) => r.json())) as { items: unknown[] };
      expect(seeded.items).toHaveLength(7);
    } finally {
      bouncer.stop();
    }
  }, 120_000);
});
