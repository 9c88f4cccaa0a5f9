import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

let t: TestApp;
let server: http.Server;
let port: number;

beforeAll(async () => {
  t = await createTestApp();
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** Sends exactly these bytes (supertest would re-encode a Buffer as JSON). */
function rawPost(path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; type: string; body: { code?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: JSON.parse(text) as { code?: string } });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('request bodies whose Content-Encoding does not hold', () => {
  const json = Buffer.from(JSON.stringify({ text: 'The minister said: “We will not move.”' }));
  const gz = gzipSync(json);
  const cases: [string, string, Buffer][] = [
    ['gzip with a plain body', 'gzip', json],
    ['truncated gzip', 'gzip', gz.subarray(0, gz.length - 10)],
    ['deflate with a plain body', 'deflate', json],
    ['truncated deflate', 'deflate', deflateSync(json).subarray(0, 6)],
    ['br with a plain body', 'br', json],
    ['truncated br', 'br', brotliCompressSync(json).subarray(0, 4)],
  ];
  for (const [label, encoding, body] of cases) {
    it(`when a request sends ${label}, then it answers 400 invalid_content_encoding before any authentication`, async () => {
      for (const path of ['/v1/extract', '/v1/documents', '/v1/verify']) {
        const res = await rawPost(path, { 'Content-Encoding': encoding }, body);
        expect(res.status).toBe(400);
        expect(res.type).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('invalid_content_encoding');
      }
    });
  }

  it('when the encoding is unknown or stacked, then it answers 415 unsupported_media_type', async () => {
    for (const encoding of ['compress', 'gzip, gzip', 'zstd']) {
      const res = await rawPost('/v1/extract', { 'Content-Encoding': encoding }, json);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported_media_type');
    }
  });

  it('when the body is correctly gzipped, then it is read', async () => {
    const res = await rawPost('/v1/extract', { 'Content-Encoding': 'gzip' }, gz);
    expect(res.status).toBe(200);
  });
});

describe('blank texts', () => {
  const blanks = ['', '   ', '\n\t \u00A0', '\u200B\u200B', '\u200C\u200D\u2060\uFEFF', ' \u200B \u3164 '];

  it('when a text to extract, store, verify or file is blank or only invisible characters, then it answers 422 blank_text', async () => {
    const name = `Blank ${unique()}`;
    await t.api().post('/v1/speakers').send({ name, kind: 'person' }).expect(201);
    const doc = (await t.api().post('/v1/documents').send({ text: `Document ${unique()} with words.` }).expect(201)).body as { id: number };
    for (const text of blanks) {
      const routes = [
        t.api().post('/v1/extract').send({ text }),
        t.api().post('/v1/documents').send({ text }),
        t.api().post('/v1/documents').send({ text, extract: true }),
        t.api().post('/v1/verify').send({ text }),
        t.api().post('/v1/quotes').send({ text, speaker: name, kind: 'direct', evidence: { documentId: doc.id, start: 0, end: 3 } }),
      ];
      for (const pending of routes) {
        const res = await pending;
        expect(res.status, JSON.stringify({ text, body: res.body })).toBe(422);
        expect(res.body.code).toBe('blank_text');
      }
    }
  });

  it('when a text has visible words around zero-width characters, then it is accepted', async () => {
    await t.api().post('/v1/extract').send({ text: '\u200BHello\u200B' }).expect(200);
  });
});

describe('numeric parameters', () => {
  it('when a number is written other than in decimal digits, then it answers 400', async () => {
    for (const limit of ['0x10', '1e1', '+5', ' 5', '5.0', '0b11', 'Infinity', '１０']) {
      const res = await request(t.app).get(`/v1/quotes?limit=${encodeURIComponent(limit)}`);
      expect(res.status, limit).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await request(t.app).get('/v1/quotes?limit=16').expect(200);
    await request(t.app).get('/v1/quotes/0x1').expect(400);
    await request(t.app).get('/v1/speakers?q=kim&limit=0x10').expect(400);
  });
});
