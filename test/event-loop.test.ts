import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_CHARS } from '../src/http/routes/documents.routes.ts';
import { MAX_EXTRACT_CHARS } from '../src/http/schemas/extraction.ts';
import { article } from '../bench/event-loop/worst-requests.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

let t: TestApp;
let server: Server;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The pool's thread starts on first use: warm it so the measurement is of extraction, not of a thread start.
  await fetch(`${base}/v1/extract`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: '“Hello,” Kim said.' }) });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/**
 * Runs `work` while /health and a search are asked every 10 ms; returns the
 * event-loop delay p99 (ms) over the run and the slowest of those answers.
 */
async function whileServing(work: () => Promise<Response>): Promise<{ status: number; p99: number; max: number; slowestMs: number; answered: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let done = false;
  let slowestMs = 0;
  let answered = 0;
  const probe = async () => {
    while (!done) {
      for (const path of ['/health', '/v1/quotes?q=minister&limit=5']) {
        const started = performance.now();
        const res = await fetch(`${base}${path}`);
        await res.arrayBuffer();
        expect(res.status).toBe(200);
        slowestMs = Math.max(slowestMs, performance.now() - started);
        answered++;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const probing = probe();
  const res = await work();
  await res.arrayBuffer();
  done = true;
  await probing;
  histogram.disable();
  return { status: res.status, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, slowestMs, answered };
}

/**
 * Up to three tries of `run`, each after measuring the same probing with no
 * work (the baseline): the machine is shared, and other processes starving
 * this one delay its timers whatever it does. A try passes when the p99 is
 * within 20 ms, or within 20 ms of what the baseline alone showed; work done
 * on the serving thread (an extraction takes seconds) fails every try.
 */
/** A single stall of the serving thread: p99 alone would miss one long block (it is one sample). */
const MAX_STALL_MS = 100;
/** An idle baseline p99 above this means other processes are starving this one: its p99 says nothing about the server. */
const QUIET_P99_MS = 10;

interface Try {
  p99: number;
  max: number;
  baseline: number;
  baselineMax: number;
  status: number;
  answered: number;
}

/** What a try must show: no stall beyond the baseline's, and, on a quiet machine, a p99 within 20 ms. */
const holds = (t: Try) => t.max <= MAX_STALL_MS + t.baselineMax && (t.baseline > QUIET_P99_MS || t.p99 <= 20);

/**
 * Up to three tries of `run`, each after measuring the same probing with no
 * work (the baseline). On a shared, busy machine other processes delay this
 * one's timers whatever it does: there only the stall bound is judged (an
 * extraction on the serving thread blocks it for seconds and fails it), and
 * the p99 bound of 20 ms is judged whenever the baseline shows a quiet machine.
 */
async function tries(run: () => Promise<Response>): Promise<Try> {
  const seen: Try[] = [];
  for (let i = 0; i < 3; i++) {
    const baseline = await whileServing(() => new Promise((resolve) => setTimeout(() => resolve(new Response('')), 1500)));
    const measured = await whileServing(run);
    seen.push({ p99: measured.p99, max: measured.max, baseline: baseline.p99, baselineMax: baseline.max, status: measured.status, answered: measured.answered });
    if (holds(seen.at(-1) as Try)) break;
  }
  console.info(`event-loop delay p99/max (ms) per try, with the idle baseline: ${seen.map((s) => `${s.p99.toFixed(1)}/${s.max.toFixed(1)} (baseline ${s.baseline.toFixed(1)}/${s.baselineMax.toFixed(1)})`).join(', ')}`);
  return seen.at(-1) as Try;
}

/**
 * Posts a body from another process, so that sending it and reading the
 * answer cost this process (the server's) nothing: only the server's own
 * work is measured.
 */
function postFromElsewhere(path: string, body: unknown, key?: string): Promise<Response> {
  const file = path.replace(/\W/g, '_');
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-eld-'));
  const bodyFile = join(dir, `${file}.json`);
  writeFileSync(bodyFile, JSON.stringify(body));
  const script = `fetch(${JSON.stringify(`${base}${path}`)}, { method: 'POST', headers: ${JSON.stringify({ 'Content-Type': 'application/json', ...(key === undefined ? {} : { Authorization: `Bearer ${key}` }) })}, body: require('node:fs').readFileSync(${JSON.stringify(bodyFile)}) }).then(async (r) => { await r.arrayBuffer(); process.stdout.write(String(r.status)); })`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], (error, stdout) => {
      rmSync(dir, { recursive: true, force: true });
      if (error) reject(error);
      else resolve(new Response('', { status: Number(stdout) }));
    });
  });
}

describe('the event loop while extraction runs', () => {
  it(`when a ${MAX_EXTRACT_CHARS}-character text is extracted, then /health and search keep answering and the event-loop delay p99 stays ≤ 20 ms`, async () => {
    const body = { text: article(MAX_EXTRACT_CHARS, unique()) };
    const run = await tries(() => postFromElsewhere('/v1/extract', body));
    expect(run.status).toBe(200);
    expect(run.answered).toBeGreaterThan(4);
    expect(run.max).toBeLessThanOrEqual(MAX_STALL_MS + run.baselineMax);
    if (run.baseline <= QUIET_P99_MS) expect(run.p99).toBeLessThanOrEqual(20);
  }, 120_000);

  it(`when a ${MAX_DOCUMENT_CHARS}-character article is stored with extract: true, then /health and search keep answering and the event-loop delay p99 stays ≤ 20 ms`, async () => {
    // ~5,800 quotes: written in one turn of the event loop, and the answer checked in one, they stalled it for 0.2–0.5 s.
    const run = await tries(() => postFromElsewhere('/v1/documents', { text: article(MAX_DOCUMENT_CHARS, unique()), extract: true }, t.keys.editor));
    expect(run.status).toBe(201);
    expect(run.answered).toBeGreaterThan(4);
    expect(run.max).toBeLessThanOrEqual(MAX_STALL_MS + run.baselineMax);
    if (run.baseline <= QUIET_P99_MS) expect(run.p99).toBeLessThanOrEqual(20);
  }, 180_000);
});
