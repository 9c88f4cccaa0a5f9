import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

interface Match {
  text: string;
  status: string;
  speakers: { slug: string; name: string; affiliations: unknown[] }[];
  otherWords: string | null;
  asText: string;
}

const matchOf = (page: object) => (page as { speakerMatch: Match | null }).speakerMatch;

describe('search by person, on the seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('when q is a family name ("Ushakov"), then the results are Yury Ushakov’s quotes', async () => {
    const page = await search(t, { q: 'Ushakov' });
    expect(page.items.length).toBe(7);
    expect(new Set(page.items.map((h) => h.speaker.slug))).toEqual(new Set(['yury-ushakov']));
    expect(matchOf(page)).toMatchObject({ text: 'ushakov', status: 'applied', otherWords: null, asText: '"ushakov"' });
    expect(matchOf(page)?.speakers.map((s) => s.name)).toEqual(['Yury Ushakov']);
  });

  it('when q carries a title ("Mr. Ushakov", "presidential aide Yury Ushakov"), then the title is stripped', async () => {
    for (const q of ['Mr. Ushakov', 'presidential aide Yury Ushakov', 'Russian presidential aide Ushakov', 'Yuri Ushakov']) {
      const page = await search(t, { q });
      expect(page.items.length, q).toBe(7);
      expect(matchOf(page)?.status, q).toBe('applied');
    }
  });

  it('when q is a name and words ("Ushakov North Korea"), then the speaker’s quotes matching the words', async () => {
    const page = await search(t, { q: 'Ushakov North Korea ambassador' });
    expect(page.items.map((h) => h.text)).toEqual(['North Korea will be represented at the ambassadorial level']);
    expect(matchOf(page)).toMatchObject({ status: 'applied', otherWords: 'north korea ambassador' });
  });

  it('when the name is in quotes, then it is searched as text', async () => {
    const page = await search(t, { q: '"Ushakov"' });
    expect(matchOf(page)).toBeNull();
    expect(page.items.every((h) => /ushakov/i.test(h.text))).toBe(true);
  });

  it('when a name fits several speakers ("Kim"), then they are listed and the word is searched as text', async () => {
    const page = await search(t, { q: 'Kim' });
    const match = matchOf(page);
    expect(match?.status).toBe('ambiguous');
    expect(match?.speakers.map((s) => s.slug)).toEqual(expect.arrayContaining(['kim-jong-un', 'kim-yong-nam', 'kim-jong-il', 'kim-il-sung']));
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((h) => /\bkim\b/i.test(h.text))).toBe(true);
  });

  it('when the named speaker has no matching quote ("President Putin meeting"), then the words are searched as text and the answer says so', async () => {
    const own = await search(t, { q: 'President Putin' });
    expect(matchOf(own)).toMatchObject({ status: 'applied', speakers: [expect.objectContaining({ slug: 'vladimir-putin' })] });
    expect(own.items.map((h) => h.text)).toEqual(['the deployment and casualties of North Korean troops fighting against Ukraine']);
    const page = await search(t, { q: 'President Putin meeting' });
    expect(matchOf(page)).toMatchObject({ status: 'no_quotes', otherWords: 'meeting' });
    expect(page.items.map((h) => h.text)).toEqual(['the possibility of a potential meeting between Kim and Russian President Vladimir Putin']);
  });

  it('when a topic word precedes a title and a name ("parade leader Kim"), then the topic word stays a word to search', async () => {
    const page = await search(t, { q: 'troops leader Kim' });
    expect(matchOf(page)).toMatchObject({ text: 'leader kim', status: 'ambiguous', otherWords: 'troops' });
  });

  it('when a speaker filter is given, then q is never read as a name', async () => {
    const page = await search(t, { q: 'Kim', speaker: 'yury-ushakov' });
    expect(matchOf(page)).toBeNull();
    expect(page.items.map((h) => h.speaker.slug)).toEqual(['yury-ushakov']);
  });

  it('when "ambassador" is searched, then "ambassadorial" is found and marked', async () => {
    const page = await search(t, { q: 'ambassador' });
    expect(page.items.map((h) => h.snippet)).toEqual(['North Korea will be represented at the <mark>ambassadorial</mark> level']);
  });

  it('when NOT is typed before a word, then it excludes the word, as -word does', async () => {
    const not = ids(await search(t, { q: 'attend NOT parade' }));
    const minus = ids(await search(t, { q: 'attend -parade' }));
    expect(not).toEqual(minus);
    expect(not.length).toBeGreaterThan(0);
    expect((await search(t, { q: 'attend NOT parade' })).items.every((h) => !/parade/i.test(h.text))).toBe(true);
  });
});

