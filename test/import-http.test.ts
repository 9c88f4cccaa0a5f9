import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { quotebankLines } from '../bench/quotebank/generate.ts';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { contents, dumpOf } from './support/dump.ts';
import { unique, useTestApp, type TestApp } from './support/test-app.ts';

const NDJSON = 'application/x-ndjson';

interface Summary {
  format: string;
  lines: number;
  totals: Record<string, number>;
  problems: { line: number; code: string; type: string; title: string; status: number; detail: string }[];
  problemsNotListed: number;
}

function upload(t: TestApp, format: string, body: Buffer | string, options: { role?: 'editor' | 'admin'; gzip?: boolean; type?: string } = {}) {
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  let req = t
    .api(options.role ?? 'editor')
    .post('/v1/import')
    .query({ format })
    .set('Content-Type', options.type ?? NDJSON);
  if (options.gzip === true) req = req.set('Content-Encoding', 'gzip');
  return req.send(options.gzip === true ? gzipSync(data) : data);
}

describe('POST /v1/import', () => {
  const a = useTestApp({ seed: true });
  const b = useTestApp();
  const c = useTestApp({ config: { importMaxBytes: 4096 } });

  it('when no key, a reader key, an editor key or an admin key sends an import, then 401, 403, and the import runs for editor and admin', async () => {
    const line = `${JSON.stringify({ type: 'whosaid-dump', version: 1, exportedAt: new Date().toISOString(), publisher: { name: 'x', url: 'https://x.example' } })}\n`;
    const anonymous = await request(b.app).post('/v1/import').query({ format: 'whosaid' }).set('Content-Type', NDJSON).send(line);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('authentication_required');
    const reader = await b.api('reader').post('/v1/import').query({ format: 'whosaid' }).set('Content-Type', NDJSON).send(line);
    expect(reader.status).toBe(403);
    expect(reader.body.code).toBe('forbidden');
    for (const role of ['editor', 'admin'] as const) {
      const res = await upload(b, 'whosaid', line, { role }).expect(200);
      expect(res.body).toMatchObject({ format: 'whosaid', lines: 1, problems: [], problemsNotListed: 0 });
    }
  });

  it('when A exports its whole database and B imports it over HTTP (gzip), then B dumps the same records, occurrence statuses and review decisions included, and sending it again creates nothing', async () => {
    const speaker = await addSpeaker(a, { aliases: [`Alias ${unique()}`], affiliations: [{ organization: `Ministry ${unique()}`, role: 'minister', validFrom: '2020' }] });
    await addQuote(a, { speaker: speaker.slug, text: `Uploaded words ${unique()}`, saidOn: '2024-02-03' });
    // Ambiguous Quotebank attributions wait for review in A; an editor accepts one and rejects another.
    const articles = [...quotebankLines({ layout: 'article', quotes: 30, seed: Math.floor(Math.random() * 1e6), ambiguousEvery: 4 })].join('');
    await upload(a, 'quotebank', articles).expect(200);
    const queue = (await a.api().get('/v1/review').query({ limit: 2 }).expect(200)).body as { queue: { occurrenceId: number }[] };
    const [accepted, rejected] = queue.queue.map((i) => i.occurrenceId) as [number, number];
    await a.api().post(`/v1/review/${accepted}/accept`).send({ reason: 'Checked against the recording.' }).expect(200);
    await a.api().post(`/v1/review/${rejected}/reject`).send({ reason: 'Not this speaker.' }).expect(200);
    const dumpA = await dumpOf(a);
    const decided = dumpA.split('\n').filter((l) => l.includes('"reason":"Checked against the recording."') || l.includes('"reason":"Not this speaker."'));
    expect(decided).toHaveLength(2);
    const first = await upload(b, 'whosaid', dumpA, { gzip: true }).expect(200);
    const summary = first.body as Summary;
    expect(summary.problems).toEqual([]);
    expect(summary.lines).toBe(dumpA.trimEnd().split('\n').length);
    expect(summary.totals.quotesCreated).toBeGreaterThan(0);
    expect(contents(await dumpOf(b))).toEqual(contents(dumpA));
    // B's queue holds what waits in A's, not the decided ones.
    const waiting = async (t: TestApp) =>
      ((await t.api().get('/v1/review').query({ limit: 100 }).expect(200)).body as { queue: { quote: { text: string } }[] }).queue.map((i) => i.quote.text).sort();
    expect(await waiting(b)).toEqual(await waiting(a));

    const again = (await upload(b, 'whosaid', dumpA).expect(200)).body as Summary;
    expect(again.totals.quotesCreated ?? 0).toBe(0);
    expect(again.totals.documentsCreated ?? 0).toBe(0);
    expect(again.totals.quotesExisting).toBe(summary.totals.quotesCreated);
  });

  it('when lines are malformed (not JSON, a record of no known type), then each is listed with its line number and problem code, and every other line is imported', async () => {
    const speaker = await addSpeaker(a, {});
    const text = `Words beside broken lines ${unique()}`;
    await addQuote(a, { speaker: speaker.slug, text });
    const lines = (await dumpOf(a)).trimEnd().split('\n');
    const quoteAt = lines.findIndex((l) => l.includes(JSON.stringify(text)));
    lines.splice(quoteAt, 0, '{"type": "quote", "text": ', JSON.stringify({ type: 'meme', text: 'x' }));
    const res = await upload(b, 'whosaid', `${lines.join('\n')}\n`).expect(200);
    const summary = res.body as Summary;
    expect(summary.problems).toMatchObject([
      { line: quoteAt + 1, code: 'malformed_json', status: 400, type: '/problems/malformed_json' },
      { line: quoteAt + 2, code: 'validation_failed', status: 400, type: '/problems/validation_failed' },
    ]);
    expect(summary.totals.failedRecords).toBe(2);
    const found = await b.api('reader').get('/v1/quotes').query({ q: `"${text}"` }).expect(200);
    expect(found.body.items).toMatchObject([{ text }]);
  });

  it('when the format is unknown or missing, the body is not NDJSON, or a dump is sent as Quotebank, then 400, 415, or every line is listed and nothing imported', async () => {
    const dump = await dumpOf(a);
    expect((await upload(b, 'csv', dump)).body).toMatchObject({ status: 400, code: 'validation_failed' });
    const missing = await b.api().post('/v1/import').set('Content-Type', NDJSON).send(dump);
    expect(missing.body).toMatchObject({ status: 400, code: 'validation_failed' });
    const json = await upload(b, 'whosaid', dump, { type: 'application/json' });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('unsupported_media_type');
    const asQuotebank = (await upload(b, 'quotebank', dump).expect(200)).body as Summary;
    const lines = dump.trimEnd().split('\n').length;
    expect(asQuotebank.totals.invalidLines).toBe(lines);
    expect(asQuotebank.totals.quotesCreated ?? 0).toBe(0);
    expect(asQuotebank.problems.length + asQuotebank.problemsNotListed).toBe(lines);
    expect(asQuotebank.problems[0]).toMatchObject({ line: 1, code: 'validation_failed' });
  });

  it('when a Quotebank file is uploaded gzip-compressed, then its quotes are imported and the ambiguous ones wait for review', async () => {
    const body = [...quotebankLines({ layout: 'quote', quotes: 60, seed: Math.floor(Math.random() * 1e6), ambiguousEvery: 6, noSpeakerEvery: 20 })].join('');
    const records = body.trimEnd().split('\n').map((l) => JSON.parse(l) as { speaker: string; quotation: string; probas: [string, string][] });
    const summary = (await upload(b, 'quotebank', body, { gzip: true }).expect(200)).body as Summary;
    const attributed = records.filter((r) => r.speaker !== 'None');
    expect(summary.totals).toMatchObject({ lines: 60, quotesCreated: attributed.length, noSpeaker: 60 - attributed.length });
    const ambiguous = attributed.filter((r) => Number(r.probas[0]?.[1]) < 0.8);
    expect(summary.totals.toReview).toBe(ambiguous.length);
    const sample = ambiguous[0] as (typeof ambiguous)[number];
    const found = await b.api('reader').get('/v1/quotes').query({ q: `"${sample.quotation}"`, status: 'needs_review' }).expect(200);
    expect(found.body.items).toMatchObject([{ text: sample.quotation, status: 'needs_review' }]);
  });

  it('when the body is larger than IMPORT_MAX_BYTES, as sent or once decoded, or a body does not decode as its Content-Encoding, then 413 or 400 problem+json', async () => {
    const big = `${'x'.repeat(5000)}\n`;
    const sent = await upload(c, 'whosaid', big);
    expect(sent.status).toBe(413);
    expect(sent.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(sent.body).toMatchObject({ code: 'payload_too_large', limitBytes: 4096 });
    // 100 KB of blank lines compress to a few hundred bytes: the decoded size is what counts.
    const bomb = await upload(c, 'whosaid', '\n'.repeat(100_000), { gzip: true });
    expect(bomb.status).toBe(413);
    expect(bomb.body).toMatchObject({ code: 'payload_too_large', totals: expect.any(Object) });
    const corrupt = await c.api().post('/v1/import').query({ format: 'whosaid' }).set('Content-Type', NDJSON).set('Content-Encoding', 'gzip').send(randomBytes(64));
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.code).toBe('invalid_content_encoding');
  });
});
