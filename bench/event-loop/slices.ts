import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver, constants as perf, type PerformanceEntry } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { runMain } from '../../src/cli/run-main.ts';
import { threadCpu } from '../cost/families.ts';
import { serveCorpus } from '../cost/serve.ts';
import { corpusWords } from '../search.bench.ts';
import type { LoopRequest } from './measure.ts';
import { WORST_REQUESTS } from './worst-requests.ts';

/**
 * Where a route's synchronous slices on the serving thread go: every
 * stretch the thread runs without returning to the event loop, timed, with
 * the serving thread's own CPU time in it and (with --prof) the functions a
 * CPU profile sampled inside it.
 * `npx tsx bench/event-loop/slices.ts --db FILE --route 'POST /v1/verify' [--rounds N] [--over MS] [--prof] [--warm-all]`.
 * `--warm-all` first sends every route's worst requests once, as the event-loop test does before the
 * later routes: the heap (and so the collector's pauses) is then the test's, not a fresh server's.
 *
 * A probe re-arms itself with setImmediate, so it runs once per loop
 * iteration: the gap between two of its runs is the work the loop did in
 * between (one slice of a request when requests yield with setImmediate).
 */

interface Slice {
  /** The request in flight (index into the requests sent). */
  request: number;
  wallMs: number;
  cpuMs: number;
  /** hrtime in µs, the clock of V8's CPU profiles. */
  fromUs: number;
  toUs: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const CLIENT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ base, requests, keys }) => {
  const answers = [];
  for (const [i, request] of requests.entries()) {
    const headers = {};
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.raw !== undefined) headers['Content-Type'] = request.raw.mediaType;
    if (request.role !== undefined) headers.Authorization = 'Bearer ' + keys[request.role];
    parentPort.postMessage({ start: i });
    const t0 = performance.now();
    const res = await fetch(base + request.path, { method: request.method, headers, body: request.raw !== undefined ? request.raw.text : request.body === undefined ? undefined : JSON.stringify(request.body) });
    await res.text();
    answers.push({ status: res.status, ms: performance.now() - t0 });
  }
  parentPort.postMessage({ answers });
});
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      route: { type: 'string', default: 'POST /v1/verify' },
      rounds: { type: 'string', default: '5' },
      over: { type: 'string', default: '2' },
      prof: { type: 'boolean', default: false },
      top: { type: 'string', default: '8' },
      'warm-all': { type: 'boolean', default: false },
    },
  });
  if (values.db === undefined || !existsSync(values.db)) {
    process.stderr.write('Usage: slices.ts --db FILE [--route "METHOD /path"] [--rounds N] [--over MS] [--prof]\n');
    return 64;
  }
  const worst = WORST_REQUESTS[values.route];
  if (worst === undefined) throw new Error(`no worst case for ${values.route}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-slices-'));
  const db = path.join(dir, 'corpus.db');
  copyFileSync(values.db, db);
  if (existsSync(`${values.db}.lsh`)) copyFileSync(`${values.db}.lsh`, `${db}.lsh`);
  const server = await serveCorpus(db);
  const ctx = { base: server.base, keys: server.keys, words: corpusWords() };
  if (values['warm-all']) {
    for (const [route, other] of Object.entries(WORST_REQUESTS)) {
      if (route === values.route) break;
      const sent = await new Promise<unknown>((resolve, reject) => {
        const w = new Worker(CLIENT, { eval: true });
        w.on('error', reject);
        w.on('message', (m: { answers?: unknown }) => {
          if (m.answers !== undefined) void w.terminate().then(() => resolve(m.answers));
        });
        void other.requests(ctx, Math.min(other.most ?? 10, 10)).then((requests) => w.postMessage({ base: server.base, requests, keys: server.keys }), reject);
      });
      process.stderr.write(`warmed with ${route} (${(sent as unknown[]).length} requests)\n`);
    }
  }
  const families = worst.most ?? 4;
  const once = await worst.requests(ctx, families);
  const rounds = Number(values.rounds);
  const requests: LoopRequest[] = Array.from({ length: rounds + 1 }, () => once).flat();
  const worker = new Worker(CLIENT, { eval: true });
  const cpu = threadCpu(process.pid);
  const slices: Slice[] = [];
  const session = new Session();
  session.connect();
  if (values.prof) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const pauses: { kind: number; ms: number }[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ kind: (e as PerformanceEntry & { detail: { kind: number } }).detail.kind, ms: e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  let current = -1;
  let running = true;
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  let lastWall = performance.now();
  let lastCpu = cpu() ?? 0;
  let lastUs = nowUs();
  const overMs = Number(values.over);
  const probe = () => {
    const wall = performance.now();
    if (wall - lastWall > overMs) {
      const c = cpu() ?? 0;
      const us = nowUs();
      slices.push({ request: current, wallMs: wall - lastWall, cpuMs: c - lastCpu, fromUs: lastUs, toUs: us });
    }
    lastWall = performance.now();
    lastCpu = cpu() ?? 0;
    lastUs = nowUs();
    if (running) setImmediate(probe);
  };
  const answers = await new Promise<{ status: number; ms: number }[]>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: { start?: number; answers?: { status: number; ms: number }[] }) => {
      if (m.start !== undefined) current = m.start;
      if (m.answers !== undefined) resolve(m.answers);
    });
    setImmediate(probe);
    worker.postMessage({ base: server.base, requests, keys: server.keys });
  });
  running = false;
  gc.disconnect();
  const profile = values.prof ? ((await session.post('Profiler.stop')) as { profile: Profile }).profile : null;
  session.disconnect();
  await worker.terminate();
  await server.close();
  rmSync(dir, { recursive: true, force: true });

  // The first round warms caches and the JIT: only the others count.
  const counted = slices.filter((s) => s.request >= families);
  const label = (i: number) => {
    const r = once[i % families] as LoopRequest;
    return `${r.method} ${r.path} ${JSON.stringify(r.body ?? '').slice(0, 60)}`;
  };
  for (let f = 0; f < families; f++) {
    const mine = counted.filter((s) => s.request % families === f).sort((a, b) => b.cpuMs - a.cpuMs);
    const times = answers.filter((_, i) => i >= families && i % families === f).map((a) => a.ms);
    const cpuSorted = mine.map((s) => s.cpuMs);
    process.stdout.write(
      `\n[${f}] ${label(f)}\n  requests ${times.length}, wall ${times.map((t) => t.toFixed(0)).join(' ')} ms; slices over ${overMs} ms of wall: ${mine.length}; ` +
        `their CPU ms, largest first: ${cpuSorted.slice(0, 16).map((c) => c.toFixed(1)).join(' ')}\n`,
    );
    if (profile !== null) for (const s of mine.slice(0, Number(values.top))) process.stdout.write(`    ${s.cpuMs.toFixed(1)} ms cpu (${s.wallMs.toFixed(1)} wall): ${attribute(profile, s)}\n`);
  }
  const kinds: Record<number, string> = { [perf.NODE_PERFORMANCE_GC_MINOR]: 'minor', [perf.NODE_PERFORMANCE_GC_MAJOR]: 'major', [perf.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [perf.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };
  for (const [kind, name] of Object.entries(kinds)) {
    const mine = pauses.filter((p) => p.kind === Number(kind)).map((p) => p.ms).sort((a, b) => b - a);
    if (mine.length > 0) process.stdout.write(`gc ${name}: ${mine.length} pauses, longest ${mine.slice(0, 6).map((m) => m.toFixed(1)).join(' ')} ms\n`);
  }
  const all = counted.map((s) => s.cpuMs).sort((a, b) => b - a);
  process.stdout.write(`\nall slices over ${overMs} ms wall: ${all.length}; CPU ms p50 ${pct(all, 50)} p90 ${pct(all, 10)} max ${(all[0] ?? 0).toFixed(1)}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  return 0;
}