describe('search by person, with speakers of its own', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when a family name is written first with a hyphenated given name, then the family name finds the person', async () => {
    const family = unique('Pak').replace(/\d/g, 'x');
    const person = await addSpeaker(t, { name: `${family} Sung-ho` });
    const w = unique('w');
    const id = await addQuote(t, { speaker: person.slug, text: `We will hold the ${w} talks` });
    const page = await search(t, { q: `${family} ${w}` });
    expect(ids(page)).toEqual([id]);
    expect(matchOf(page)?.status).toBe('applied');
  });

  it('when a name is added, then the next search knows it (the name cache follows new aliases)', async () => {
    const surname = unique('Zed').replace(/\d/g, 'q');
    const w = unique('w');
    const before = await search(t, { q: `${surname} ${w}` });
    expect(matchOf(before)).toBeNull();
    const person = await addSpeaker(t, { name: `Anna ${surname}` });
    const id = await addQuote(t, { speaker: person.slug, text: `The ${w} matters` });
    expect(ids(await search(t, { q: `Dr. ${surname} ${w}` }))).toEqual([id]);
  });

  it('when a name is the given name only ("Anna"), then it is text, not a person', async () => {
    const surname = unique('Yod').replace(/\d/g, 'k');
    await addSpeaker(t, { name: `Marta ${surname}` });
    expect(matchOf(await search(t, { q: 'Marta' }))).toBeNull();
  });

  it('pages through a speaker’s quotes with the cursor, and a text fallback’s cursor stays in text', async () => {
    const surname = unique('Qua').replace(/\d/g, 'v');
    const person = await addSpeaker(t, { name: `Lee ${surname}` });
    const w = unique('w');
    for (let i = 0; i < 3; i++) await addQuote(t, { speaker: person.slug, text: `Point ${i} on ${w}` });
    const first = await search(t, { q: `${surname} ${w}`, limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await search(t, { q: `${surname} ${w}`, limit: 2, cursor: first.nextCursor as string });
    expect(second.items).toHaveLength(1);
    expect(matchOf(second)?.status).toBe('applied');

    const other = await addSpeaker(t);
    for (let i = 0; i < 3; i++) await addQuote(t, { speaker: other.slug, text: `${surname} said ${i} about ${w}x` });
    const text1 = await search(t, { q: `${surname} ${w}x`, limit: 2 });
    expect(matchOf(text1)?.status).toBe('no_quotes');
    const text2 = await search(t, { q: `${surname} ${w}x`, limit: 2, cursor: text1.nextCursor as string });
    expect(text2.items).toHaveLength(1);
    expect(matchOf(text2)?.status).toBe('no_quotes');
  });

  it('answers AND between words as a space, and a trailing NOT as the word "not"', async () => {
    const speaker = (await addSpeaker(t)).slug;
    const [a, b] = [unique('w'), unique('w')];
    const both = await addQuote(t, { speaker, text: `${a} and ${b} together` });
    const notId = await addQuote(t, { speaker, text: `${a} is not here` });
    expect(ids(await search(t, { q: `${a} AND ${b}` }))).toEqual([both]);
    expect(ids(await search(t, { q: `${a} NOT` }))).toEqual([notId]);
    expect(ids(await search(t, { q: `${a} NOT ${b}` }))).toEqual([notId]);
  });
});

describe('search by person in the web page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('says whose quotes it shows, and links to the words as text', async () => {
    const res = await request(t.app).get('/').query({ q: 'Ushakov North Korea' }).expect(200);
    expect(res.text).toMatch(/Showing quotes by <a href="\/speakers\/yury-ushakov">Yury Ushakov<\/a>/);
    expect(res.text).toContain('href="/?q=%22ushakov%22+north+korea"');
  });

  it('lists the candidates of an ambiguous name, each keeping the other words', async () => {
    const res = await request(t.app).get('/').query({ q: 'Kim parade' }).expect(200);
    expect(res.text).toMatch(/“kim” may be any of 4 speakers/);
    expect(res.text).toContain('href="/?q=parade&amp;speaker=kim-yong-nam"');
  });
});
