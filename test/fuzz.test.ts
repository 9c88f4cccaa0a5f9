import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Endpoint } from '../src/http/endpoint.ts';
import { allEndpoints } from '../src/http/routes/index.ts';
import { snapshot } from './support/db-snapshot.ts';
import { evidenceViolations } from './support/evidence-invariant.ts';
import { personName, unique, useTestApp } from './support/test-app.ts';
import { arbitraryFor, bodyText, HOSTILE_STRINGS } from './support/zod-arbitrary.ts';

/**
 * Property-based fuzzing of every route with inputs derived from its own zod
 * schemas plus hostile values. Fixed seed in CI; FUZZ_RUNS / FUZZ_SEED for longer local runs.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20250508);

function toText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Percent-encodes like encodeURIComponent, but sends lone surrogates as their (invalid) 3-byte sequences. */
function encodeSegment(text: string): string {
  return Array.from(text, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
    return encodeURIComponent(ch);
  }).join('');
}

function urlFor(endpoint: Endpoint, params: Record<string, unknown>, query: Record<string, unknown>): string {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeSegment(toText(params[name] ?? '1')) || '1');
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) search.append(k, toText(item));
  }
  const qs = search.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

const record = (schema: z.ZodType | undefined): fc.Arbitrary<Record<string, unknown>> =>
  schema === undefined
    ? fc.constant({})
    : arbitraryFor(schema).map((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}));

describe('fuzzing every route', () => {
  const t = useTestApp({ seed: true });

  it('never answers ≥ 500, answers 4xx as problem+json, and rejected writes change nothing', async () => {
    const endpoints = allEndpoints(t.repos, t.services);
    let requests = 0;
    for (const endpoint of endpoints) {
      const isWrite = endpoint.method !== 'get';
      await fc.assert(
        fc.asyncProperty(
          record(endpoint.params),
          record(endpoint.query),
          endpoint.body === undefined ? fc.constant(undefined) : bodyText(endpoint.body),
          fc.constantFrom<'admin' | 'editor' | 'reader' | 'none'>('admin', 'admin', 'editor', 'reader', 'none'),
          fc.constantFrom(...HOSTILE_STRINGS.slice(0, 6), 'application/json', 'application/json', 'application/json'),
          async (params, query, body, role, contentType) => {
            requests++;
            const before = isWrite ? await snapshot(t) : null;
            let req = request(t.app)[endpoint.method](urlFor(endpoint, params, query));
            if (role !== 'none') req = req.set('Authorization', `Bearer ${t.keys[role]}`);
            if (body !== undefined) req = req.set('Content-Type', contentType || 'application/json').send(body);
            const res = await req;
            expect(res.status, `${endpoint.method.toUpperCase()} ${urlFor(endpoint, params, query)} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
            if (res.status >= 400) {
              expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
              expect(res.body.code).toEqual(expect.any(String));
              if (before !== null) expect(await snapshot(t)).toEqual(before);
            }
            if (isWrite) expect(await evidenceViolations(t), `after ${endpoint.method.toUpperCase()} ${endpoint.path}`).toEqual([]);
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    expect(requests).toBeGreaterThanOrEqual(endpoints.length * RUNS);
    expect(await t.backendStorage.checkIntegrity()).toBe('ok');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);
});

describe('fuzzing near-duplicate wordings through every write path', () => {
  const t = useTestApp();

  /** One sentence, reworded by word edits: the near-duplicates ingest used to merge. */
  const BASE = ['we', 'will', 'not', 'raise', 'the', 'fuel', 'tax', 'before', 'the', 'election', 'in', '2027'];
  const REPLACEMENTS = ['now', 'not', 'never', 'cut', 'after', '2028', '3', '30', 'Fuel', 'tax,', '“the”', 'the  fuel'];
  const wording = fc
    .array(fc.record({ at: fc.nat(BASE.length - 1), word: fc.constantFrom(...REPLACEMENTS) }), { maxLength: 2 })
    .map((edits) => {
      const words = [...BASE];
      for (const e of edits) words[e.at] = e.word;
      const text = words.join(' ');
      return text.charAt(0).toUpperCase() + text.slice(1);
    });

  it('when wordings of one sentence are written by extraction or by hand, at right or shifted offsets, then the evidence invariant holds after every write', async () => {
    const who = personName();
    const speaker = (await t.api().post('/v1/speakers').send({ name: who.full, kind: 'person' }).expect(201)).body;
    let writes = 0;
    await fc.assert(
      fc.asyncProperty(wording, fc.constantFrom<'extract' | 'manual'>('extract', 'manual'), fc.integer({ min: -2, max: 2 }), async (words, via, shift) => {
        const text = `“${words},” ${who.full} said on ${unique('day')}.`;
        if (via === 'extract') {
          const res = await t.api().post('/v1/documents').send({ text, extract: true, outlet: 'Fuzz Wire' }).expect(201);
          for (const q of res.body.quotes) {
            const quote = await t.api().get(`/v1/quotes/${q.quoteId}`).expect(200);
            expect(quote.body.occurrences.some((o: { id: number }) => o.id === q.occurrenceId)).toBe(true);
          }
        } else {
          const doc = (await t.api().post('/v1/documents').send({ text }).expect(201)).body;
          const start = text.indexOf(words) + shift;
          const res = await t
            .api()
            .post('/v1/quotes')
            .send({ speaker: speaker.slug, text: words, kind: 'direct', evidence: { documentId: doc.id, start: Math.max(0, start), end: start + words.length } });
          if (shift === 0) expect([200, 201]).toContain(res.status);
          else expect(res.body.code).toBe('evidence_mismatch');
        }
        writes++;
        expect(await evidenceViolations(t)).toEqual([]);
      }),
      { numRuns: Math.min(RUNS, 60), seed: SEED, endOnFailure: true },
    );
    expect(writes).toBeGreaterThan(0);
  }, 120_000);
});
