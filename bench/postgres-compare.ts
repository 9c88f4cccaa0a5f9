import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { SEED_DIRECTORY } from '../src/bootstrap.ts';
import { runMain } from '../src/cli/run-main.ts';
import { parseSearchQuery, tokenize } from '../src/domain/search-query.ts';
import { sha256Hex } from '../src/domain/text.ts';
import { seedFromDirectory } from '../src/services/seed.service.ts';
import { createStorage, type Storage } from '../src/storage/index.ts';
import { startPostgresServer } from '../test/support/postgres-server.ts';
import { documentsOf } from './corpus/documents.ts';
import { buildCorpus } from './corpus/generate.ts';

/**
 * `npm run bench:postgres [-- --quotes N] [--callers N]`
 *
 * The PostgreSQL backend against the SQLite reference, on this machine:
 * 1. rank agreement: the same searches (rare, mid and common words, phrases,
 *    OR, prefixes) on the seed and on a generated corpus, ranked by each
 *    backend; the share of SQLite's top 10 that PostgreSQL's top 10 holds
 *    (quotes compared by text and speaker, ids may differ);
 * 2. ingest: the generated corpus's documents stored through the ports with
 *    N concurrent callers (group commit), in quotes per second;
 * 3. search latency per query class through the port, both backends interleaved.
 * With --quotes 1000000 it is the 1M comparison (minutes of ingest through the port).
 * Both databases are throwaway: a SQLite file and a PostgreSQL server in a temporary directory.
 */
interface Query {
  kind: string;
  q: string;
}

async function topTen(storage: Storage, q: string): Promise<string[]> {
  const maxId = await storage.repos.quotes.maxId();
  const rows = await storage.repos.quotes.search({ query: parseSearchQuery(q), filters: {}, maxId, order: 'relevance', limit: 10, offset: 0 });
  return rows.map((r) => `${r.speaker.slug}\u0000${r.text}`);
}

/** Share of the reference's top ten that the other holds (1 when both are empty). */
function overlap(reference: readonly string[], other: readonly string[]): number {
  if (reference.length === 0) return other.length === 0 ? 1 : 0;
  const set = new Set(other);
  return reference.filter((r) => set.has(r)).length / reference.length;
}

/** Queries from the corpus's own words: by document frequency class, phrases, OR and prefixes. */
function queriesFrom(texts: readonly string[], perKind: number): Query[] {
  const df = new Map<string, number>();
  for (const t of texts) for (const w of new Set(tokenize(t))) df.set(w, (df.get(w) ?? 0) + 1);
  const words = [...df.entries()].filter(([w]) => w.length >= 3 && !/^\d+$/.test(w)).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const n = texts.length;
  const pick = (list: [string, number][], k: number) => Array.from({ length: Math.min(k, list.length) }, (_, i) => (list[Math.floor((i * list.length) / k)] as [string, number])[0]);
  const rare = pick(words.filter(([, c]) => c >= 2 && c <= 20), perKind);
  const mid = pick(words.filter(([, c]) => c > 20 && c <= n / 20), perKind);
  const common = pick(words.filter(([, c]) => c > n / 20), perKind);
  const phrases = texts.filter((_, i) => i % Math.max(1, Math.floor(texts.length / perKind)) === 0).slice(0, perKind).flatMap((t) => {
    const tokens = tokenize(t);
    return tokens.length >= 3 ? [`"${tokens.slice(1, 3).join(' ')}"`] : [];
  });
  return [
    ...rare.map((q) => ({ kind: 'rare word', q })),
    ...mid.map((q) => ({ kind: 'mid word', q })),
    ...common.map((q) => ({ kind: 'common word', q })),
    ...mid.slice(0, perKind).map((q, i) => ({ kind: 'two words (AND)', q: `${q} ${common[i % Math.max(1, common.length)] ?? ''}`.trim() })),
    ...rare.slice(0, perKind).map((q, i) => ({ kind: 'OR', q: `${q} OR ${mid[i % Math.max(1, mid.length)] ?? q}` })),
    ...mid.slice(0, perKind).map((q) => ({ kind: 'prefix', q: `${q.slice(0, Math.max(3, q.length - 2))}*` })),
    ...phrases.map((q) => ({ kind: 'phrase', q })),
  ];
}

/** Milliseconds of one call. */
async function timed<T>(work: () => Promise<T>, into: number[]): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  into.push(performance.now() - t0);
  return result;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
};

