import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { snapshot } from './support/db-snapshot.ts';
import { addOccurrence, addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { useTestApp, unique, type TestApp } from './support/test-app.ts';

const REASON = { reason: 'Duplicate speaker made by the extractor' };

async function createSpeaker(t: TestApp, body: Record<string, unknown>): Promise<{ id: number; slug: string; name: string }> {
  const res = await t.api().post('/v1/speakers').send({ kind: 'person', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; slug: string; name: string };
}

describe('speaker merge', () => {
  const t = useTestApp();

  it('when a speaker is merged into another, then quotes, names, IDs, affiliations and quotes about them move, shared words become one quote, and the old slug answers 301 on the API and the web', async () => {
    const w = unique('w');
    // The speakers' names carry a word of their own: a search for `w` must not read as a speaker's name.
    const n = unique('n');
    const org = `Foreign Ministry ${unique('o')}`;
    const from = await createSpeaker(t, {
      name: `Beijing ${n}`,
      kind: 'organization',
      externalIds: [{ scheme: 'wikidata', value: `Q${Date.now()}` }],
      affiliations: [{ organization: org, role: 'spokesperson', validFrom: '2020', validTo: '2022' }],
    });
    const into = await createSpeaker(t, {
      name: `Mao Ning ${n}`,
      aliases: [`Ms Mao ${n}`],
      affiliations: [{ organization: org, role: 'spokesperson', validFrom: '2021', validTo: '2024' }],
    });
    const onlyFrom = await addQuote(t, { speaker: from.slug, text: `${w} the sanctions will have limited bite`, saidOn: '2023-03-01' });
    const sharedByFrom = await addQuote(t, { speaker: from.slug, text: `${w} we firmly oppose this`, outlet: 'Paper A' });
    const sharedByInto = await addQuote(t, { speaker: into.slug, text: `${w} we firmly oppose this`, outlet: 'Paper B' });
    const other = await addSpeaker(t);
    const about = await addQuote(t, { speaker: other.slug, text: `${w} they will not listen` });
    await t.api().patch(`/v1/quotes/${about}`).send({ about: from.slug, ...REASON }).expect(200);

    const res = await t.api().post(`/v1/speakers/${from.slug}/merge`).send({ into: into.slug, ...REASON });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      from: { id: from.id, slug: from.slug },
      into: { id: into.id, slug: into.slug },
      moved: { quotes: 2, quotesAbout: 1, externalIds: 1, affiliations: 1, organizations: 0 },
      foldedQuotes: [{ from: sharedByFrom, into: sharedByInto }],
      redirectedSlugs: [from.slug],
    });
    // The speaker kept's history names every quote that moved, and those that became one.
    expect(res.body.revision.changes.mergedFrom.after).toMatchObject({ movedQuoteIds: [onlyFrom], foldedQuotes: [{ from: sharedByFrom, into: sharedByInto }] });

    const redirect = await request(t.app).get(`/v1/speakers/${from.slug}?quotes=5`).expect(301);
    expect(redirect.headers.location).toBe(`/v1/speakers/${into.slug}?quotes=5`);
    expect((await request(t.app).get(`/v1/speakers/${from.id}`).expect(301)).headers.location).toBe(`/v1/speakers/${into.slug}`);
    expect((await request(t.app).get(`/speakers/${from.slug}`).expect(301)).headers.location).toBe(`/speakers/${into.slug}`);

    const profile = (await request(t.app).get(`/v1/speakers/${into.slug}`).expect(200)).body;
    expect(profile.quoteCount).toBe(2);
    expect(profile.aliases).toEqual(expect.arrayContaining([`Beijing ${n}`, `Ms Mao ${n}`]));
    expect(profile.externalIds).toHaveLength(1);
    // The same organisation and role: one affiliation, spanning both periods.
    expect(profile.affiliations).toMatchObject([{ role: 'spokesperson', validFrom: '2020', validTo: '2024' }]);
    expect(profile.quotesAbout.map((q: { id: number }) => q.id)).toEqual([about]);

    const kept = (await request(t.app).get(`/v1/quotes/${sharedByInto}`).expect(200)).body;
    expect(kept.occurrences).toHaveLength(2);
    await request(t.app).get(`/v1/quotes/${sharedByFrom}`).expect(404);

    // Search and its speaker filter follow at once; the old slug still names the speaker in a filter.
    expect(ids(await search(t, { q: w }))).toEqual([onlyFrom, sharedByInto, about].sort((a, b) => a - b));
    expect(ids(await search(t, { q: w, speaker: into.slug }))).toEqual([onlyFrom, sharedByInto].sort((a, b) => a - b));
    expect(ids(await search(t, { q: w, speaker: from.slug }))).toEqual([onlyFrom, sharedByInto].sort((a, b) => a - b));
    expect(ids(await search(t, { q: w, outlet: 'Paper A' }))).toEqual([sharedByInto]);
    expect(ids(await search(t, { q: w, organization: org }))).toEqual([onlyFrom, sharedByInto].sort((a, b) => a - b));
    expect(await t.backendStorage.checkIntegrity()).toBe('ok');

    // Verify finds the words under the speaker kept, as one quote, by the old name too.
    const verified = await request(t.app).post('/v1/verify').send({ text: `${w} we firmly oppose this`, speaker: `Beijing ${n}` }).expect(200);
    expect(verified.body.verdict).toBe('accurate');
    expect(verified.body.matches.map((m: { quote: { id: number } }) => m.quote.id)).toEqual([sharedByInto]);
    expect(verified.body.matches[0].quote.speaker.slug).toBe(into.slug);
  });

  it('when the folded quote was cited at URLs and had a variant, then the quote kept answers with every citation and the variant, and the history says what the folded quote brought', async () => {
    const w = unique('w');
    const words = `${w} we will cut the fuel levy next spring`;
    const into = await createSpeaker(t, { name: `Kept ${unique('n')}` });
    const sharedByInto = await addQuote(t, { speaker: into.slug, text: words });
    // The speaker merged away knows the words from Quotebank only: two URLs, no document held.
    const fromName = `Imported ${unique('n')}`;
    const urls = [`https://news.example/${w}/1`, `https://news.example/${w}/2`];
    const line = { quoteID: `2016-07-01-${w}`, quotation: words, speaker: fromName, qids: [], date: '2016-07-01 00:00:00', probas: [[fromName, '0.9']], urls };
    const imported = await t.api().post('/v1/import').query({ format: 'quotebank' }).set('Content-Type', 'application/x-ndjson').send(`${JSON.stringify(line)}\n`).expect(200);
    expect(imported.body.totals).toMatchObject({ quotesCreated: 1, citationsCreated: 2 });
    const from = (await request(t.app).get('/v1/speakers').query({ q: fromName }).expect(200)).body.items[0] as { id: number; slug: string };
    const [sharedByFrom] = ((await request(t.app).get(`/v1/speakers/${from.slug}?quotes=5`).expect(200)).body.quotes as { id: number }[]).map((q) => q.id);
    const variant = await addQuote(t, { speaker: from.slug, text: `${w} we will cut the fuel levy next summer` });
    expect((await request(t.app).get(`/v1/quotes/${variant}`).expect(200)).body.variantOf).toMatchObject({ id: sharedByFrom });

    const res = await t.api().post(`/v1/speakers/${from.slug}/merge`).send({ into: into.slug, ...REASON });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const folded = { from: sharedByFrom, into: sharedByInto, occurrences: 0, citations: 2, mergedCitations: [], relinked: [{ id: variant, before: sharedByFrom, after: sharedByInto }] };
    expect(res.body.foldedQuotes).toEqual([folded]);
    expect(res.body.revision.changes.mergedFrom.after.foldedQuotes).toEqual([folded]);
    const history = (await request(t.app).get(`/v1/speakers/${into.slug}/history`).expect(200)).body.revisions as { action: string; changes: { mergedFrom?: { after: unknown } } }[];
    expect(history.find((r) => r.action === 'merged')?.changes.mergedFrom?.after).toMatchObject({ foldedQuotes: [folded] });

    const kept = (await request(t.app).get(`/v1/quotes/${sharedByInto}`).expect(200)).body;
    expect(kept.occurrences).toHaveLength(1);
    expect(kept.citations.map((c: { url: string }) => c.url).sort()).toEqual(urls);
    expect(kept.variants).toEqual([expect.objectContaining({ id: variant })]);
    expect((await request(t.app).get(`/v1/quotes/${variant}`).expect(200)).body.variantOf).toMatchObject({ id: sharedByInto });
    expect(ids(await search(t, { q: w, evidence: 'url' }))).toEqual([sharedByInto]);
    expect(await t.backendStorage.checkIntegrity()).toBe('ok');
  });

  it('when the speaker merged into is merged again, then the first slug follows to the last speaker', async () => {
    const a = await addSpeaker(t);
    const b = await addSpeaker(t);
    const c = await addSpeaker(t);
    await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: b.slug, ...REASON }).expect(200);
    const res = await t.api().post(`/v1/speakers/${b.id}/merge`).send({ into: String(c.id), ...REASON }).expect(200);
    expect(res.body.redirectedSlugs).toEqual([a.slug, b.slug].sort());
    expect((await request(t.app).get(`/v1/speakers/${a.slug}`).expect(301)).headers.location).toBe(`/v1/speakers/${c.slug}`);
  });

  it('when an ingest names a merged speaker by their old slug, then it adds to the speaker kept and never recreates the old one', async () => {
    const a = await addSpeaker(t);
    const b = await addSpeaker(t);
    await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: b.slug, ...REASON }).expect(200);
    const again = await t.repos.writes.upsertSpeaker({ slug: a.slug, name: a.name, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [] });
    expect(again).toMatchObject({ created: false, speaker: { id: b.id } });
    await expect(t.api().post('/v1/speakers').send({ name: a.name, kind: 'person' })).resolves.toMatchObject({ status: 409, body: { code: 'speaker_exists' } });
  });

  it('when both speakers hold different IDs in one scheme, then the merge is refused with speaker_merge_conflict and nothing changes', async () => {
    const a = await createSpeaker(t, { name: `Conflict ${unique('a')}`, externalIds: [{ scheme: 'wikidata', value: `Q1${Date.now()}` }] });
    const b = await createSpeaker(t, { name: `Conflict ${unique('b')}`, externalIds: [{ scheme: 'wikidata', value: `Q2${Date.now()}` }] });
    await addQuote(t, { speaker: a.slug, text: `${unique('w')} stays where it is` });
    const before = await snapshot(t);
    const res = await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: b.slug, ...REASON }).expect(409);
    expect(res.body).toMatchObject({ code: 'speaker_merge_conflict', schemes: ['wikidata'] });
    expect(await snapshot(t)).toEqual(before);
  });

  it('when a merge names an unknown speaker, itself, or comes without an editor key or reason, then it is refused', async () => {
    const a = await addSpeaker(t);
    await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: unique('nobody-'), ...REASON }).expect(404);
    await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: a.slug, ...REASON }).expect(400);
    expect((await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: a.slug }).expect(422)).body.code).toBe('reason_required');
    expect((await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: a.slug, reason: '   ' }).expect(422)).body.code).toBe('reason_required');
    await request(t.app).post(`/v1/speakers/${a.slug}/merge`).send({ into: a.slug, ...REASON }).expect(401);
    await t.api('reader').post(`/v1/speakers/${a.slug}/merge`).send({ into: a.slug, ...REASON }).expect(403);
    await request(t.app).get(`/v1/speakers/${a.slug}`).expect(200);
  });
});

