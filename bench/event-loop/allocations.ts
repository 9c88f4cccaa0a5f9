import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver, constants as perf, type PerformanceEntry } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { runMain } from '../../src/cli/run-main.ts';
import { serveCorpus } from '../cost/serve.ts';
import { corpusWords } from '../search.bench.ts';
import type { LoopRequest } from './measure.ts';
import { WORST_REQUESTS } from './worst-requests.ts';

/**
 * What the serving thread allocates while it serves a route's worst requests, family by family:
 * `npx tsx bench/event-loop/allocations.ts --db FILE [--route 'GET /v1/quotes'] [--rounds N] [--top N] [--in-place]`.
 * V8's sampling heap profiler, with the objects collected since kept in the sample, attributes every
 * allocation (garbage included) to the function that made it; the collector's pauses of the same
 * stretch are summed per family. The client runs on a thread of its own (its allocations are its heap's).
 * `--gc-only` leaves the profiler off (its start and stop collect the heap): for the pauses as they are.
 * `--in-place` serves the file itself instead of a copy (the route must not write; API keys are added).
 */

const CLIENT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ base, requests }) => {
  const statuses = [];
  for (const request of requests) {
    const res = await fetch(base + request.path, { method: request.method });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  parentPort.postMessage(statuses);
});
`;

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  id: number;
  children: SamplingNode[];
}

interface SamplingProfile {
  head: SamplingNode;
  samples: { size: number; nodeId: number }[];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      route: { type: 'string', default: 'GET /v1/quotes' },
      rounds: { type: 'string', default: '5' },
      top: { type: 'string', default: '8' },
      'in-place': { type: 'boolean', default: false },
      'gc-only': { type: 'boolean', default: false },
    },
  });
  if (values.db === undefined || !existsSync(values.db)) {
    process.stderr.write('Usage: allocations.ts --db FILE [--route "METHOD /path"] [--rounds N] [--top N] [--in-place]\n');
    return 64;
  }
  const worst = WORST_REQUESTS[values.route];
  if (worst === undefined) throw new Error(`no worst case for ${values.route}`);
  let dir: string | null = null;
  let db = values.db;
  if (!values['in-place']) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-allocations-'));
    db = path.join(dir, 'corpus.db');
    copyFileSync(values.db, db);
    if (existsSync(`${values.db}.lsh`)) copyFileSync(`${values.db}.lsh`, `${db}.lsh`);
  }
  const server = await serveCorpus(db);
  const ctx = { base: server.base, keys: server.keys, words: corpusWords() };
  // The distinct requests among the route's first 40 (a cost case cycles through its families).
  const forty = await worst.requests(ctx, worst.most ?? 40);
  const once = forty.filter((r, i) => forty.findIndex((o) => o.path === r.path && JSON.stringify(o.body) === JSON.stringify(r.body)) === i);
  const families = once.length;
  const rounds = Number(values.rounds);
  const worker = new Worker(CLIENT, { eval: true });
  const send = (requests: LoopRequest[]) =>
    new Promise<number[]>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', resolve);
      worker.postMessage({ base: server.base, requests });
    });
  const session = new Session();
  session.connect();
  const pauses: { kind: number; ms: number }[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ kind: (e as PerformanceEntry & { detail: { kind: number } }).detail.kind, ms: e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  const kinds: Record<number, string> = { [perf.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [perf.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact', [perf.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [perf.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
  const top = Number(values.top);
  let totalBytes = 0;
  let totalPause = 0;
  let maxPause = 0;
  try {
    // Every family once first: caches, statements and the JIT warm.
    await send(once);
    process.stdout.write(`warmed: ${families} requests sent once\n`);
    for (let f = 0; f < families; f++) {
      const request = once[f] as LoopRequest;
      await send([request]);
      pauses.length = 0;
      const heapBefore = v8.getHeapStatistics().used_heap_size;
      const cpu0 = process.cpuUsage();
      // The profiler's own start and stop collect the heap: --gc-only leaves it off, for the collector's pauses as they are.
      if (!values['gc-only']) await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      const statuses = await send(Array.from({ length: rounds }, () => request));
      const { profile } = values['gc-only'] ? { profile: { head: EMPTY, samples: [] } } : ((await session.post('HeapProfiler.stopSampling')) as unknown as { profile: SamplingProfile });
      const cpu = process.cpuUsage(cpu0);
      await new Promise((resolve) => setImmediate(resolve));
      const heapAfter = v8.getHeapStatistics().used_heap_size;
      const bytes = profile.samples.reduce((s, x) => s + x.size, 0) / rounds;
      totalBytes += bytes;
      const byKind = Object.entries(kinds)
        .map(([kind, name]) => {
          const mine = pauses.filter((p) => p.kind === Number(kind)).map((p) => p.ms);
          return mine.length === 0 ? '' : `${name} ${mine.length}× total ${mine.reduce((a, b) => a + b, 0).toFixed(1)} max ${Math.max(...mine).toFixed(1)} ms`;
        })
        .filter((s) => s !== '');
      const pauseSum = pauses.reduce((a, p) => a + p.ms, 0);
      totalPause += pauseSum;
      maxPause = Math.max(maxPause, ...pauses.map((p) => p.ms));
      process.stdout.write(
        `\n[${f}] ${request.path.slice(0, 150)}\n  statuses ${[...new Set(statuses)].join(',')}; allocated ${(bytes / 1024).toFixed(0)} KiB a request; ` +
          `CPU ${((cpu.user + cpu.system) / 1000 / rounds).toFixed(1)} ms a request; heap ${(heapBefore / 2 ** 20).toFixed(1)} → ${(heapAfter / 2 ** 20).toFixed(1)} MiB; gc ${byKind.join('; ') || 'none'}\n`,
      );
      for (const line of attribute(profile, rounds, top)) process.stdout.write(`    ${line}\n`);
    }
    process.stdout.write(
      `\nall families: allocated ${(totalBytes / 1024).toFixed(0)} KiB per round of ${families}; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; gc pauses total ${totalPause.toFixed(1)} ms max ${maxPause.toFixed(1)} ms; load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
  } finally {
    gc.disconnect();
    session.disconnect();
    await worker.terminate();
    await server.close();
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

const EMPTY: SamplingNode = { callFrame: { functionName: '', url: '', lineNumber: 0 }, selfSize: 0, id: 0, children: [] };

const frame = (n: SamplingNode) => `${n.callFrame.functionName || '(anon)'}@${n.callFrame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;

/** Bytes a request by allocating function (self) and its two callers. */
function attribute(profile: SamplingProfile, rounds: number, top: number): string[] {
  const self = new Map<string, number>();
  const walk = (node: SamplingNode, callers: string[]) => {
    const chain = [frame(node), ...callers].slice(0, 3);
    if (node.selfSize > 0) self.set(chain.join(' ← '), (self.get(chain.join(' ← ')) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, chain);
  };
  walk(profile.head, []);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, size]) => `${(size / rounds / 1024).toFixed(0).padStart(6)} KiB ${name}`);
}

runMain(main);
