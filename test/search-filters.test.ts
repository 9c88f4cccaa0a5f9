import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { chooseOrder, DATE_SORT_LIMIT, RANK_LIMIT } from '../src/services/search.service.ts';
import { addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { useTestApp, unique } from './support/test-app.ts';

describe('GET /v1/quotes: filters, facets, pagination', () => {
  const t = useTestApp();

  it('filters by speaker id, slug or alias, with or without words', async () => {
    const w = unique('w');
    const alias = `Alias ${unique('a')}`;
    const one = await addSpeaker(t, { aliases: [alias] });
    const other = await addSpeaker(t);
    const mine = await addQuote(t, { speaker: one.slug, text: `${w} from one` });
    await addQuote(t, { speaker: other.slug, text: `${w} from the other` });
    for (const ref of [String(one.id), one.slug, alias.toLowerCase()]) {
      expect(ids(await search(t, { q: w, speaker: ref })), ref).toEqual([mine]);
      expect(ids(await search(t, { speaker: ref })), ref).toEqual([mine]);
    }
    expect(ids(await search(t, { q: w, speaker: 'nobody-by-this-name' }))).toEqual([]);
  });

  it('filters by the organisation the speaker belonged to when the words were said', async () => {
    const org = `Org ${unique('o')}`;
    const w = unique('w');
    const s = await addSpeaker(t, { affiliations: [{ organization: org, role: 'minister', validFrom: '2010', validTo: '2012-06' }] });
    const during = await addQuote(t, { speaker: s.slug, text: `${w} while in office`, saidOn: '2012-06-30' });
    await addQuote(t, { speaker: s.slug, text: `${w} after leaving`, saidOn: '2012-07-01' });
    await addQuote(t, { speaker: s.slug, text: `${w} before joining`, saidOn: '2009-12-31' });
    expect(ids(await search(t, { q: w, organization: org }))).toEqual([during]);
    expect(ids(await search(t, { organization: org.toUpperCase() }))).toEqual([during]);
  });

  it('filters by outlet, language, kind, date said and date published', async () => {
    const w = unique('w');
    const outlet = `The ${unique('Outlet')} Times`;
    const s = (await addSpeaker(t)).slug;
    const a = await addQuote(t, { speaker: s, text: `${w} one`, outlet, language: 'ko', kind: 'indirect', saidOn: '2015-03-01', publishedOn: '2015-03-02' });
    const b = await addQuote(t, { speaker: s, text: `${w} two`, outlet: 'Elsewhere Daily', publishedOn: '2019-01-01' });
    expect(ids(await search(t, { q: w, outlet: outlet.toLowerCase() }))).toEqual([a]);
    expect(ids(await search(t, { q: w, language: 'ko' }))).toEqual([a]);
    expect(ids(await search(t, { q: w, language: 'en' }))).toEqual([b]);
    expect(ids(await search(t, { q: w, kind: 'indirect' }))).toEqual([a]);
    expect(ids(await search(t, { q: w, from: '2016-01-01' }))).toEqual([b]);
    expect(ids(await search(t, { q: w, to: '2015-03-01' }))).toEqual([a]);
    expect(ids(await search(t, { q: w, publishedFrom: '2015-03-02', publishedTo: '2015-03-02' }))).toEqual([a]);
    expect(ids(await search(t, { outlet, kind: 'indirect' }))).toEqual([a]);
    expect(ids(await search(t, { q: w, outlet, kind: 'direct' }))).toEqual([]);
  });

  it('gives the same answer when a filter is far more common than the words (checked on the matched rows, not through the index)', async () => {
    const common = unique('common');
    const rare = unique('rare');
    const org = `Busy Org ${unique('o')}`;
    const outlet = `Busy ${unique('Wire')}`;
    const member = await addSpeaker(t, { affiliations: [{ organization: org, role: 'spokesperson', validFrom: '2000' }] });
    const outsider = await addSpeaker(t);
    // 30 quotes hold the organisation and the outlet: far more than the 2 that hold the rare word.
    for (let i = 0; i < 30; i++) await addQuote(t, { speaker: member.slug, text: `${common} filler ${i}`, outlet, language: 'de', saidOn: '2020-01-01' });
    const inside = await addQuote(t, { speaker: member.slug, text: `${rare} inside`, outlet, language: 'de', saidOn: '2020-01-02' });
    const outside = await addQuote(t, { speaker: outsider.slug, text: `${rare} outside`, outlet: 'Elsewhere Daily', language: 'en', saidOn: '2020-01-03' });
    expect(ids(await search(t, { q: rare, organization: org }))).toEqual([inside]);
    expect(ids(await search(t, { q: rare, outlet }))).toEqual([inside]);
    expect(ids(await search(t, { q: rare, outlet: 'Elsewhere Daily' }))).toEqual([outside]);
    expect(ids(await search(t, { q: rare, language: 'de' }))).toEqual([inside]);
    expect(ids(await search(t, { q: rare, language: 'en' }))).toEqual([outside]);
    expect(ids(await search(t, { q: rare, organization: org, outlet, language: 'de', kind: 'direct' }))).toEqual([inside]);
    expect(ids(await search(t, { q: rare, organization: org, language: 'en' }))).toEqual([]);
  });

  it('counts each facet value as often as filtering by it finds matches', async () => {
    const w = unique('w');
    const org = `Tenure Org ${unique('o')}`;
    const board = `Board ${unique('b')}`;
    const outlet = `Case ${unique('Wire')}`;
    const s = await addSpeaker(t, {
      affiliations: [
        { organization: org, role: 'chair', validFrom: '2019', validTo: '2020' },
        { organization: board, role: 'member', validFrom: '2019' },
      ],
    });
    await addQuote(t, { speaker: s.slug, text: `${w} in office`, outlet, saidOn: '2020-02-01' });
    await addQuote(t, { speaker: s.slug, text: `${w} after leaving`, outlet: outlet.toUpperCase(), saidOn: '2021-02-01' });
    const page = await search(t, { q: w, facets: 'organization,outlet' });
    // Said in 2021, after the tenure: not for the organisation.
    expect(page.facets?.counts.organization).toEqual([
      expect.objectContaining({ label: board, count: 2 }),
      expect.objectContaining({ label: org, count: 1 }),
    ]);
    // The outlet filter ignores case, so the count does too; the label is the newest match's spelling as printed.
    expect(page.facets?.counts.outlet).toEqual([{ key: outlet.toUpperCase(), label: outlet.toUpperCase(), count: 2 }]);
    expect(ids(await search(t, { q: w, organization: org }))).toHaveLength(1);
    expect(ids(await search(t, { q: w, outlet }))).toHaveLength(2);
  });

  it('returns the 20 most frequent values of a facet, ties in label order', async () => {
    const w = unique('w');
    const speakers = [];
    for (let i = 0; i < 22; i++) speakers.push(await addSpeaker(t));
    // The last speaker says it twice: first; the other 21 tie at one and give way in name order.
    for (const [i, s] of speakers.entries()) await addQuote(t, { speaker: s.slug, text: `${w} number ${i}` });
    const last = speakers.at(-1) as (typeof speakers)[number];
    await addQuote(t, { speaker: last.slug, text: `${w} number again` });
    const counts = (await search(t, { q: w, facets: 'speaker', limit: 1 })).facets?.counts.speaker ?? [];
    const byName = speakers.slice(0, -1).sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(counts).toHaveLength(20);
    expect(counts[0]).toEqual({ key: last.slug, label: last.name, count: 2 });
    expect(counts.slice(1).map((c) => c.key)).toEqual(byName.slice(0, 19).map((s) => s.slug));
  });

  it('counts facets for the current query on request', async () => {
    const w = unique('w');
    const org = `Facet Org ${unique('o')}`;
    const s1 = await addSpeaker(t, { affiliations: [{ organization: org, role: 'chair' }] });
    const s2 = await addSpeaker(t);
    await addQuote(t, { speaker: s1.slug, text: `${w} a`, outlet: 'Facet Post', kind: 'direct', saidOn: '2020-05-01' });
    await addQuote(t, { speaker: s1.slug, text: `${w} b`, outlet: 'Facet Post', kind: 'partial', saidOn: '2021-05-01' });
    await addQuote(t, { speaker: s2.slug, text: `${w} c`, outlet: 'Other Post', kind: 'direct', saidOn: '2021-06-01' });
    const page = await search(t, { q: w, facets: 'speaker,organization,outlet,kind,year', limit: 1 });
    expect(page.facets?.basedOn).toBe(3);
    expect(page.facets?.sampled).toBe(false);
    const counts = page.facets?.counts ?? {};
    expect(counts.speaker).toEqual([
      { key: s1.slug, label: s1.name, count: 2 },
      { key: s2.slug, label: s2.name, count: 1 },
    ]);
    expect(counts.organization).toEqual([expect.objectContaining({ label: org, count: 2 })]);
    expect(counts.outlet).toEqual([
      { key: 'Facet Post', label: 'Facet Post', count: 2 },
      { key: 'Other Post', label: 'Other Post', count: 1 },
    ]);
    expect(counts.kind).toEqual([
      { key: 'direct', label: 'direct', count: 2 },
      { key: 'partial', label: 'partial', count: 1 },
    ]);
    expect(counts.year, JSON.stringify(counts.year)).toEqual([
      { key: '2021', label: '2021', count: 2 },
      { key: '2020', label: '2020', count: 1 },
    ]);
    expect((await search(t, { q: w })).facets).toBeUndefined();
    const bad = await request(t.app).get('/v1/quotes').query({ q: w, facets: 'speaker,colour' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('keeps pages stable while new matching quotes arrive', async () => {
    const w = unique('w');
    const s = (await addSpeaker(t)).slug;
    for (let i = 0; i < 5; i++) await addQuote(t, { speaker: s, text: `${w} number ${i}` });
    for (const sort of ['relevance', 'date']) {
      // Everything matching when the first page is asked for, and nothing that arrives later.
      const original = ids(await search(t, { q: w, limit: 100 }));
      const seen: number[] = [];
      let page = await search(t, { q: w, limit: 2, sort });
      seen.push(...page.items.map((h) => h.id));
      while (page.nextCursor !== null) {
        await addQuote(t, { speaker: s, text: `${w} arriving ${unique('n')}` });
        page = await search(t, { q: w, limit: 2, sort, cursor: page.nextCursor });
        seen.push(...page.items.map((h) => h.id));
      }
      expect(seen.sort((a, b) => a - b), sort).toEqual(original);
    }
  });

  it('refuses a cursor from another query, or one it did not issue', async () => {
    const w = unique('w');
    const s = (await addSpeaker(t)).slug;
    await addQuote(t, { speaker: s, text: `${w} x` });
    await addQuote(t, { speaker: s, text: `${w} y` });
    const { nextCursor } = await search(t, { q: w, limit: 1 });
    expect(nextCursor).not.toBeNull();
    for (const query of [{ q: `${w} x`, cursor: nextCursor as string }, { q: w, cursor: 'bm90IGEgY3Vyc29y' }]) {
      const res = await request(t.app).get('/v1/quotes').query(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_cursor');
    }
  });

  it('orders huge match sets by recency instead of ranking them (the hot-path budget)', () => {
    const about = (count: number) => ({ count, more: false });
    expect(chooseOrder('relevance', true, about(RANK_LIMIT))).toBe('relevance');
    expect(chooseOrder('relevance', true, about(RANK_LIMIT + 1))).toBe('recent');
    expect(chooseOrder('relevance', true, { count: RANK_LIMIT, more: true })).toBe('recent');
    expect(chooseOrder('date', true, about(DATE_SORT_LIMIT))).toBe('date');
    expect(chooseOrder('date', true, about(DATE_SORT_LIMIT + 1))).toBe('recent');
    expect(chooseOrder('date', false, null)).toBe('date');
    expect(chooseOrder('relevance', false, about(10))).toBe('date');
  });
});