describe('speaker removal', () => {
  const t = useTestApp();

  it('when a speaker has nothing on record, then it is removed with its names and its slug no longer resolves', async () => {
    const s = await createSpeaker(t, { name: `Empty ${unique('s')}`, aliases: [`Nobody ${unique('n')}`] });
    const res = await t.api().delete(`/v1/speakers/${s.slug}`).send(REASON).expect(200);
    expect(res.body).toMatchObject({ id: s.id, slug: s.slug });
    await request(t.app).get(`/v1/speakers/${s.slug}`).expect(404);
    expect((await request(t.app).get('/v1/speakers').query({ q: s.name }).expect(200)).body.items).toEqual([]);
  });

  it('when a speaker has quotes, quotes about them or affiliations, then removal is refused with speaker_in_use and the counts', async () => {
    const quoted = await addSpeaker(t);
    await addQuote(t, { speaker: quoted.slug, text: `${unique('w')} on the record` });
    const affiliated = await addSpeaker(t, { affiliations: [{ organization: `Org ${unique('o')}`, role: 'analyst' }] });
    const subject = await addSpeaker(t);
    const q = await addQuote(t, { speaker: (await addSpeaker(t)).slug, text: `${unique('w')} about someone` });
    await t.api().patch(`/v1/quotes/${q}`).send({ about: subject.slug, ...REASON }).expect(200);
    const before = await snapshot(t);
    for (const [speaker, held] of [
      [quoted, { quotes: 1 }],
      [affiliated, { affiliations: 1 }],
      [subject, { quotesAbout: 1 }],
    ] as const) {
      const res = await t.api().delete(`/v1/speakers/${speaker.slug}`).send(REASON).expect(409);
      expect(res.body).toMatchObject({ code: 'speaker_in_use', ...held });
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('when removal has no editor key or no reason, then it is refused', async () => {
    const s = await addSpeaker(t);
    await request(t.app).delete(`/v1/speakers/${s.slug}`).send(REASON).expect(401);
    await t.api('reader').delete(`/v1/speakers/${s.slug}`).send(REASON).expect(403);
    expect((await t.api().delete(`/v1/speakers/${s.slug}`).send({}).expect(422)).body.code).toBe('reason_required');
    await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200);
  });
});

describe('duplicate affiliations', () => {
  const t = useTestApp();

  it('when a speaker is "analyst" and "senior analyst" at one organisation, then the merge keeps "senior analyst" over both periods and search files quotes under it', async () => {
    const org = `Institute ${unique('o')}`;
    const other = `Other ${unique('o')}`;
    const s = await addSpeaker(t, {
      affiliations: [
        { organization: org, role: 'analyst', validFrom: '2019', validTo: '2021' },
        { organization: org, role: 'Senior Analyst', validFrom: '2020' },
        // Two roles: a deputy director is not the director; a different organisation is not a duplicate.
        { organization: org, role: 'director' },
        { organization: org, role: 'deputy director' },
        { organization: other, role: 'senior analyst' },
      ],
    });
    const q = await addQuote(t, { speaker: s.slug, text: `${unique('w')} markets will calm`, saidOn: '2019-06-01' });
    const res = await t.api().post(`/v1/speakers/${s.slug}/affiliations/merge`).send(REASON);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.merged).toHaveLength(1);
    expect(res.body.merged[0]).toMatchObject({
      kept: { role: 'Senior Analyst', validFrom: '2019', validTo: null, organization: { name: org } },
      dropped: { role: 'analyst' },
      keptBefore: { validFrom: '2020' },
    });
    const roles = (await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200)).body.affiliations.map((a: { role: string }) => a.role);
    expect(roles.sort()).toEqual(['Senior Analyst', 'deputy director', 'director', 'senior analyst'].sort());
    // Said in 2019: the merged period now covers it.
    expect(ids(await search(t, { speaker: s.slug, organization: org }))).toEqual([q]);
    const again = await t.api().post(`/v1/speakers/${s.slug}/affiliations/merge`).send(REASON).expect(200);
    expect(again.body.merged).toEqual([]);
    // The next ingest of a source stating the vaguer role does not bring the duplicate back.
    const stated = { organization: { name: org, kind: null }, role: 'analyst', asStated: null, validFrom: '2019', validTo: '2021', sourceDocumentId: null };
    await t.repos.writes.upsertSpeaker({ slug: s.slug, name: s.name, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [stated] });
    const rolesAfter = (await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200)).body.affiliations.map((a: { role: string }) => a.role);
    expect(rolesAfter.sort()).toEqual(roles);
  });

  it('when two affiliations name the same role in periods that do not meet, then they are a promotion, not a duplicate', async () => {
    const org = `Bank ${unique('o')}`;
    const s = await addSpeaker(t, {
      affiliations: [
        { organization: org, role: 'economist', validFrom: '2010', validTo: '2012' },
        { organization: org, role: 'chief economist', validFrom: '2015' },
      ],
    });
    const affs = (await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200)).body.affiliations as { id: number }[];
    expect((await t.api().post(`/v1/speakers/${s.slug}/affiliations/merge`).send(REASON).expect(200)).body.merged).toEqual([]);
    const before = await snapshot(t);
    const res = await t.api().post(`/v1/speakers/${s.slug}/affiliations/merge`).send({ affiliationIds: affs.map((a) => a.id), ...REASON }).expect(422);
    expect(res.body.code).toBe('not_duplicate_affiliations');
    expect(await snapshot(t)).toEqual(before);
  });

  it('when a pair is named, then only that pair is merged; an affiliation of another speaker is refused', async () => {
    const org = `Ministry ${unique('o')}`;
    const s = await addSpeaker(t, { affiliations: [{ organization: org, role: 'minister' }, { organization: org, role: 'foreign minister' }] });
    const stranger = await addSpeaker(t, { affiliations: [{ organization: org, role: 'minister' }] });
    const [a, b] = (await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200)).body.affiliations as { id: number }[];
    const theirs = (await request(t.app).get(`/v1/speakers/${stranger.slug}`).expect(200)).body.affiliations[0] as { id: number };
    await t.api().post(`/v1/speakers/${s.slug}/affiliations/merge`).send({ affiliationIds: [a?.id, theirs.id], ...REASON }).expect(422);
    const res = await t.api().post(`/v1/speakers/${s.slug}/affiliations/merge`).send({ affiliationIds: [a?.id, b?.id], ...REASON }).expect(200);
    expect(res.body.merged[0].kept.role).toBe('foreign minister');
  });
});

