import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';

describe('GET /v1/quotes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  const hostile = [
    '"',
    '(',
    ')',
    '*',
    'NEAR(',
    'NEAR(a b, 2)',
    '-',
    '--',
    '- -',
    "'; DROP TABLE Quote; --",
    'a AND',
    'OR',
    'NOT',
    'text:foo',
    '^start',
    '{col}: x',
    'x'.repeat(10_000),
    '😀',
    '😀 Kim',
    '\uD800',
    'Kim \uDC00 Jong',
    '\u0000',
    '"unbalanced phrase',
    'Kim"Jong',
    '***',
    '%',
    '_',
    '\\',
  ];
  it.each(hostile.map((q) => [JSON.stringify(q).slice(0, 40), q]))('never fails on hostile input %s', async (_label, q) => {
    const res = await request(t.app).get('/v1/quotes').query({ q });
    expect([200, 400]).toContain(res.status);
    if (res.status === 400) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(['invalid_search_query', 'validation_failed']).toContain(res.body.code);
      expect(res.body.detail.length).toBeGreaterThan(0);
    } else {
      expect(Array.isArray(res.body.items)).toBe(true);
    }
  });

  it('treats typed operators as words, not syntax', async () => {
    const res = await request(t.app).get('/v1/quotes').query({ q: 'Ukraine NEAR(' }).expect(200);
    // "near" is not in the article, so the AND of both words matches nothing — and nothing breaks.
    expect(res.body.items).toEqual([]);
  });

  it('supports phrases, prefixes, exclusion and OR', async () => {
    const phrase = await request(t.app).get('/v1/quotes').query({ q: '"artillery shell support"' }).expect(200);
    expect(phrase.body.items).toHaveLength(1);
    const prefix = await request(t.app).get('/v1/quotes').query({ q: 'ambassador*' }).expect(200);
    expect(prefix.body.items.map((i: { speaker: { name: string } }) => i.speaker.name)).toEqual(['Yury Ushakov']);
    const both = await request(t.app).get('/v1/quotes').query({ q: '"tanks" OR ambassadorial' }).expect(200);
    expect(both.body.items.length).toBe(2);
    const excluded = await request(t.app).get('/v1/quotes').query({ q: 'Ukraine -tanks' }).expect(200);
    const texts: string[] = excluded.body.items.map((i: { text: string }) => i.text);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((x) => !/\btanks?\b/i.test(x))).toBe(true); // excluding a word excludes its inflections too
  });

  it('ignores case, accents, hyphens and apostrophe style', async () => {
    for (const q of ['"KIM JONG UN"', '"kim jong-un"', '"Kím Jóng Un"']) {
      const res = await request(t.app).get('/v1/quotes').query({ q }).expect(200);
      expect(res.body.items.length, q).toBeGreaterThan(0);
    }
    const curly = await request(t.app).get('/v1/quotes').query({ q: '"you\'ll learn"' }).expect(200);
    expect(curly.body.items[0].text).toContain('you’ll learn');
  });

  it('filters by kind, speaker alias and date said', async () => {
    const direct = await request(t.app).get('/v1/quotes').query({ kind: 'direct', speaker: 'Ushakov' }).expect(200);
    expect(direct.body.items.length).toBe(3);
    expect(direct.body.items.every((i: { kind: string }) => i.kind === 'direct')).toBe(true);
    const briefing = await request(t.app).get('/v1/quotes').query({ from: '2025-05-06', to: '2025-05-06' }).expect(200);
    expect(briefing.body.items.map((i: { text: string }) => i.text)).toEqual(['North Korea will be represented at the ambassadorial level']);
  });

  it("filters by the speaker's organisation at the time said", async () => {
    const res = await request(t.app).get('/v1/quotes').query({ organization: 'Korea Institute for National Unification' }).expect(200);
    expect(res.body.items.length).toBe(2);
    expect(res.body.items.every((i: { speaker: { name: string } }) => i.speaker.name === 'Hong Min')).toBe(true);
  });

  it('pages with a cursor that stays stable while new quotes arrive', async () => {
    const first = await request(t.app).get('/v1/quotes').query({ q: 'Russia', limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    // A new matching quote arrives between pages.
    const doc = await t.api().post('/v1/documents').send({ text: 'Russia will respond, the Kremlin said on Friday.' }).expect(201);
    await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'kremlin', text: 'Russia will respond', kind: 'indirect', evidence: { documentId: doc.body.id, start: 0, end: 19 } })
      .expect(201);
    const seen = new Set(first.body.items.map((i: { id: number }) => i.id));
    let cursor: string | null = first.body.nextCursor;
    while (cursor !== null) {
      const page = await request(t.app).get('/v1/quotes').query({ q: 'Russia', limit: 2, cursor }).expect(200);
      for (const item of page.body.items) {
        expect(seen.has(item.id), `duplicate ${item.id}`).toBe(false);
        seen.add(item.id);
        expect(item.text).not.toBe('Russia will respond');
      }
      cursor = page.body.nextCursor;
    }
    const fresh = await request(t.app).get('/v1/quotes').query({ q: 'Russia', limit: 100 }).expect(200);
    expect(fresh.body.items.length).toBe(seen.size + 1);
  });

  it('rejects a cursor from another query and bad parameters with problem+json', async () => {
    const first = await request(t.app).get('/v1/quotes').query({ q: 'Russia', limit: 1 }).expect(200);
    const other = await request(t.app).get('/v1/quotes').query({ q: 'Kim', cursor: first.body.nextCursor }).expect(400);
    expect(other.body.code).toBe('invalid_cursor');
    const garbage = await request(t.app).get('/v1/quotes').query({ cursor: '!!!' }).expect(400);
    expect(garbage.body.code).toBe('invalid_cursor');
    for (const query of [{ limit: 0 }, { limit: 'ten' }, { kind: 'shouted' }, { from: '2025-02-30' }, { to: 'yesterday' }]) {
      const res = await request(t.app).get('/v1/quotes').query(query).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.issues.length).toBeGreaterThan(0);
    }
    const repeated = await request(t.app).get('/v1/quotes?q=a&q=b').expect(400);
    expect(repeated.body.code).toBe('validation_failed');
  });

  it('when a cursor is changed in any way, then it answers 400 invalid_cursor', async () => {
    const first = await request(t.app).get('/v1/quotes').query({ q: 'Russia', limit: 1 }).expect(200);
    const cursor = first.body.nextCursor as string;
    const [payload, signature] = cursor.split('.') as [string, string];
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [number, number, string, number];
    // The forgeries of the attack: a deep offset, another order, a snapshot that admits new quotes.
    const forged = [
      [50_000, state[1], state[2], state[3]],
      [state[0], state[1], state[2], (state[3] + 1) % 3],
      [state[0], state[1] + 1000, state[2], state[3]],
    ].map((s) => `${Buffer.from(JSON.stringify(s)).toString('base64url')}.${signature}`);
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [...forged, flipped, payload, `${cursor}.x`, `${payload}.`]) {
      const res = await request(t.app).get('/v1/quotes').query({ q: 'Russia', limit: 1, cursor: bad }).expect(400);
      expect(res.body.code).toBe('invalid_cursor');
    }
    await request(t.app).get('/v1/quotes').query({ q: 'Russia', limit: 1, cursor }).expect(200);
  });

  it('escapes stored HTML in snippets', async () => {
    const text = 'We will <script>alert(1)</script> never surrender';
    const doc = await t.api().post('/v1/documents').send({ text: `He said: ${text}.` }).expect(201);
    await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'hong-min', text, kind: 'direct', evidence: { documentId: doc.body.id, start: 9, end: 9 + text.length } })
      .expect(201);
    const res = await request(t.app).get('/v1/quotes').query({ q: 'surrender' }).expect(200);
    expect(res.body.items[0].snippet).toContain('&lt;script&gt;');
    expect(res.body.items[0].snippet).not.toContain('<script>');
    expect(res.body.items[0].snippet).toContain('<mark>surrender</mark>');
  });
});
