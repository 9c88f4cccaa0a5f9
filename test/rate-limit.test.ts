import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';

/** A key with the victim's public prefix and a made-up secret. */
function forgedFrom(key: string): string {
  const prefix = /^ws_([A-Za-z0-9]{12})_/.exec(key)?.[1] ?? '';
  return `ws_${prefix}_${'A'.repeat(43)}`;
}

function madeUpKey(i: number): string {
  return `ws_${`fake${i}`.padEnd(12, 'x').slice(0, 12)}_${'B'.repeat(43)}`;
}

describe('rate limiting on verified identity', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("when someone sends a victim's key prefix with wrong secrets, then the victim's budget is untouched", async () => {
    t = await createTestApp({ config: { rateLimit: { windowMs: 60_000, max: 3, authFailures: 1_000 } } });
    for (let i = 0; i < 12; i++) {
      const res = await request(t.app).get('/v1/quotes').set('Authorization', `Bearer ${forgedFrom(t.keys.reader)}`);
      expect([401, 429]).toContain(res.status);
    }
    for (let i = 0; i < 3; i++) await request(t.app).get('/v1/quotes').set('Authorization', `Bearer ${t.keys.reader}`).expect(200);
    await request(t.app).get('/v1/quotes').set('Authorization', `Bearer ${t.keys.reader}`).expect(429);
  });

  it('when a client rotates made-up key prefixes, then pages, the OpenAPI document and /docs still count against its address', async () => {
    t = await createTestApp({ config: { rateLimit: { windowMs: 60_000, max: 3, authFailures: 1_000 } } });
    const paths = ['/', '/openapi.json', '/docs', '/v1/quotes'];
    const statuses: number[] = [];
    for (let i = 0; i < paths.length; i++) {
      const res = await request(t.app).get(paths[i] as string).set('X-API-Key', madeUpKey(i));
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
    // Without any key, the same address is out of budget too.
    await request(t.app).get('/openapi.json').expect(429);
  });

  it('when authentications keep failing from one address, then further bad keys from it get 429, while valid keys still pass', async () => {
    t = await createTestApp({ config: { rateLimit: { windowMs: 60_000, max: 1_000, authFailures: 5 } } });
    for (let i = 0; i < 5; i++) await request(t.app).get('/v1/keys').set('X-API-Key', madeUpKey(i)).expect(401);
    const refused = await request(t.app).get('/v1/keys').set('X-API-Key', madeUpKey(99)).expect(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A valid key from the same address (a neighbour behind the same proxy) is not locked out; nor are requests without a key.
    await request(t.app).get('/v1/keys').set('X-API-Key', t.keys.admin).expect(200);
    await request(t.app).get('/v1/quotes').expect(200);
  });

  it('when a verified key is used, then a failed authentication from another client does not count against it', async () => {
    t = await createTestApp({ config: { rateLimit: { windowMs: 60_000, max: 1_000, authFailures: 1 } } });
    await request(t.app).get('/v1/keys').set('X-API-Key', t.keys.admin).expect(200);
    await request(t.app).get('/v1/keys').set('X-API-Key', t.keys.admin).expect(200);
  });

  it('when /health is polled past the budget, then it keeps answering and spends no client budget', async () => {
    t = await createTestApp({ config: { rateLimit: { windowMs: 60_000, max: 2, authFailures: 1_000 } } });
    for (let i = 0; i < 5; i++) await request(t.app).get('/health').expect(200);
    await request(t.app).get('/v1/quotes').expect(200);
    await request(t.app).get('/v1/quotes').expect(200);
    await request(t.app).get('/v1/quotes').expect(429);
  });
});
