import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSpeaker } from './support/search-fixtures.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

interface DocumentBody {
  id: number;
  label: string;
  outlet: string | null;
  title: string | null;
  publishedOn: string | null;
  dateline: string | null;
  text: string;
  quotes: { quoteId: number; start: number; end: number; kind: string; speaker: { slug: string } }[];
}

describe('documents: JSON and page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('the seed document carries the dateline and date its text states, no outlet or title, and a label made of them', async () => {
    const res = await request(t.app).get('/v1/documents/1').expect(200);
    const doc = res.body as DocumentBody;
    expect(doc).toMatchObject({ outlet: null, title: null, dateline: 'SEOUL', publishedOn: '2025-05-08', label: 'Report from SEOUL, 2025-05-08' });
    expect(doc.text.startsWith('May 8, 2025\nSEOUL –')).toBe(true);
  });

  it('GET /v1/documents/{id} lists the quotes recorded in it, in text order, at offsets that hold their words', async () => {
    const doc = (await request(t.app).get('/v1/documents/1').expect(200)).body as DocumentBody;
    expect(doc.quotes.length).toBeGreaterThanOrEqual(19);
    const starts = doc.quotes.map((q) => q.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const q of doc.quotes) {
      const quote = (await request(t.app).get(`/v1/quotes/${q.quoteId}`).expect(200)).body as { text: string; speaker: { slug: string } };
      expect(doc.text.slice(q.start, q.end)).toBe(quote.text);
      expect(q.speaker.slug).toBe(quote.speaker.slug);
    }
  });

  it('the document page shows label, date and the text with each quote marked and linked to its provenance', async () => {
    const res = await request(t.app).get('/documents/1').expect(200).expect('Content-Type', /text\/html/);
    expect(res.text).toContain('<h1>Report from SEOUL, 2025-05-08</h1>');
    expect(res.text).toContain('<time datetime="2025-05-08">2025-05-08</time>');
    expect(res.text).toMatch(/<a class="qmark direct" href="\/quotes\/\d+" id="occ-\d+"><mark>North Korea will be represented at the ambassadorial level<\/mark>/);
    expect(res.text).toContain('according to Russia’s state-run news agency TASS');
  });

  it('search results and provenance name the document by its label and link its page', async () => {
    const search = await request(t.app).get('/').query({ q: 'ambassadorial' }).expect(200);
    expect(search.text).toContain('<a href="/documents/1">Report from SEOUL, 2025-05-08</a>');
    expect(search.text).not.toContain('Document #1');
    const quoteId = /href="\/quotes\/(\d+)"/.exec(search.text)?.[1];
    const provenance = await request(t.app).get(`/quotes/${quoteId}`).expect(200);
    expect(provenance.text).toContain('<a href="/documents/1">Report from SEOUL, 2025-05-08</a>');
  });

  it('a document with an outlet and title is called by its outlet; one with nothing known by its number', async () => {
    const token = unique('o');
    const named = await t.api().post('/v1/documents').send({ text: `Text ${token}.`, outlet: `Outlet ${token}`, title: 'A title' }).expect(201);
    expect((await request(t.app).get(`/v1/documents/${named.body.id}`).expect(200)).body.label).toBe(`Outlet ${token}`);
    const bare = await t.api().post('/v1/documents').send({ text: `Bare ${token}.` }).expect(201);
    const body = (await request(t.app).get(`/v1/documents/${bare.body.id}`).expect(200)).body as DocumentBody;
    expect(body).toMatchObject({ label: `Document #${bare.body.id}`, quotes: [] });
    const page = await request(t.app).get(`/documents/${bare.body.id}`).expect(200);
    expect(page.text).toContain('No quote is recorded in this document.');
  });

  it('an unknown or malformed document number is a 404 page', async () => {
    for (const path of ['/documents/999999', '/documents/abc', '/documents/0', '/documents/1e3']) {
      const res = await request(t.app).get(path).expect(404).expect('Content-Type', /text\/html/);
      expect(res.text, path).toContain('No such document');
    }
  });
});

describe('speakers page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('/speakers lists every speaker with affiliations, external IDs and quote counts', async () => {
    const res = await request(t.app).get('/speakers').expect(200).expect('Content-Type', /text\/html/);
    expect(res.text).toMatch(/<p role="status" class="count">\d+ speakers<\/p>/);
    expect(res.text).toContain('<a href="/speakers/vladimir-putin">Vladimir Putin</a>');
    expect(res.text).toContain('wikidata <code>Q7747</code>');
    expect(res.text).toContain('<a href="/?speaker=yury-ushakov">7 quotes</a>');
    expect(res.text).toMatch(/presidential aide, Russian Presidency \(the Kremlin\)/);
  });

  it('/speakers?q= finds people by family name or with a title, and every Kim for "Kim"', async () => {
    const mr = await request(t.app).get('/speakers').query({ q: 'Mr. Ushakov' }).expect(200);
    expect(mr.text).toContain('<a href="/speakers/yury-ushakov">Yury Ushakov</a>');
    const kim = await request(t.app).get('/speakers').query({ q: 'Kim' }).expect(200);
    for (const slug of ['kim-jong-un', 'kim-yong-nam', 'kim-jong-il', 'kim-il-sung']) expect(kim.text, slug).toContain(`href="/speakers/${slug}"`);
    const none = await request(t.app).get('/speakers').query({ q: unique('zz') }).expect(200);
    expect(none.text).toContain('No speaker is known by that name');
  });

  it('pages through the speakers with a next link', async () => {
    for (let i = 0; i < 26; i++) await addSpeaker(t, { name: `Paging ${unique('p')}` });
    const first = await request(t.app).get('/speakers').expect(200);
    const next = /<a class="next" href="([^"]+)"/.exec(first.text)?.[1];
    expect(next).toBe('/speakers?offset=25');
    const second = await request(t.app).get('/speakers').query({ offset: 25 }).expect(200);
    const names = (page: string) => [...page.matchAll(/<p class="who"><a href="\/speakers\/([^"]+)"/g)].map((m) => m[1]);
    expect(names(first.text)).toHaveLength(25);
    expect(names(second.text).filter((n) => names(first.text).includes(n))).toEqual([]);
  });

  it('a speaker’s page shows external IDs and the quotes about them: recorded subject, then quotes naming them', async () => {
    const res = await request(t.app).get('/speakers/kim-jong-un').expect(200);
    expect(res.text).toContain('wikidata <code>Q56226</code>');
    const about = res.text.slice(res.text.indexOf('id="about-h"'));
    expect(about).toContain('North Korean state media');
    expect(about).toContain('field guidance at major munitions enterprises');
    expect(about).toContain('Kim Jong-un and his troops will not attend');
    expect(about).toContain('href="/?q=%22kim+jong+un%22"');
  });

  it('GET /v1/speakers/{ref} carries the quotes about them and the search for quotes naming them', async () => {
    const res = await request(t.app).get('/v1/speakers/kim-jong-un').expect(200);
    expect(res.body.mentionsQuery).toBe('"kim jong un"');
    expect(res.body.quotesAbout.map((q: { speaker: { slug: string } }) => q.speaker.slug)).toEqual(['north-korean-state-media', 'north-korean-state-media']);
    const ushakov = await request(t.app).get('/v1/speakers/yury-ushakov').expect(200);
    expect(ushakov.body.mentionsQuery).toBe('"yury ushakov" OR "yuri ushakov" OR "ushakov"');
  });
});
