import os from 'node:os';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { runMain } from '../src/cli/run-main.ts';
import { verifyClaim } from '../src/services/verify.service.ts';
import { createStorage } from '../src/storage/index.ts';
import { makeClaims } from './verify.bench.ts';

/**
 * `npm run bench:postgres:verify -- --database-url URL --corpus FILE [--per-kind 100]`
 *
 * The verify suite's claims (bench/verify.bench.ts: exact, 1–4 words altered,
 * fabricated; drawn from the generated corpus FILE) verified in process
 * against a PostgreSQL database that holds the same corpus (loaded through
 * the ingest port, so its quote ids differ from the file's: a claim is right
 * when the first match has its source's text and speaker, or, fabricated,
 * when nothing is found). p50 and p99 per claim, after a warm-up.
 */
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
};

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
  try {
    for (const c of claims.slice(0, 50)) await verifyClaim(storage.repos, { text: c.text, limit: 5 });
    for (const c of claims) {
      const t0 = performance.now();
      const r = await verifyClaim(storage.repos, { text: c.text, limit: 5 });
      const ms = performance.now() - t0;
      const source = c.sourceId === null ? null : sources.get(c.sourceId);
      const first = r.matches[0]?.quote;
      const right = source === null || source === undefined ? r.verdict === 'not_found' : first?.text === source.text && first.speaker.slug === source.slug;
      results.push({ kind: c.kind, ms, right, tier: r.tier });
    }
  } finally {
    await storage.close();
  }
  const row = (label: string, rs: typeof results) =>
    `| ${label} | ${rs.length} | ${percentile(rs.map((r) => r.ms), 0.5).toFixed(2)} | ${percentile(rs.map((r) => r.ms), 0.99).toFixed(2)} | ${((rs.filter((r) => r.right).length / Math.max(1, rs.length)) * 100).toFixed(1)}% |`;
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  process.stdout.write(
    [
      `# Verify on PostgreSQL, in process — ${new Date().toISOString()} — load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      '',
      '| claims | n | p50 ms | p99 ms | right first |',
      '|---|---|---|---|---|',
      ...kinds.map((k) => row(k, results.filter((r) => r.kind === k))),
      row('all', results),
      '',
    ].join('\n'),
  );
  return 0;
}

runMain(main);
