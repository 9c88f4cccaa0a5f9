import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { VERIFY_CASES } from './verify.cases.ts';

interface Flag {
  code: string;
  message: string;
}

describe('POST /v1/verify on the seed article', () => {
  let t: TestApp;
  const ids = new Map<string, number>();
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    for (const slug of ['yury-ushakov']) {
      const res = await request(t.app).get(`/v1/speakers/${slug}`).expect(200);
      ids.set(slug, res.body.id as number);
    }
  });
  afterAll(() => t.close());

  it('has at least 60 cases', () => {
    expect(VERIFY_CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(VERIFY_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const speaker = c.speaker?.startsWith('#') ? String(ids.get(c.speaker.slice(1))) : c.speaker;
    const res = await request(t.app)
      .post('/v1/verify')
      .send({ text: c.text, ...(speaker === undefined ? {} : { speaker }), ...(c.date === undefined ? {} : { date: c.date }) })
      .expect(200);
    const codes = (res.body.flags as Flag[]).map((f) => f.code);
    const summary = { verdict: res.body.verdict, codes, explanation: res.body.explanation, top: res.body.matches[0]?.quote.text };
    expect(summary.verdict, JSON.stringify(summary)).toBe(c.verdict);
    if (c.verdict === 'not_found') expect(res.body.matches).toEqual([]);
    else expect(res.body.matches.length).toBeGreaterThan(0);
    if (c.by !== undefined) expect(res.body.matches[0].quote.speaker.slug).toBe(c.by);
    for (const code of c.flags ?? []) expect(codes, JSON.stringify(summary)).toContain(code);
    for (const code of c.noFlags ?? []) expect(codes, JSON.stringify(summary)).not.toContain(code);
    expect(res.body.confidence).toBeGreaterThan(0);
    expect(res.body.confidence).toBeLessThanOrEqual(1);
  });
});