describe('a document quoting words twice by two speakers who are one', () => {
  const t = useTestApp();

  it('when both occurrences are at the same offsets, then the merged quote keeps one occurrence there', async () => {
    const a = await addSpeaker(t);
    const b = await addSpeaker(t);
    const words = `${unique('w')} it is settled`;
    const qa = await addQuote(t, { speaker: a.slug, text: words });
    const doc = (await request(t.app).get(`/v1/quotes/${qa}`).expect(200)).body.occurrences[0];
    const qb = await addOccurrence(t, { speaker: b.slug, text: words }, doc.document.id as number, doc.start as number);
    await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: b.slug, ...REASON }).expect(200);
    const kept = (await request(t.app).get(`/v1/quotes/${qb}`).expect(200)).body;
    expect(kept.occurrences).toHaveLength(1);
    expect(await t.backendStorage.checkIntegrity()).toBe('ok');
  });
});

describe('merges and removals with quotes retracted or moved', () => {
  const t = useTestApp();

  it('when both speakers have the same words but one retracted them, then the merge is refused until an editor decides, and nothing changes', async () => {
    const a = await addSpeaker(t);
    const b = await addSpeaker(t);
    const words = `${unique('w')} we never said that`;
    const qa = await addQuote(t, { speaker: a.slug, text: words });
    await addQuote(t, { speaker: b.slug, text: words });
    await t.api().post(`/v1/quotes/${qa}/retract`).send({ reason: 'Misheard' }).expect(200);
    const before = await snapshot(t);
    const res = await t.api().post(`/v1/speakers/${a.slug}/merge`).send({ into: b.slug, ...REASON }).expect(409);
    expect(res.body).toMatchObject({ code: 'speaker_merge_conflict', quotes: [{ from: qa, fromStatus: 'retracted', intoStatus: 'active' }] });
    expect(await snapshot(t)).toEqual(before);
  });

  it('when a quote was moved away from a speaker, then the empty speaker is kept (a re-ingest would give the words back to a new one), and merging them into the right speaker clears it', async () => {
    const wrong = await addSpeaker(t, { name: `Beijing ${unique('n')}` });
    const right = await addSpeaker(t);
    const words = `${unique('w')} the sanctions will have limited bite`;
    const prefix = `${right.name} said: “`;
    const doc = await t.api().post('/v1/documents').send({ text: `${prefix}${words}” on Monday.` }).expect(201);
    const q = (
      await t.api().post('/v1/quotes').send({ speaker: wrong.slug, text: words, kind: 'direct', evidence: { documentId: doc.body.id, start: prefix.length, end: prefix.length + words.length } }).expect(201)
    ).body.id as number;
    const moved = await t.api().patch(`/v1/quotes/${q}`).send({ speaker: { ref: right.slug, mention: { start: 0, end: right.name.length } }, reason: 'The minister said it' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const refused = await t.api().delete(`/v1/speakers/${wrong.slug}`).send(REASON).expect(409);
    expect(refused.body).toMatchObject({ code: 'speaker_in_use', quotes: 0, tombstones: 1 });
    await t.api().post(`/v1/speakers/${wrong.slug}/merge`).send({ into: right.slug, ...REASON }).expect(200);
    expect((await request(t.app).get(`/v1/quotes/${q}`).expect(200)).body.speaker.slug).toBe(right.slug);
    expect((await request(t.app).get(`/v1/speakers/${wrong.slug}`).expect(301)).headers.location).toBe(`/v1/speakers/${right.slug}`);
  });
});
