import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { environmentWith } from '../src/config.ts';
import { runMain } from '../src/cli/run-main.ts';
import { freePort, waitHealthy } from './http.bench.ts';
import { corpusWords, queryMix } from './search.bench.ts';

/**
 * `npm run bench:postgres:search -- --database-url URL [--rounds 30] [--queries 15]`
 *
 * Latency of GET /v1/quotes per query class of the mix (its first N queries:
 * the 15 of issue 3 by default), one request at a time against one API
 * process (`src/server.ts`, a child process) on a database that holds the
 * generated corpus: every class once per round, in mix order, after a warm-up
 * round. p50 and p99 per class and over all requests, as the client sees them.
 */
const root = path.resolve(import.meta.dirname, '..');

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
};

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'database-url': { type: 'string' }, rounds: { type: 'string', default: '30' }, queries: { type: 'string', default: '15' } },
  });
  const databaseUrl = values['database-url'];
  if (databaseUrl === undefined) throw new Error('--database-url is required');
  const mix = queryMix(corpusWords()).slice(0, Number(values.queries));
  const paths = mix.map(({ request }) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request)) params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    return `/v1/quotes?${params.toString()}`;
  });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
    cwd: root,
    env: environmentWith({ DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_ON_START: 'false', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const times = mix.map(() => [] as number[]);
  const statuses = new Map<number, number>();
  try {
    await waitHealthy(url, child);
    const rounds = Number(values.rounds);
    for (let round = -1; round < rounds; round++) {
      for (const [i, p] of paths.entries()) {
        const t0 = performance.now();
        const res = await fetch(`${url}${p}`);
        await res.arrayBuffer();
        const ms = performance.now() - t0;
        if (round < 0) continue;
        (times[i] as number[]).push(ms);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
  const all = times.flat();
  const f = (v: number) => v.toFixed(2);
  process.stdout.write(
    [
      `# Search over HTTP per query class, one API process on PostgreSQL — ${new Date().toISOString()} — load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      '',
      `${values.rounds} rounds of the ${mix.length} queries, one request at a time; statuses ${JSON.stringify(Object.fromEntries(statuses))}.`,
      '',
      '| class | p50 ms | p99 ms |',
      '|---|---|---|',
      ...mix.map((m, i) => `| ${m.label} | ${f(percentile(times[i] as number[], 0.5))} | ${f(percentile(times[i] as number[], 0.99))} |`),
      `| **all** | ${f(percentile(all, 0.5))} | ${f(percentile(all, 0.99))} |`,
      '',
    ].join('\n'),
  );
  return 0;
}

runMain(main);
