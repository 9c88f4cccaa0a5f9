import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { runMain } from '../../src/cli/run-main.ts';
import { threadCpu } from '../cost/families.ts';
import { serveCorpus } from '../cost/serve.ts';
import { corpusWords } from '../search.bench.ts';
import { describeTry, holds, LoopClient, measureRoute } from './measure.ts';
import { WORST_REQUESTS } from './worst-requests.ts';

/**
 * The event-loop measurement of a few routes only, on a copy of a corpus
 * (writes of the setup stay off the original):
 * `npx tsx bench/event-loop/routes.ts --db FILE --routes 'GET /v1/quotes,GET /' [--tries N] [--ms N]`.
 * What test/event-loop-routes.test.ts measures, for working on one route.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      routes: { type: 'string' },
      tries: { type: 'string', default: '3' },
      ms: { type: 'string', default: '1500' },
      explain: { type: 'string' },
      windows: { type: 'string' },
    },
  });
  if (values.db === undefined || !existsSync(values.db)) {
    process.stderr.write('Usage: routes.ts --db FILE [--routes "METHOD /path,…"] [--tries N] [--ms N]\n');
    return 64;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-loop-routes-'));
  const db = path.join(dir, 'corpus.db');
  copyFileSync(values.db, db);
  if (existsSync(`${values.db}.lsh`)) copyFileSync(`${values.db}.lsh`, `${db}.lsh`);
  const server = await serveCorpus(db);
  const client = new LoopClient(server.base, server.keys);
  const ctx = { base: server.base, keys: server.keys, words: corpusWords() };
  const wanted = values.routes?.split(',').map((r) => r.trim()) ?? Object.keys(WORST_REQUESTS);
  let failed = 0;
  try {
    await client.run([{ method: 'POST', path: '/v1/extract', role: 'reader', body: { text: '“Hello,” Kim said.' } }], 0);
    for (const route of wanted) {
      const worst = WORST_REQUESTS[route];
      if (worst === undefined) throw new Error(`no worst case for ${route}`);
      const tries = await measureRoute(client, () => worst.requests(ctx, worst.most ?? 40), Number(values.ms), Number(values.tries));
      const last = tries.at(-1);
      const ok = last !== undefined && holds(last);
      if (!ok) failed++;
      process.stdout.write(`${ok ? 'ok ' : 'NO '} ${route}: ${tries.map(describeTry).join('; ')} [statuses ${[...new Set(last?.run.statuses)].join(',')}]\n`);
      if (values.explain !== undefined) await explain(server.base, server.keys, await worst.requests(ctx, worst.most ?? 40), Number(values.explain), values.windows);
    }
    process.stdout.write(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  } finally {
    await client.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return failed === 0 ? 0 : 1;
}

/**
 * The requests once more, one after the other from a thread of their own,
 * while a timer on this thread notes every stall longer than `overMs`: each
 * stall is printed with the request in flight.
 */
async function explain(
  base: string,
  keys: Record<string, string>,
  requests: readonly { method: string; path: string; body?: unknown; role?: string }[],
  overMs: number,
  windowsFile?: string,
): Promise<void> {
  const stalls: { at: number; ms: number; cpuMs: number }[] = [];
  const windows: [number, number][] = [];
  // This thread's own CPU time (Linux): a stall's CPU time is the server's doing, the rest waiting for a core.
  const cpu = threadCpu(process.pid);
  let last = performance.now();
  let lastCpu = cpu() ?? 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const nowCpu = cpu() ?? 0;
    if (now - last > overMs + 2) {
      stalls.push({ at: performance.timeOrigin + last, ms: now - last - 2, cpuMs: nowCpu - lastCpu });
      // The same window on the monotonic clock of V8's CPU profiles (µs), for bench/event-loop analysis with --cpu-prof.
      windows.push([Number(process.hrtime.bigint() / 1000n) - Math.round((now - last) * 1000), Number(process.hrtime.bigint() / 1000n)]);
    }
    last = now;
    lastCpu = nowCpu;
  }, 2);
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', async ({ base, keys, requests }) => {
      const timeline = [];
      for (const r of requests) {
        const headers = {};
        if (r.body !== undefined) headers['Content-Type'] = 'application/json';
        if (r.role !== undefined) headers.Authorization = 'Bearer ' + keys[r.role];
        const start = performance.timeOrigin + performance.now();
        const res = await fetch(base + r.path, { method: r.method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
        await res.text();
        timeline.push({ start, end: performance.timeOrigin + performance.now(), what: r.method + ' ' + r.path.slice(0, 120) + (r.body === undefined ? '' : ' ' + JSON.stringify(r.body).slice(0, 80)), status: res.status });
      }
      parentPort.postMessage(timeline);
    });`,
    { eval: true },
  );
  const timeline = await new Promise<{ start: number; end: number; what: string; status: number }[]>((resolve) => {
    worker.once('message', resolve);
    worker.postMessage({ base, keys, requests });
  });
  clearInterval(timer);
  await worker.terminate();
  if (windowsFile !== undefined) writeFileSync(windowsFile, JSON.stringify(windows));
  for (const r of timeline) {
    const mine = stalls.filter((s) => s.at >= r.start - 1 && s.at <= r.end);
    process.stdout.write(`   ${(r.end - r.start).toFixed(0).padStart(5)} ms ${r.status} ${r.what}${mine.length === 0 ? '' : `  STALLS ${mine.map((s) => `${s.ms.toFixed(0)} (cpu ${s.cpuMs.toFixed(0)})`).join(', ')} ms`}\n`);
  }
}

runMain(main);