async function agreement(label: string, sqlite: Storage, postgres: Storage, queries: readonly Query[]): Promise<string[]> {
  const byKind = new Map<string, number[]>();
  const latency = new Map<string, { sqlite: number[]; postgres: number[] }>();
  for (const { kind, q } of queries) {
    const times = latency.get(kind) ?? { sqlite: [], postgres: [] };
    latency.set(kind, times);
    // Interleaved, one backend after the other, a few rounds: the first round warms caches.
    let a: string[] = [];
    let b: string[] = [];
    for (let round = 0; round < 4; round++) {
      a = await timed(() => topTen(sqlite, q), round === 0 ? [] : times.sqlite);
      b = await timed(() => topTen(postgres, q), round === 0 ? [] : times.postgres);
    }
    const list = byKind.get(kind) ?? [];
    list.push(overlap(a, b));
    byKind.set(kind, list);
  }
  const all = [...byKind.values()].flat();
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
  return [
    `### rank agreement: ${label} (${all.length} queries, mean top-10 overlap ${mean(all).toFixed(3)})`,
    '',
    '| queries | n | mean top-10 overlap | min | SQLite p50 / p99 ms | PostgreSQL p50 / p99 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...[...byKind.entries()].map(([k, v]) => {
      const t = latency.get(k) ?? { sqlite: [], postgres: [] };
      const pp = (x: number[]) => `${percentile(x, 0.5).toFixed(2)} / ${percentile(x, 0.99).toFixed(2)}`;
      return `| ${k} | ${v.length} | ${mean(v).toFixed(3)} | ${Math.min(...v).toFixed(2)} | ${pp(t.sqlite)} | ${pp(t.postgres)} |`;
    }),
    '',
    '_Latency: the search port in process (a relevance page of 10), three timed rounds per query after one warm-up, the backends interleaved._',
    '',
  ];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { quotes: { type: 'string', default: '20000' }, callers: { type: 'string', default: '64' }, 'per-kind': { type: 'string', default: '20' } } });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'whosaid-pg-compare-'));
  const server = await startPostgresServer();
  const out: string[] = [`# PostgreSQL against SQLite — ${new Date().toISOString()} — ${os.cpus().length} cores, Node ${process.version}`, ''];
  const open = async (url: string) => createStorage(loadConfig({ DATABASE_URL: url }));
  const createDb = async (name: string) => {
    const admin = await open(server.url());
    await admin.close();
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: server.url() });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    return server.url(name);
  };
  try {
    // 1. The seed on both.
    const seedSqlite = await open(`file:${path.join(tmp, 'seed.db')}`);
    const seedPostgres = await open(await createDb('seed'));
    await seedFromDirectory(seedSqlite.repos, SEED_DIRECTORY);
    await seedFromDirectory(seedPostgres.repos, SEED_DIRECTORY);
    const seedTexts = (await seedSqlite.repos.verify.quotes(Array.from({ length: await seedSqlite.repos.quotes.maxId() }, (_, i) => i + 1))).map((q) => q.text);
    out.push(...(await agreement(`seed (${seedTexts.length} quotes)`, seedSqlite, seedPostgres, queriesFrom(seedTexts, 10))));
    await seedSqlite.close();
    await seedPostgres.close();

    // 2. A generated corpus: built in SQLite, then stored in PostgreSQL through the ingest port by concurrent callers.
    const file = path.join(tmp, 'corpus.db');
    const report = await buildCorpus({ quotes: Number(values.quotes), db: file, log });
    const documents = documentsOf(file);
    const postgres = await open(await createDb('corpus'));
    const callers = Number(values.callers);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (next < documents.length) {
          const item = documents[next++];
          if (item === undefined) break;
          const doc = { ...item.doc, url: null, dateline: null, sha256: sha256Hex(item.doc.text) };
          await postgres.repos.writes.ingestDocument(doc, item.speakers, item.attributions);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stored = await postgres.repos.quotes.maxId();
    out.push(
      `### ingest through the port: ${documents.length} documents, ${stored} quotes, ${callers} concurrent callers`,
      '',
      `${(stored / seconds).toFixed(0)} quotes/s (${(documents.length / seconds).toFixed(0)} documents/s, ${seconds.toFixed(1)} s); the SQLite bulk load: ${report.quotesPerSecond} quotes/s`,
      '',
    );
    const sqlite = await createStorage({ databasePath: file, databaseUrl: `file:${file}` }, { prepared: true });
    const texts = (await sqlite.repos.verify.quotes(Array.from({ length: Math.min(report.quotes, 20_000) }, (_, i) => i + 1))).map((q) => q.text);
    // The statistics PostgreSQL's estimates read (autovacuum would take them in time).
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: server.url('corpus') });
    await client.connect();
    await client.query('ANALYZE');
    await client.end();
    out.push(...(await agreement(`generated corpus (${report.quotes} quotes)`, sqlite, postgres, queriesFrom(texts, Number(values['per-kind'])))));
    await sqlite.close();
    await postgres.close();
  } finally {
    server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

runMain(main);
