import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_EXAMPLES } from '../src/http/openapi/openapi.examples.ts';
import { allEndpoints } from '../src/http/routes/index.ts';
import { ContractChecker } from './support/openapi-contract.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

/** Real responses of the seeded app, checked against the document the app itself serves. */
describe('contract: responses conform to /openapi.json', () => {
  let t: TestApp;
  let checker: ContractChecker;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    checker = new ContractChecker((await request(t.app).get('/openapi.json').expect(200)).body);
  });
  afterAll(() => t.close());

  it('every GET example request of the document answers 200 with a conforming body', async () => {
    const gets = allEndpoints(t.repos, t.services).filter((e) => e.method === 'get');
    for (const endpoint of gets) {
      const examples = OPERATION_EXAMPLES[endpoint.operationId] ?? {};
      const url = endpoint.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(examples.params?.[name])));
      // The admin key passes every access rule (some reads, like the key list, are admin-only).
      const res = await t.api('admin').get(url).query(examples.query ?? {});
      expect(res.status, `${endpoint.operationId} ${url}`).toBe(200);
      expect(checker.check('get', endpoint.path, res), endpoint.operationId).toEqual([]);
    }
  });

  it('the search example finds what the example response says it finds', async () => {
    const res = await request(t.app).get('/v1/quotes').query({ q: 'ambassadorial' }).expect(200);
    expect(checker.check('get', '/v1/quotes', res)).toEqual([]);
    const expected = OPERATION_EXAMPLES.searchQuotes?.responses?.[200] as { items: { text: string; speaker: { slug: string } }[] };
    expect(res.body.items[0]).toMatchObject({ text: expected.items[0]?.text, speaker: { slug: expected.items[0]?.speaker.slug } });
  });

  it('problem responses conform: 400, 401, 403, 404, 415, 422', async () => {
    const cases: { method: 'get' | 'post'; path: string; send: () => request.Test; status: number }[] = [
      { method: 'get', path: '/v1/quotes', send: () => request(t.app).get('/v1/quotes?from=2025-02-30'), status: 400 },
      { method: 'get', path: '/v1/quotes', send: () => request(t.app).get('/v1/quotes?q=%22%22'), status: 400 },
      { method: 'get', path: '/v1/quotes', send: () => request(t.app).get('/v1/quotes?cursor=nonsense'), status: 400 },
      { method: 'get', path: '/v1/quotes/{id}', send: () => request(t.app).get('/v1/quotes/999999'), status: 404 },
      { method: 'get', path: '/v1/speakers/{idOrSlug}', send: () => request(t.app).get(`/v1/speakers/${unique('nobody-')}`), status: 404 },
      {
        method: 'post',
        path: '/v1/speakers',
        send: () => t.api().post('/v1/speakers').set('Content-Type', 'text/plain').send('hello'),
        status: 415,
      },
      {
        method: 'post',
        path: '/v1/speakers',
        send: () => t.api().post('/v1/speakers').set('Content-Type', 'application/json').send('{"name":'),
        status: 400,
      },
      {
        method: 'post',
        path: '/v1/quotes',
        send: () =>
          t
            .api()
            .post('/v1/quotes')
            .send({ speaker: 'yury-ushakov', text: unique('never said '), kind: 'direct', evidence: { documentId: 1, start: 0, end: 5 } }),
        status: 422,
      },
      { method: 'post', path: '/v1/speakers', send: () => request(t.app).post('/v1/speakers').send({ name: 'x', kind: 'person' }), status: 401 },
      { method: 'post', path: '/v1/speakers', send: () => t.api('reader').post('/v1/speakers').send({ name: 'x', kind: 'person' }), status: 403 },
      { method: 'get', path: '/v1/quotes', send: () => request(t.app).get('/v1/quotes').set('Authorization', 'Bearer ws_nonsense'), status: 401 },
    ];
    for (const c of cases) {
      const res = await c.send();
      expect(res.status, `${c.method} ${c.path}: ${JSON.stringify(res.body)}`).toBe(c.status);
      expect(checker.check(c.method, c.path, res), `${c.method} ${c.path}`).toEqual([]);
    }
  });

  it('writes conform: 201 for a new speaker, 409 for the same slug again', async () => {
    const name = unique('Contract Person ');
    const created = await t.api().post('/v1/speakers').send({ name, kind: 'person' });
    expect(created.status).toBe(201);
    expect(checker.check('post', '/v1/speakers', created)).toEqual([]);
    const again = await t.api().post('/v1/speakers').send({ name, kind: 'person' });
    expect(again.status).toBe(409);
    expect(checker.check('post', '/v1/speakers', again)).toEqual([]);
  });

  it('a document and a quote recorded through the API conform: 201s, then 409s for the same again', async () => {
    const said = unique('We will meet again ');
    const text = `Asked about talks, Hong Min said, "${said}," according to a briefing.`;
    const doc = await t.api().post('/v1/documents').send({ text, outlet: 'Contract Daily', publishedOn: '2025-05-09' });
    expect(doc.status).toBe(201);
    expect(checker.check('post', '/v1/documents', doc)).toEqual([]);
    const again = await t.api().post('/v1/documents').send({ text });
    expect(again.status).toBe(409);
    expect(checker.check('post', '/v1/documents', again)).toEqual([]);

    const start = text.indexOf(said);
    const body = { speaker: 'yury-ushakov', text: said, kind: 'direct', evidence: { documentId: doc.body.id, start, end: start + said.length } };
    const quote = await t.api().post('/v1/quotes').send(body);
    expect(quote.status).toBe(201);
    expect(checker.check('post', '/v1/quotes', quote)).toEqual([]);
    const duplicate = await t.api().post('/v1/quotes').send(body);
    expect(duplicate.status).toBe(409);
    expect(checker.check('post', '/v1/quotes', duplicate)).toEqual([]);

    for (const path of [`/v1/quotes/${quote.body.id}`, `/v1/quotes/${quote.body.id}/provenance`, `/v1/documents/${doc.body.id}`]) {
      const res = await request(t.app).get(path).expect(200);
      const template = path.replace(/\/\d+/, '/{id}');
      expect(checker.check('get', template, res), path).toEqual([]);
    }
  });

  it('the checker itself rejects a body that breaks the schema', async () => {
    const res = await request(t.app).get('/v1/quotes').query({ q: 'ambassadorial' }).expect(200);
    res.body.items[0].speaker.kind = 'robot';
    expect(checker.check('get', '/v1/quotes', res).join()).toMatch(/must be equal to one of the allowed values/);
  });
});
