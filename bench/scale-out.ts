import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { environmentWith, loadConfig } from '../src/config.ts';
import { runMain } from '../src/cli/run-main.ts';
import { sha256Hex } from '../src/domain/text.ts';
import { createStorage } from '../src/storage/index.ts';
import { createDatabase, sqlRows, startPostgresServer } from '../test/support/postgres-server.ts';
import { documentsOf } from './corpus/documents.ts';
import { buildCorpus } from './corpus/generate.ts';
import { freePort, mixPaths, waitHealthy } from './http.bench.ts';
import { ServerWatch, processCpuMs } from './postgres-cpu.ts';

/**
 * `npm run bench:scale [-- --quotes N] [--duration S] [--connections C] [--processes 1,2] [--database-url URL] [--queries 15]`
 *
 * Search throughput of 1 and 2 separate API processes on one PostgreSQL
 * database: GET /v1/quotes cycling through the 15-query mix of the HTTP
 * suite, the load split evenly over the processes (one autocannon per
 * process, in this process), requests per second summed. Without
 * --database-url a throwaway server gets a generated corpus of N quotes
 * (through the ingest port, 64 callers); with it, the database must hold
 * the generated corpus already (the lead's 1M run). With each row, the CPU
 * milliseconds per request of the API processes, of the (local) server's
 * processes and of the load generator (this process): on a machine of C
 * cores, N processes can serve at most min(N × 1000 / API, C × 1000 / all)
 * requests per second, whatever else runs on the machine.
 */
const root = path.resolve(import.meta.dirname, '..');
const CURSOR_SECRET = 'bench-scale-out-shared-cursor-secret-0123456789';

function startApi(databaseUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
    cwd: root,
    env: environmentWith({ DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_ON_START: 'false', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000', CURSOR_SECRET }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function load(urls: string[], connections: number, duration: number, paths: string[]) {
  const results = await Promise.all(
    urls.map((url) => autocannon({ url, connections: Math.max(1, Math.round(connections / urls.length)), duration, requests: paths.map((p) => ({ method: 'GET' as const, path: p })) })),
  );
  return {
    requestsPerSecond: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0)),
    latencyP50Ms: Math.max(...results.map((r) => r.latency.p50)),
    latencyP99Ms: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function loadCorpus(databaseUrl: string, quotes: number, tmp: string, log: (line: string) => void): Promise<void> {
  const file = path.join(tmp, 'corpus.db');
  await buildCorpus({ quotes, db: file, log });
  const documents = documentsOf(file);
  const storage = await createStorage(loadConfig({ DATABASE_URL: databaseUrl }));
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let item = documents[next++]; item !== undefined; item = documents[next++]) {
        await storage.repos.writes.ingestDocument({ ...item.doc, url: null, dateline: null, sha256: sha256Hex(item.doc.text) }, item.speakers, item.attributions);
      }
    }),
  );
  await storage.close();
  await sqlRows(databaseUrl, 'ANALYZE');
  log(`corpus: ${documents.length} documents stored`);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quotes: { type: 'string', default: '20000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '64' },
      processes: { type: 'string', default: '1,2' },
      'database-url': { type: 'string' },
      queries: { type: 'string', default: '15' },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'whosaid-scale-'));
  const server = values['database-url'] === undefined ? await startPostgresServer() : null;
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  // The first 15 are issue 3's mix (the goal's); the rest show statuses.
  const paths = mixPaths().slice(0, Number(values.queries));
  const rows: string[] = [];
  try {
    let databaseUrl = values['database-url'] ?? '';
    if (server !== null) {
      await createDatabase(server.url(), 'scale', null);
      databaseUrl = server.url('scale');
      await loadCorpus(databaseUrl, Number(values.quotes), tmp, log);
    }
    const baseline: number[] = [];
    for (const count of values.processes.split(',').map(Number)) {
      const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
      const children = ports.map((port) => startApi(databaseUrl, port));
      const urls = ports.map((port) => `http://127.0.0.1:${port}`);
      try {
        await Promise.all(urls.map((url, i) => waitHealthy(url, children[i] as ChildProcess)));
        await load(urls, connections, 2, paths); // warm: statement caches, plans, the OS page cache
        const watch = await ServerWatch.open(databaseUrl);
        const apiCpu = () => children.reduce((sum, child) => sum + (processCpuMs(child.pid ?? 0) ?? 0), 0);
        const [api0, server0, generator0] = [apiCpu(), watch.cpu(), process.cpuUsage()];
        const r = await load(urls, connections, duration, paths);
        const [api1, server, generator] = [apiCpu(), watch.cpuMsSince(server0), process.cpuUsage(generator0)];
        await watch.close();
        const requests = Math.max(1, r.requestsPerSecond * duration);
        const cpu = {
          api: (api1 - api0) / requests,
          server: server === null ? Number.NaN : server / requests,
          generator: (generator.user + generator.system) / 1000 / requests,
        };
        baseline.push(r.requestsPerSecond);
        const ratio = (r.requestsPerSecond / (baseline[0] ?? r.requestsPerSecond)).toFixed(2);
        rows.push(
          `| ${count} | ${connections} | ${r.requestsPerSecond} | ${ratio} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.non2xx} | ${r.errors} | ${cpu.api.toFixed(2)} | ${cpu.server.toFixed(2)} | ${cpu.generator.toFixed(2)} |`,
        );
        log(`scale-out: ${count} process(es): ${r.requestsPerSecond} req/s (×${ratio})`);
      } finally {
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
      }
    }
  } finally {
    server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(
    [
      `# Search HTTP mix, 1 and 2 API processes on one PostgreSQL — ${new Date().toISOString()} — ${os.cpus().length} cores, Node ${process.version}`,
      '',
      `GET /v1/quotes over the ${paths.length} queries of the mix, ${duration} s per row, load generator in the same machine (it takes a core's share too).`,
      '',
      'CPU ms per request: the API processes together, the local PostgreSQL server, the load generator.',
      '',
      '| processes | connections | req/s | × 1 process | p50 ms | p99 ms | non-2xx | errors | CPU ms API | CPU ms server | CPU ms generator |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  return 0;
}

runMain(main);
