import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { readAtom, textOf } from './support/atom.ts';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { useTestApp, unique } from './support/test-app.ts';

describe('Atom feeds of quotes', () => {
  const t = useTestApp({ seed: true });

  it('when a speaker feed is read, then it is valid Atom 1.0 with their quotes, newest said first', async () => {
    const speaker = await addSpeaker(t);
    await addQuote(t, { speaker: speaker.slug, text: `Older words ${unique()} were spoken`, saidOn: '2020-01-02', publishedOn: '2020-01-03' });
    await addQuote(t, { speaker: speaker.slug, text: `Newer words ${unique()} were spoken`, saidOn: '2024-06-07', publishedOn: '2024-06-08' });
    const res = await request(t.app).get(`/feeds/speakers/${speaker.slug}.atom`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const { feed, problems } = readAtom(res.text);
    expect(problems).toEqual([]);
    expect(feed.id).toBe(`tag:factcheck.example,2025:/feeds/speakers/${speaker.slug}.atom`);
    expect(feed.link.find((l) => l['@_rel'] === 'self')?.['@_href']).toBe(`https://factcheck.example/feeds/speakers/${speaker.slug}.atom`);
    expect(feed.entry.map((e) => textOf(e.content))).toEqual([expect.stringMatching(/^Newer/), expect.stringMatching(/^Older/)]);
    expect(feed.entry[0]?.author?.[0]).toEqual({ name: speaker.name, uri: `https://factcheck.example/speakers/${speaker.slug}` });
    expect(feed.entry[0]?.link.find((l) => l['@_rel'] === 'alternate')?.['@_href']).toMatch(/^https:\/\/factcheck\.example\/quotes\/\d+$/);
    expect(textOf(feed.entry[0]?.summary)).toContain('said 2024-06-07');
    expect(feed.updated >= String(feed.entry[0]?.updated)).toBe(true);
  });

  it('when a quote holds markup, ampersands and quotes, then the feed stays well-formed and reads back the same text', async () => {
    const speaker = await addSpeaker(t, { name: `O'Brien & <Sons> ${unique()}` });
    const text = `Tom & "Jerry" <b>said</b> ]]> it's 5 < 6 ${unique()}`;
    await addQuote(t, { speaker: speaker.slug, text });
    const res = await request(t.app).get(`/feeds/speakers/${speaker.slug}.atom`).expect(200);
    const { feed, problems } = readAtom(res.text);
    expect(problems).toEqual([]);
    expect(textOf(feed.entry[0]?.content)).toBe(text);
    expect(feed.entry[0]?.author?.[0]?.name).toBe(speaker.name);
    expect(res.text).not.toContain('<b>');
  });

  it('when If-None-Match carries the current ETag, then 304 without a body; after a new quote, 200 with a new ETag', async () => {
    const speaker = await addSpeaker(t);
    await addQuote(t, { speaker: speaker.slug, text: `First words ${unique()} on record` });
    const url = `/feeds/speakers/${speaker.slug}.atom`;
    const first = await request(t.app).get(url).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await request(t.app).get(url).set('If-None-Match', `"other", W/${etag}`).expect(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(etag);
    await addQuote(t, { speaker: speaker.slug, text: `Second words ${unique()} on record` });
    const changed = await request(t.app).get(url).set('If-None-Match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(readAtom(changed.text).feed.entry).toHaveLength(2);
  });

  it('when a search feed is read, then it has the search matches with the same filters, and its self link keeps them', async () => {
    const word = unique('feedword');
    const speaker = await addSpeaker(t);
    await addQuote(t, { speaker: speaker.slug, text: `The ${word} matters a lot`, outlet: 'Feed Gazette' });
    await addQuote(t, { speaker: speaker.slug, text: `The ${word} matters elsewhere too`, outlet: 'Other Post' });
    const res = await request(t.app).get('/feeds/search.atom').query({ q: word, outlet: 'Feed Gazette' }).expect(200);
    const { feed, problems } = readAtom(res.text);
    expect(problems).toEqual([]);
    expect(feed.entry.map((e) => textOf(e.content))).toEqual([`The ${word} matters a lot`]);
    expect(feed.link.find((l) => l['@_rel'] === 'self')?.['@_href']).toBe(`https://factcheck.example/feeds/search.atom?outlet=Feed+Gazette&q=${word}`);

    const none = await request(t.app).get('/feeds/search.atom').query({ q: unique('nothingmatches') }).expect(200);
    const empty = readAtom(none.text);
    expect(empty.problems).toEqual([]);
    expect(empty.feed.entry).toEqual([]);
  });

  it('when the speaker is unknown or the query invalid, then problem+json 404 and 400', async () => {
    const missing = await request(t.app).get(`/feeds/speakers/${unique('nobody')}.atom`).expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const bad = await request(t.app).get('/feeds/search.atom').query({ from: '2025-02-30' }).expect(400);
    expect(JSON.parse(bad.text)).toMatchObject({ code: 'validation_failed' });
  });
});
