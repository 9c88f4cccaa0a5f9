import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { childProcessEnv, loadConfig } from '../src/config.ts';
import { corpusWords, queryMix } from './search.bench.ts';
import type { Suite } from './suite.ts';

/**
 * HTTP throughput and latency of GET /v1/quotes over the query mix, with
 * autocannon (in this process) against the real server (`src/server.ts` in
 * a child process), at 8 and 64 connections, one and two workers, and the
 * peak RSS of each server process.
 */
const root = path.resolve(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy');
}

/** Peak resident memory (VmHWM) of a process and its children, in MB. */
function peakRssMb(pid: number): number[] {
  const pids = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (children !== '') pids.push(...children.split(/\s+/).map(Number));
    }
  } catch {
    // not Linux: no figures
  }
  return pids.flatMap((p) => {
    try {
      const line = readFileSync(`/proc/${p}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
      return line ? [Math.round(Number(line[1]) / 1024)] : [];
    } catch {
      return [];
    }
  });
}

export function mixPaths(): string[] {
  return queryMix(corpusWords()).map(({ request }) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request)) params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    return `/v1/quotes?${params.toString()}`;
  });
}

export const httpSuite: Suite = {
  name: 'http',
  description: 'HTTP search throughput with autocannon at 8 and 64 connections, 1 and 2 workers; server peak RSS',
  async run({ db, quick, log }) {
    const rows: Record<string, string | number | null>[] = [];
    const mix = mixPaths();
    const loads: [string, string[]][] = [
      ['query mix', mix],
      ['rare word only', mix.slice(0, 1)],
    ];
    for (const workers of [1, 2]) {
      const port = await freePort();
      const config = loadConfig({ DATABASE_URL: `file:${db}` });
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
        cwd: root,
        env: {
          ...childProcessEnv(config),
          PORT: String(port),
          HOST: '127.0.0.1',
          SEED_ON_START: 'false',
          LOG_LEVEL: 'warn',
          WORKERS: String(workers),
          // The load generator is one client: without this the rate limiter answers 429 after 600 requests.
          RATE_LIMIT_MAX: '1000000',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const url = `http://127.0.0.1:${port}`;
      try {
        await waitHealthy(url, child);
        for (const [load, paths] of loads)
        for (const connections of [8, 64]) {
          const result = await autocannon({
            url,
            connections,
            duration: quick ? 2 : 10,
            requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
          });
          rows.push({
            load,
            workers,
            connections,
            requestsPerSecond: Math.round(result.requests.average),
            latencyP50Ms: result.latency.p50,
            latencyP99Ms: result.latency.p99,
            non2xx: result.non2xx,
            errors: result.errors,
            peakRssMbPerProcess: peakRssMb(child.pid as number).join(' / '),
          });
          log(`http: ${load}, ${workers} worker(s), ${connections} connections: ${Math.round(result.requests.average)} req/s`);
        }
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
    return {
      name: 'http',
      rows,
      notes: [
        `GET /v1/quotes cycling through the ${mix.length} queries of the search mix, or the rare-word query alone; load generator on the same machine`,
        'peak RSS per process: with 2 workers the first figure is the primary (it only forks)',
      ],
    };
  },
};
