import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { environmentWith } from '../src/config.ts';
import { runMain } from '../src/cli/run-main.ts';
import { freePort, waitHealthy } from './http.bench.ts';
import { ServerWatch, processCpuMs } from './postgres-cpu.ts';
import { corpusWords, queryMix } from './search.bench.ts';

/**
 * `npm run bench:postgres:search -- --database-url URL [--rounds 30] [--queries 15]`
 *
 * Latency of GET /v1/quotes per query class of the mix (its first N queries:
 * the 15 of issue 3 by default), one request at a time against one API
 * process (`src/server.ts`, a child process) on a database that holds the
 * generated corpus: every class once per round, in mix order, after a warm-up
 * round. p50 and p99 per class and over all requests, as the client sees them.
 * Then each class's requests back to back (--cpu-requests of them): the CPU
 * milliseconds per request of the API process and of the (local) server's
 * processes, and the statements per request (pg_stat_statements), which say
 * what an idle machine would do whatever else runs on this one.
 */
const root = path.resolve(import.meta.dirname, '..');

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
};

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      rounds: { type: 'string', default: '30' },
      queries: { type: 'string', default: '15' },
      'cpu-requests': { type: 'string', default: '50' },
    },
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
  const cpu: { api: number; server: number | null; statements: number | null }[] = [];
  const watch = await ServerWatch.open(databaseUrl);
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
    const n = Number(values['cpu-requests']);
    for (const p of paths) {
      const [api0, server0, statements0] = [processCpuMs(child.pid ?? 0) ?? 0, watch.cpu(), await watch.statements()];
      for (let i = 0; i < n; i++) await (await fetch(`${url}${p}`)).arrayBuffer();
      const [api1, server1, statements1] = [processCpuMs(child.pid ?? 0) ?? 0, watch.cpuMsSince(server0), await watch.statements()];
      cpu.push({
        api: (api1 - api0) / n,
        server: server1 === null ? null : server1 / n,
        statements: statements0 === null || statements1 === null ? null : (statements1 - statements0) / n,
      });
    }
  } finally {
    child.kill('SIGTERM');
    await watch.close();
  }
  const all = times.flat();
  const f = (v: number) => v.toFixed(2);
  process.stdout.write(
    [
      `# Search over HTTP per query class, one API process on PostgreSQL — ${new Date().toISOString()} — load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      '',
      `${values.rounds} rounds of the ${mix.length} queries, one request at a time; statuses ${JSON.stringify(Object.fromEntries(statuses))}.`,
      '',
      `CPU per request: ${values['cpu-requests']} requests of each class back to back; server = every process of the local PostgreSQL.`,
      '',
      '| class | p50 ms | p99 ms | CPU ms API | CPU ms server | statements |',
      '|---|---|---|---|---|---|',
      ...mix.map((m, i) => {
        const c = cpu[i];
        const cpuCells = c === undefined ? '| | |' : `| ${f(c.api)} | ${c.server === null ? '' : f(c.server)} | ${c.statements === null ? '' : c.statements.toFixed(1)} |`;
        return `| ${m.label} | ${f(percentile(times[i] as number[], 0.5))} | ${f(percentile(times[i] as number[], 0.99))} ${cpuCells}`;
      }),
      `| **all** | ${f(percentile(all, 0.5))} | ${f(percentile(all, 0.99))} | ${f(mean(cpu.map((c) => c.api)))} | ${f(mean(cpu.map((c) => c.server ?? Number.NaN)))} | ${mean(cpu.map((c) => c.statements ?? Number.NaN)).toFixed(1)} |`,
      '',
    ].join('\n'),
  );
  return 0;
}

runMain(main);