const pct = (desc: number[], p: number) => (desc[Math.floor((desc.length * p) / 100)] ?? 0).toFixed(1);

/** The functions of this repository sampled inside the slice, by inclusive share, deepest interesting first. */
function attribute(profile: Profile, slice: Slice): string {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  let t = profile.startTime;
  const counts = new Map<string, number>();
  const selfCounts = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] as number;
    if (t < slice.fromUs || t > slice.toUs) continue;
    total++;
    const seen = new Set<string>();
    let id: number | undefined = profile.samples[i];
    let first = true;
    while (id !== undefined) {
      const node = byId.get(id) as ProfileNode;
      const { functionName, url, lineNumber } = node.callFrame;
      const name = `${functionName || '(anon)'}@${url.replace(/^.*\/(src|bench|node_modules)\//, '$1/')}:${lineNumber + 1}`;
      if (first) selfCounts.set(name, (selfCounts.get(name) ?? 0) + 1);
      first = false;
      if (url.includes('/src/') && !seen.has(name)) {
        seen.add(name);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      id = parent.get(id);
    }
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
  const self = [...selfCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return `${total} samples; incl ${top.map(([n, c]) => `${n} ${Math.round((100 * c) / Math.max(total, 1))}%`).join(', ')} | self ${self.map(([n, c]) => `${n} ${c}`).join(', ')}`;
}

runMain(main);
