import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

describe('GET /v1/quotes: the query language', () => {
  let t: TestApp;
  let speaker: string;
  beforeAll(async () => {
    t = await createTestApp();
    speaker = (await addSpeaker(t)).slug;
  });
  afterAll(() => t.close());

  const quote = (text: string) => addQuote(t, { speaker, text });

  it('needs every plain word', async () => {
    const [a, b] = [unique('w'), unique('w')];
    const both = await quote(`The ${a} met the ${b} today`);
    await quote(`Only ${a} was there`);
    expect(ids(await search(t, { q: `${a} ${b}` }))).toEqual([both]);
  });

  it('matches "exact phrases" in order, with straight or curly quotes', async () => {
    const [a, b] = [unique('w'), unique('w')];
    const inOrder = await quote(`We said ${a} ${b} twice`);
    await quote(`We said ${b} ${a} instead`);
    expect(ids(await search(t, { q: `"${a} ${b}"` }))).toEqual([inOrder]);
    expect(ids(await search(t, { q: `“${a} ${b}”` }))).toEqual([inOrder]);
  });

  it('matches prefix* words', async () => {
    const a = unique('pfx');
    const id = await quote(`They mentioned ${a}ation at length`);
    expect(ids(await search(t, { q: `${a}*` }))).toEqual([id]);
    expect(ids(await search(t, { q: a }))).toEqual([]);
  });

  it('leaves out -excluded words', async () => {
    const [a, b] = [unique('w'), unique('w')];
    const kept = await quote(`${a} without the other`);
    await quote(`${a} with ${b}`);
    expect(ids(await search(t, { q: `${a} -${b}` }))).toEqual([kept]);
  });

  it('matches either side of OR, and treats a lone "or" as a word', async () => {
    const [a, b] = [unique('w'), unique('w')];
    const first = await quote(`About ${a} only`);
    const second = await quote(`About ${b} only`);
    expect(ids(await search(t, { q: `${a} OR ${b}` }))).toEqual([first, second]);
    expect(ids(await search(t, { q: `${a} or` }))).toEqual([]);
  });

  it('ignores case, accents, hyphens and apostrophe style', async () => {
    const w = unique('w');
    const id = await quote(`Kim Jong-un won’t visit the Café ${w}`);
    for (const q of [`kim jong un ${w}`, `KIM JONG-UN ${w}`, `"Kim Jong Un" ${w}`, `won't ${w}`, `won’t ${w}`, `cafe ${w}`, `CAFÉ ${w}`]) {
      expect(ids(await search(t, { q })), q).toEqual([id]);
    }
  });

  it('finds regular inflections of a plain word; a word in quotes is exact', async () => {
    const w = unique('w');
    const attending = await quote(`They are attending ${w}`);
    const troops = await quote(`The troops stopped ${w}`);
    const governs = await quote(`The government ${w} governs`);
    expect(ids(await search(t, { q: `attend ${w}` }))).toEqual([attending]);
    expect(ids(await search(t, { q: `attended ${w}` }))).toEqual([attending]);
    expect(ids(await search(t, { q: `troop stop ${w}` }))).toEqual([troops]);
    expect(ids(await search(t, { q: `"attend" ${w}` }))).toEqual([]);
    const excluded = ids(await search(t, { q: `${w} -attend` }));
    expect(excluded).toContain(troops);
    expect(excluded).not.toContain(attending);
    // Only inflection, not derivation: "government" is not a form of "govern".
    expect(ids(await search(t, { q: `govern ${w}` }))).toEqual([governs]);
    expect(ids(await search(t, { q: `governments ${w}` }))).toEqual([governs]);
    expect(ids(await search(t, { q: `troopsgovern ${w}` }))).toEqual([]);
    const page = await search(t, { q: `attend ${w}` });
    expect(page.items[0]?.snippet).toContain('<mark>attending</mark>');
  });

  it('treats AND, NOT, NEAR, parentheses and colons as literal text', async () => {
    const w = unique('w');
    const id = await quote(`Words and more ${w}`);
    expect(ids(await search(t, { q: `(${w})` }))).toEqual([id]);
    expect(ids(await search(t, { q: `text:${w}` }))).toEqual([]);
    expect(ids(await search(t, { q: `${w} AND` }))).toEqual([id]);
    const near = await request(t.app).get('/v1/quotes').query({ q: `NEAR(${w} x) NOT ^ * {text}` });
    expect(near.status).toBe(200);
  });

  it('answers a query with nothing to look for with a problem+json 400', async () => {
    for (const q of ['-alone', '*** !!!', '""']) {
      const res = await request(t.app).get('/v1/quotes').query({ q });
      expect(res.status, q).toBe(400);
      expect(res.body.code).toBe('invalid_search_query');
    }
  });

  it('returns HTML-escaped snippets with <mark> and UTF-16 match offsets', async () => {
    const w = unique('w');
    const text = `<b>Señor</b> & “${w}” said 😀 Ångström ${w}`;
    const id = await quote(text);
    const [hit] = (await search(t, { q: `${w} angstrom` })).items;
    expect(hit?.id).toBe(id);
    expect(hit?.snippet).toContain('&lt;b&gt;Señor&lt;/b&gt; &amp;');
    expect(hit?.snippet).toContain(`<mark>${w}</mark>`);
    expect(hit?.snippet).toContain('<mark>Ångström</mark>');
    expect(hit?.matches.map((m) => text.slice(m.start, m.end))).toEqual([w, 'Ångström', w]);
  });

  it('ranks by relevance (score, higher first) unless sort=date, newest said first', async () => {
    const w = unique('w');
    const older = await addQuote(t, { speaker, text: `${w} ${w} ${w} is the point`, saidOn: '2001-01-01' });
    const newer = await addQuote(t, { speaker, text: `A long sentence that mentions ${w} only once among many other words`, saidOn: '2020-01-01' });
    const relevance = await search(t, { q: w });
    expect(relevance.order).toBe('relevance');
    expect(relevance.items.map((h) => h.id)).toEqual([older, newer]);
    expect(relevance.items[0]?.score).toBeGreaterThan(relevance.items[1]?.score ?? Infinity);
    const byDate = await search(t, { q: w, sort: 'date' });
    expect(byDate.order).toBe('date');
    expect(byDate.items.map((h) => h.id)).toEqual([newer, older]);
  });

  it('reports the database time in Server-Timing', async () => {
    const res = await request(t.app).get('/v1/quotes').query({ q: unique('w') });
    expect(res.headers['server-timing']).toMatch(/(^|, )db;dur=\d+\.\d\d/);
  });
});
