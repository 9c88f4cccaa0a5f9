import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CLAIM_CHARS } from '../src/http/routes/verify.routes.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

const CLAIM = 'North Korea will be represented at the ambassadorial level';

describe('POST /v1/verify rejects bad input with problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true, config: { maxBodyBytes: 64 * 1024 } });
  });
  afterAll(() => t.close());

  const expectProblem = (res: request.Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: `/problems/${code}` });
  };

  it.each([
    ['missing text', { speaker: 'Ushakov' }, 'body.text'],
    ['text over the documented limit', { text: 'a'.repeat(MAX_CLAIM_CHARS + 1) }, 'body.text'],
    ['impossible date', { text: CLAIM, date: '2025-02-30' }, 'body.date'],
    ['date in another format', { text: CLAIM, date: '08/05/2025' }, 'body.date'],
    ['blank speaker', { text: CLAIM, speaker: '  ' }, 'body.speaker'],
    ['limit out of range', { text: CLAIM, limit: 0 }, 'body.limit'],
    ['unknown field', { text: CLAIM, who: 'Ushakov' }, 'body'],
    ['text not a string', { text: 42 }, 'body.text'],
    ['lone surrogate', { text: 'bad \ud800 text' }, 'body.text'],
  ])('%s → 400', async (_name, body, path) => {
    const res = await request(t.app).post('/v1/verify').send(body);
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it.each([
    ['empty text', { text: '' }],
    ['whitespace-only text', { text: ' \n\t ' }],
    ['zero-width-only text', { text: '\u200B\u2060' }],
  ])('%s → 422 blank_text', async (_name, body) => {
    const res = await request(t.app).post('/v1/verify').send(body);
    expectProblem(res, 422, 'blank_text');
  });

  it('a body over the size limit → 413', async () => {
    const res = await request(t.app).post('/v1/verify').send({ text: 'x'.repeat(70 * 1024) });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('malformed JSON → 400', async () => {
    const res = await request(t.app).post('/v1/verify').set('Content-Type', 'application/json').send('{"text": ');
    expectProblem(res, 400, 'malformed_json');
  });

  it('not JSON → 415', async () => {
    const res = await request(t.app).post('/v1/verify').set('Content-Type', 'text/plain').send(CLAIM);
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('when the speaker is misspelt, then the claim is still checked and the answer names the closest speakers', async () => {
    const res = await request(t.app).post('/v1/verify').send({ text: CLAIM, speaker: 'Yuri Ushakof' }).expect(200);
    expect(res.body.claim.speaker).toMatchObject({ match: 'unknown', resolved: [] });
    expect(res.body.claim.speaker.closest.map((c: { slug: string }) => c.slug)).toContain('yury-ushakov');
    expect(res.body.verdict).toBe('misattributed');
    expect(res.body.matches[0].quote.speaker.slug).toBe('yury-ushakov');
  });

  it('when nobody is known by the name or close to it, then the check runs against everyone with no suggestion', async () => {
    const res = await request(t.app).post('/v1/verify').send({ text: CLAIM, speaker: 'Zbigniew Qwertyuiop' }).expect(200);
    expect(res.body.claim.speaker).toMatchObject({ match: 'unknown', resolved: [], closest: [] });
    expect(res.body.flags.map((f: { code: string }) => f.code)).toContain('speaker_unknown');
  });

  it('a claim of punctuation only is not_found, not an error', async () => {
    const res = await request(t.app).post('/v1/verify').send({ text: '?!… — ""' }).expect(200);
    expect(res.body.verdict).toBe('not_found');
  });
});

describe('POST /v1/verify access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true, config: { publicReads: false } });
  });
  afterAll(() => t.close());

  it('is a read: without public reads it needs a key, and a reader key is enough', async () => {
    const anonymous = await request(t.app).post('/v1/verify').send({ text: CLAIM });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('authentication_required');
    const reader = await t.api('reader').post('/v1/verify').send({ text: CLAIM }).expect(200);
    expect(reader.body.verdict).toBe('accurate');
  });
});
