import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Endpoint } from '../src/http/endpoint.ts';
import { allEndpoints } from '../src/http/routes/index.ts';
import { snapshot } from './support/db-snapshot.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
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
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

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
            const before = isWrite ? snapshot(t.db) : null;
            let req = request(t.app)[endpoint.method](urlFor(endpoint, params, query));
            if (role !== 'none') req = req.set('Authorization', `Bearer ${t.keys[role]}`);
            if (body !== undefined) req = req.set('Content-Type', contentType || 'application/json').send(body);
            const res = await req;
            expect(res.status, `${endpoint.method.toUpperCase()} ${urlFor(endpoint, params, query)} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
            if (res.status >= 400) {
              expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
              expect(res.body.code).toEqual(expect.any(String));
              if (before !== null) expect(snapshot(t.db)).toEqual(before);
            }
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    expect(requests).toBeGreaterThanOrEqual(endpoints.length * RUNS);
    expect(t.db.sql.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);
});
