import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_BUDGET_MS } from '../bench/cost.bench.ts';
import { buildCorpus } from '../bench/corpus/generate.ts';
import { COST_FAMILIES, processCpu, superLinear, timeFamilies, type Timing } from '../bench/cost/families.ts';
import { serveCorpus } from '../bench/cost/serve.ts';
import { corpusWords } from '../bench/search.bench.ts';

/**
 * Every adversarial family of every route, against the app on a generated
 * corpus: refused or served, each within the request budget, and no time
 * growing faster than its input. The same families at 1M quotes: `npm run
 * bench -- --quotes 1000000 --suites cost`.
 */
const QUOTES = 10_000;

let dir: string;
let server: Awaited<ReturnType<typeof serveCorpus>>;
let timings: Timing[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-cost-'));
  const db = path.join(dir, 'corpus.db');
  await buildCorpus({ quotes: QUOTES, db });
  server = await serveCorpus(db);
  // CPU time: on a shared machine, waiting for a core is not what a request costs.
  timings = await timeFamilies(server.base, corpusWords(), 3, COST_FAMILIES, processCpu);
}, 300_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`request cost on a ${QUOTES}-quote corpus`, () => {
  it('when any adversarial family is sent, then it gets one of its expected statuses (capped inputs are refused, never served slowly)', () => {
    const wrong = timings.filter((t) => !t.family.statuses.includes(t.status)).map((t) => `${t.family.route} ${t.family.name} @${t.size}: ${t.status}`);
    expect(wrong).toEqual([]);
  });

  it(`when any adversarial family is sent, then the server spends at most ${REQUEST_BUDGET_MS} ms of CPU on it`, () => {
    const over = timings.filter((t) => !(t.ms <= REQUEST_BUDGET_MS)).map((t) => `${t.family.route} ${t.family.name} @${t.size}: ${t.ms.toFixed(1)} ms`);
    expect(over).toEqual([]);
  });

  it('when the input of a family grows, then its time grows at most linearly', () => {
    const growing = superLinear(timings, 3).map((g) => `${g.family.route} ${g.family.name}: ×${g.ratio.toFixed(1)} (allowed ×${g.allowed.toFixed(1)})`);
    expect(growing).toEqual([]);
  });

  it('covers every read route and the pages', () => {
    const routes = new Set(COST_FAMILIES.map((f) => f.route));
    const read = ['GET /v1/quotes', 'GET /v1/quotes/{id}/provenance', 'GET /v1/speakers', 'GET /v1/speakers/{idOrSlug}', 'POST /v1/verify'];
    const feedsAndPages = ['GET /feeds/search.atom', 'GET /feeds/speakers/{slug}.atom', 'GET /', 'GET /speakers'];
    for (const route of [...read, ...feedsAndPages]) expect(routes).toContain(route);
  });
});
