import { describe, expect, it } from 'vitest';
import { addOccurrence, addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { useTestApp, unique } from './support/test-app.ts';

describe('the search index follows every write at once', () => {
  const t = useTestApp();

  it('drops a retracted quote from the default search at once, and shows it when retracted quotes are asked for', async () => {
    const w = unique('w');
    const s = (await addSpeaker(t)).slug;
    const gone = await addQuote(t, { speaker: s, text: `${w} soon gone` });
    const kept = await addQuote(t, { speaker: s, text: `${w} stays` });
    await t.api().post(`/v1/quotes/${gone}/retract`).send({ reason: 'Misattributed.' }).expect(200);
    expect(ids(await search(t, { q: w }))).toEqual([kept]);
    expect(ids(await search(t, { speaker: s }))).toEqual([kept]);
    expect(ids(await search(t, { q: w, status: 'retracted' }))).toEqual([gone]);
    expect(ids(await search(t, { speaker: s, status: 'retracted' }))).toEqual([gone]);
    expect(ids(await search(t, { q: w, status: 'all' }))).toEqual([gone, kept].sort((a, b) => a - b));
  });

  it('re-files an edited quote: date said, kind and the organisation at that time', async () => {
    const w = unique('w');
    const org = `Sync Org ${unique('o')}`;
    const s = (await addSpeaker(t, { affiliations: [{ organization: org, role: 'spokesperson', validFrom: '2018', validTo: '2019' }] })).slug;
    const id = await addQuote(t, { speaker: s, text: `${w} edited later`, saidOn: '2021-01-01' });
    expect(ids(await search(t, { q: w, organization: org }))).toEqual([]);
    const res = await t.api().patch(`/v1/quotes/${id}`).send({ saidOn: '2018-07-01', kind: 'indirect', reason: 'The transcript gives the date.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(ids(await search(t, { q: w, organization: org }))).toEqual([id]);
    expect(ids(await search(t, { q: w, kind: 'indirect' }))).toEqual([id]);
    expect(ids(await search(t, { q: w, from: '2018-01-01', to: '2018-12-31' }))).toEqual([id]);
    const facets = await search(t, { q: w, facets: 'year' });
    expect(facets.facets?.counts.year).toEqual([{ key: '2018', label: '2018', count: 1 }]);
  });

  it('adds the outlet and language of a new occurrence of a known quote', async () => {
    const w = unique('w');
    const s = (await addSpeaker(t)).slug;
    const text = `${w} said twice`;
    const id = await addQuote(t, { speaker: s, text, outlet: 'First Wire' });
    const outlet = `Second ${unique('Wire')}`;
    const prefix = 'Reprinted: ';
    const doc = await t.api().post('/v1/documents').send({ text: `${prefix}${text}.`, language: 'fr', outlet });
    expect(doc.status).toBe(201);
    expect(await addOccurrence(t, { speaker: s, text }, doc.body.id as number, prefix.length)).toBe(id);
    expect(ids(await search(t, { q: w, outlet }))).toEqual([id]);
    expect(ids(await search(t, { q: w, language: 'fr' }))).toEqual([id]);
    expect(ids(await search(t, { q: w, outlet: 'First Wire' }))).toEqual([id]);
  });

  it('re-files quotes when their speaker gains an affiliation', async () => {
    const w = unique('w');
    const s = await addSpeaker(t);
    const id = await addQuote(t, { speaker: s.slug, text: `${w} before the news`, saidOn: '2022-02-02' });
    const org = `Later Org ${unique('o')}`;
    await t.repos.writes.upsertSpeaker({
      slug: s.slug,
      name: s.name,
      kind: 'person',
      description: null,
      aliases: [],
      externalIds: [],
      affiliations: [{ organization: { name: org, kind: null }, role: 'adviser', asStated: null, validFrom: '2022', validTo: null, sourceDocumentId: null }],
    });
    expect(ids(await search(t, { q: w, organization: org }))).toEqual([id]);
  });

  it('indexes quotes stored by extraction (POST /v1/documents with extract: true), with outlet and organisation', async () => {
    const cap = (v: string) => v.charAt(0).toUpperCase() + v.slice(1);
    const [first, last] = [cap(unique('ana').replace(/[0-9]/g, 'x')), cap(unique('ruiz').replace(/[0-9]/g, 'y'))];
    const w = unique('w');
    const text = `${first} ${last}, a professor at the ${last} Institute of Studies, said the plan would fail.\n“Nobody has read the ${w} print,” ${last} said.`;
    const res = await t.api().post('/v1/documents').send({ text, extract: true, outlet: 'Extract Wire', publishedOn: '2024-03-03' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const page = await search(t, { q: w, outlet: 'Extract Wire', facets: 'organization,year' });
    expect(page.items.map((h) => h.text), JSON.stringify(page)).toEqual([`Nobody has read the ${w} print`]);
    expect(page.facets?.counts.year).toEqual([{ key: '2024', label: '2024', count: 1 }]);
    expect(page.facets?.counts.organization?.[0]?.label).toContain(`${last} Institute`);
    // Tagged at insert with its speaker's token, as the set-based refresh would tag it.
    const speakerSlug = (page.items[0] as { speaker: { slug: string } }).speaker.slug;
    expect(ids(await search(t, { speaker: speakerSlug }))).toEqual(expect.arrayContaining(ids(page)));
  });

  it('rebuilds the whole index to the same answers (the reindex command)', async () => {
    const w = unique('w');
    const s = (await addSpeaker(t)).slug;
    const id = await addQuote(t, { speaker: s, text: `${w} rebuilt`, outlet: 'Rebuild Post', kind: 'partial' });
    const before = await search(t, { q: w, outlet: 'Rebuild Post', kind: 'partial' });
    expect(await t.repos.writes.rebuildSearchIndex()).toBeGreaterThanOrEqual(1);
    const after = await search(t, { q: w, outlet: 'Rebuild Post', kind: 'partial' });
    expect(ids(after)).toEqual([id]);
    expect(after.items, JSON.stringify([before.items, after.items])).toEqual(before.items);
  });
});
