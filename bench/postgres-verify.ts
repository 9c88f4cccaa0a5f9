import os from 'node:os';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { runMain } from '../src/cli/run-main.ts';
import { verifyClaim } from '../src/services/verify.service.ts';
import { createStorage } from '../src/storage/index.ts';
import { ServerWatch } from './postgres-cpu.ts';
import { makeClaims } from './verify.bench.ts';

/**
 * `npm run bench:postgres:verify -- --database-url URL --corpus FILE [--per-kind 100]`
 *
 * The verify suite's claims (bench/verify.bench.ts: exact, 1–4 words altered,
 * fabricated; drawn from the generated corpus FILE) verified in process
 * against a PostgreSQL database that holds the same corpus (loaded through
 * the ingest port, so its quote ids differ from the file's: a claim is right
 * when the first match has its source's text and speaker, or, fabricated,
 * when nothing is found). p50 and p99 per claim, after a warm-up; the CPU
 * milliseconds per claim of this process and of the (local) server's
 * processes, and the statements per claim (pg_stat_statements), per kind.
 */
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
};

interface Cost {
  claims: number;
  api: number;
  server: number | null;
  statements: number | null;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'database-url': { type: 'string' }, corpus: { type: 'string' }, 'per-kind': { type: 'string', default: '100' } } });
  if (values['database-url'] === undefined || values.corpus === undefined) throw new Error('--database-url and --corpus are required');
  const { claims } = makeClaims(values.corpus, Number(values['per-kind']));
  const raw = new BetterSqlite3(values.corpus, { readonly: true });
  const sourceOf = raw.prepare('SELECT q.text, s.slug FROM Quote q JOIN Speaker s ON s.id = q.speakerId WHERE q.id = ?');
  const sources = new Map(claims.flatMap((c) => (c.sourceId === null ? [] : [[c.sourceId, sourceOf.get(c.sourceId) as { text: string; slug: string }] as const])));
  raw.close();
  const storage = await createStorage(loadConfig({ DATABASE_URL: values['database-url'] }));
  const results: { kind: string; ms: number; right: boolean; tier: string }[] = [];
  const cost = new Map<string, Cost>();
  const watch = await ServerWatch.open(values['database-url']);
  try {
    for (const c of claims.slice(0, 50)) await verifyClaim(storage.repos, { text: c.text, limit: 5 });
    // Claims of a kind together: the CPU and statements of a kind are read around its claims.
    const ordered = [...claims].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
    let kind: string | null = null;
    let marks = { api: process.cpuUsage(), server: watch.cpu(), statements: await watch.statements() };
    const close = async () => {
      if (kind === null) return;
      const api = process.cpuUsage(marks.api);
      const server = watch.cpuMsSince(marks.server);
      const statements = await watch.statements();
      cost.set(kind, {
        claims: ordered.filter((c) => c.kind === kind).length,
        api: (api.user + api.system) / 1000,
        server,
        statements: statements === null || marks.statements === null ? null : statements - marks.statements,
      });
    };
    for (const c of ordered) {
      if (c.kind !== kind) {
        await close();
        kind = c.kind;
        marks = { api: process.cpuUsage(), server: watch.cpu(), statements: await watch.statements() };
      }
      const t0 = performance.now();
      const r = await verifyClaim(storage.repos, { text: c.text, limit: 5 });
      const ms = performance.now() - t0;
      const source = c.sourceId === null ? null : sources.get(c.sourceId);
      const first = r.matches[0]?.quote;
      const right = source === null || source === undefined ? r.verdict === 'not_found' : first?.text === source.text && first.speaker.slug === source.slug;
      results.push({ kind: c.kind, ms, right, tier: r.tier });
    }
    await close();
  } finally {
    await storage.close();
    await watch.close();
  }
  const costs = [...cost.values()];
  const sum = (pick: (c: (typeof costs)[number]) => number | null) => costs.reduce((n, c) => n + (pick(c) ?? Number.NaN), 0);
  const all: Cost = { claims: sum((c) => c.claims), api: sum((c) => c.api), server: sum((c) => c.server), statements: sum((c) => c.statements) };
  const per = (c: Cost | undefined) =>
    c === undefined
      ? '| | |'
      : `| ${(c.api / c.claims).toFixed(2)} | ${c.server === null ? '' : (c.server / c.claims).toFixed(2)} | ${c.statements === null ? '' : (c.statements / c.claims).toFixed(1)} |`;
  const row = (label: string, rs: typeof results, c: Cost | undefined) =>
    `| ${label} | ${rs.length} | ${percentile(rs.map((r) => r.ms), 0.5).toFixed(2)} | ${percentile(rs.map((r) => r.ms), 0.99).toFixed(2)} | ${((rs.filter((r) => r.right).length / Math.max(1, rs.length)) * 100).toFixed(1)}% ${per(c)}`;
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  process.stdout.write(
    [
      `# Verify on PostgreSQL, in process — ${new Date().toISOString()} — load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      '',
      'CPU ms per claim: this process (the API) and every process of the local PostgreSQL server; statements per claim.',
      '',
      '| claims | n | p50 ms | p99 ms | right first | CPU ms API | CPU ms server | statements |',
      '|---|---|---|---|---|---|---|---|',
      ...kinds.map((k) => row(k, results.filter((r) => r.kind === k), cost.get(k))),
      row('all', results, all),
      '',
    ].join('\n'),
  );
  return 0;
}

runMain(main);
