import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { requiredAccess } from '../src/http/endpoint.ts';
import { allEndpoints } from '../src/http/routes/index.ts';
import { useTestApp, unique } from './support/test-app.ts';
import { sqlRows } from './support/sql.ts';

/** A concrete URL for an endpoint path: every {param} becomes 1. */
const urlOf = (path: string) => path.replace(/\{\w+\}/g, '1');

describe('access control', () => {
  const t = useTestApp({ seed: true, config: { publicReads: false } });

  const endpoints = () => allEndpoints(t.repos, t.services).filter((e) => requiredAccess(e) !== 'public');
  const lower = { reader: null, editor: 'reader', admin: 'editor' } as const;

  it('covers every non-public route', () => {
    expect(endpoints().length).toBeGreaterThanOrEqual(9);
  });

  it('answers 401 problem+json without a key, on every non-public route', async () => {
    for (const e of endpoints()) {
      const res = await request(t.app)[e.method](urlOf(e.path)).send({});
      expect(res.status, `${e.method} ${e.path}`).toBe(401);
      expect(res.body.code).toBe('authentication_required');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers 401 for an unknown or malformed key', async () => {
    for (const key of ['ws_AAAAAAAAAAAA_' + 'A'.repeat(43), 'nonsense', '']) {
      const res = await request(t.app).get('/v1/quotes').set('Authorization', `Bearer ${key}`);
      expect(res.status, key).toBe(401);
    }
  });

  it('answers 403 with a key of too low a role, on every route that needs more than reader', async () => {
    for (const e of endpoints()) {
      const required = requiredAccess(e) as 'reader' | 'editor' | 'admin';
      const role = lower[required];
      if (role === null) continue;
      const res = await request(t.app)[e.method](urlOf(e.path)).set('X-API-Key', t.keys[role]).send({});
      expect(res.status, `${e.method} ${e.path} as ${role}`).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
  });

  it('lets the right role through on every route', async () => {
    // Ids that exist nowhere: with "1", DELETE /v1/keys/1 revoked this file's reader key mid-loop,
    // and every reader route after it in the list answered 401.
    const unknownIds = (path: string) => path.replace(/\{\w+\}/g, '999999');
    for (const e of endpoints()) {
      const role = requiredAccess(e) as 'reader' | 'editor' | 'admin';
      const res = await request(t.app)[e.method](unknownIds(e.path)).set('Authorization', `Bearer ${t.keys[role]}`).send({});
      expect([401, 403], `${e.method} ${e.path} as ${role}`).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('creates a key shown once, lists keys without secrets, and revokes', async () => {
    const created = await t.api('admin').post('/v1/keys').send({ name: unique('ci'), role: 'editor' }).expect(201);
    expect(created.body.key).toMatch(/^ws_/);
    const list = await t.api('admin').get('/v1/keys').expect(200);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(JSON.stringify(list.body)).not.toContain('hash');
    const write = await request(t.app)
      .post('/v1/documents')
      .set('Authorization', `Bearer ${created.body.key}`)
      .send({ text: `Written with a new key ${unique()}` })
      .expect(201);
    // The write records who made it.
    const events = await sqlRows(
      t,
      {
        sqlite: "SELECT apiKeyId, via, action FROM AuditEvent WHERE entityType = 'Document' AND entityId = ?",
        postgres: `SELECT api_key_id AS "apiKeyId", via, action FROM audit_event WHERE entity_type = 'Document' AND entity_id = $1`,
      },
      [write.body.id],
    );
    expect(events).toEqual([{ apiKeyId: created.body.id, via: 'api', action: 'create' }]);
    await t.api('admin').delete(`/v1/keys/${created.body.id}`).expect(200);
    const after = await request(t.app).get('/v1/quotes').set('Authorization', `Bearer ${created.body.key}`).expect(401);
    expect(after.body.detail).toContain('revoked');
    await t.api('admin').delete('/v1/keys/999999').expect(404);
  });
});

describe('public reads', () => {
  const t = useTestApp({ config: { publicReads: true } });

  it('serves reads without a key but never writes', async () => {
    await request(t.app).get('/v1/quotes').expect(200);
    await request(t.app).get('/health').expect(200);
    await request(t.app).post('/v1/documents').send({ text: 'x' }).expect(401);
    await request(t.app).get('/v1/keys').expect(401);
  });
});

describe('hygiene', () => {
  const t = useTestApp({ config: { rateLimit: { windowMs: 60_000, max: 3, authFailures: 100 }, corsOrigins: ['https://newsroom.example'] } });

  it('limits requests per client with RateLimit headers and a 429 problem', async () => {
    const ok = await request(t.app).get('/v1/quotes').expect(200);
    expect(ok.headers['ratelimit-policy']).toContain('q=3');
    expect(ok.headers.ratelimit).toMatch(/r=2/);
    await request(t.app).get('/v1/quotes').expect(200);
    await request(t.app).get('/v1/quotes').expect(200);
    const limited = await request(t.app).get('/v1/quotes').expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client (its own key) has its own budget, and /health is never limited.
    await request(t.app).get('/v1/quotes').set('X-API-Key', t.keys.reader).expect(200);
    await request(t.app).get('/health').expect(200);
  });

  it('sends security headers, request ids and CORS for configured origins only', async () => {
    const res = await request(t.app).get('/v1/speakers?q=x').set('X-API-Key', t.keys.editor).set('Origin', 'https://newsroom.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,}/);
    expect(res.headers['access-control-allow-origin']).toBe('https://newsroom.example');
    const other = await request(t.app).get('/v1/speakers?q=x').set('X-API-Key', t.keys.admin).set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const echoed = await request(t.app).get('/v1/speakers?q=x').set('X-API-Key', t.keys.admin).set('X-Request-Id', 'abc-123');
    expect(echoed.headers['x-request-id']).toBe('abc-123');
  });
});
