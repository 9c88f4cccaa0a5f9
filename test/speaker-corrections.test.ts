import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { snapshot } from './support/db-snapshot.ts';
import { addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { useTestApp, unique } from './support/test-app.ts';

const REASON = 'Misspelt in the wire copy';

describe('speaker corrections with history and undo', () => {
  const t = useTestApp();

  it('when an editor corrects a speaker, then the change is one revision on their history (who, when, before/after, why), the old slug answers 301, and undo puts everything back as a revision of its own', async () => {
    const org = `Ministry ${unique('o')}`;
    const s = await addSpeaker(t, { affiliations: [{ organization: org, role: 'spokesperson', validFrom: '2022' }] });
    const q = await addQuote(t, { speaker: s.slug, text: `${unique('w')} the talks went well`, saidOn: '2020-05-05' });
    const before = (await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200)).body;
    const name = `Corrected ${unique('n')}`;
    const slug = `corrected-${s.id}`;
    const wikidata = `Q${Date.now()}`;
    const res = await t
      .api()
      .patch(`/v1/speakers/${s.slug}`)
      .send({
        reason: REASON,
        name,
        slug,
        aliases: { remove: [s.name], add: ['The Spokesperson'] },
        externalIds: { add: [{ scheme: 'wikidata', value: wikidata }] },
        affiliations: { update: [{ id: before.affiliations[0].id, validFrom: '2019' }] },
      });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.speaker).toMatchObject({ id: s.id, name, slug, externalIds: [{ scheme: 'wikidata', value: wikidata }] });
    const revision = res.body.revision;
    expect(revision).toMatchObject({
      entityType: 'speaker',
      entityId: s.id,
      action: 'updated',
      reason: REASON,
      actor: { name: 'test editor', via: 'api' },
      changes: { name: { before: s.name, after: name }, slug: { before: s.slug, after: slug } },
    });
    expect(revision.changes.affiliations.before[0]).toMatchObject({ validFrom: '2022' });
    expect(revision.changes.affiliations.after[0]).toMatchObject({ validFrom: '2019' });

    // Reads follow at once: the old slug redirects, the new name and alias find them, the quote of 2020 is filed under the organisation.
    expect((await request(t.app).get(`/v1/speakers/${s.slug}`).expect(301)).headers.location).toBe(`/v1/speakers/${slug}`);
    expect((await request(t.app).get('/v1/speakers').query({ q: name }).expect(200)).body.items[0].id).toBe(s.id);
    expect(ids(await search(t, { speaker: 'The Spokesperson' }))).toEqual([q]);
    expect(ids(await search(t, { speaker: slug, organization: org }))).toEqual([q]);

    const history = (await request(t.app).get(`/v1/speakers/${slug}/history`).expect(200)).body;
    expect(history.revisions.map((r: { id: number }) => r.id)).toEqual([revision.id]);

    const undo = await t.api().post(`/v1/revisions/${revision.id}/undo`).send({ reason: 'The wire copy was right' });
    expect(undo.status, JSON.stringify(undo.body)).toBe(201);
    expect(undo.body).toMatchObject({ action: 'undo', revertsRevisionId: revision.id, entityType: 'speaker', entityId: s.id });
    const after = (await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200)).body;
    expect(after).toMatchObject({ name: s.name, slug: s.slug, externalIds: [], affiliations: [{ id: before.affiliations[0].id, validFrom: '2022' }] });
    expect(after.aliases).toEqual(before.aliases);
    expect((await request(t.app).get(`/v1/speakers/${slug}`).expect(301)).headers.location).toBe(`/v1/speakers/${s.slug}`);
    expect(ids(await search(t, { speaker: s.slug, organization: org }))).toEqual([]);
    const actions = (await request(t.app).get(`/v1/speakers/${s.id}/history`).expect(200)).body.revisions.map((r: { action: string }) => r.action);
    expect(actions).toEqual(['undo', 'updated']);
    await t.api().post(`/v1/revisions/${revision.id}/undo`).send({ reason: 'again' }).expect(409);
  });

  it('when an affiliation is removed and the removal undone, then it is back under its own id', async () => {
    const org = `Agency ${unique('o')}`;
    const s = await addSpeaker(t, { affiliations: [{ organization: org, role: 'director' }] });
    const aff = (await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200)).body.affiliations[0];
    const res = await t.api().patch(`/v1/speakers/${s.slug}`).send({ reason: REASON, affiliations: { remove: [aff.id], add: [{ organization: org, role: 'deputy director' }] } }).expect(200);
    expect(res.body.speaker.affiliations.map((a: { role: string }) => a.role)).toEqual(['deputy director']);
    await t.api().post(`/v1/revisions/${res.body.revision.id}/undo`).send({ reason: 'He is the director' }).expect(201);
    expect((await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200)).body.affiliations).toMatchObject([{ id: aff.id, role: 'director' }]);
  });

  it('when a correction cannot be made, then it is refused with a stable code and nothing changes', async () => {
    const a = await addSpeaker(t);
    const b = await addSpeaker(t);
    const before = await snapshot(t);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ reason: REASON, slug: b.slug }, 409, 'speaker_exists'],
      [{ reason: REASON, affiliations: { remove: [999_999] } }, 422, 'unknown_reference'],
      [{ reason: REASON, aliases: { remove: ['nobody at all'] } }, 422, 'unknown_reference'],
      [{ name: 'No Reason' }, 422, 'reason_required'],
      [{ reason: REASON }, 400, 'validation_failed'],
      [{ reason: REASON, affiliations: { add: [{ organization: 'X', role: 'r', validFrom: '2020', validTo: '2019' }] } }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.api().patch(`/v1/speakers/${a.slug}`).send(body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    await request(t.app).patch(`/v1/speakers/${a.slug}`).send({ reason: REASON, name: 'Anon' }).expect(401);
    await t.api('reader').patch(`/v1/speakers/${a.slug}`).send({ reason: REASON, name: 'Reader' }).expect(403);
    expect(await snapshot(t)).toEqual(before);
    expect((await request(t.app).get(`/v1/speakers/${a.slug}/history`).expect(200)).body.revisions).toEqual([]);
  });

  it('when speakers are merged or removed, then both histories say so, and the merge cannot be undone', async () => {
    const from = await addSpeaker(t);
    const into = await addSpeaker(t);
    const merge = await t.api().post(`/v1/speakers/${from.slug}/merge`).send({ into: into.slug, reason: 'Same person' }).expect(200);
    expect(merge.body.revision).toMatchObject({ entityId: into.id, action: 'merged', changes: { mergedFrom: { before: null, after: { id: from.id, slug: from.slug } } } });
    const fromHistory = (await request(t.app).get(`/v1/speakers/${from.id}/history`).expect(200)).body.revisions;
    expect(fromHistory).toMatchObject([{ action: 'merged_into', reason: 'Same person', changes: { mergedInto: { after: { id: into.id } } } }]);
    const undo = await t.api().post(`/v1/revisions/${merge.body.revision.id}/undo`).send({ reason: 'try' }).expect(409);
    expect(undo.body.code).toBe('revision_not_undoable');

    const empty = await addSpeaker(t);
    await t.api().delete(`/v1/speakers/${empty.slug}`).send({ reason: 'Made by mistake' }).expect(200);
    expect((await request(t.app).get(`/v1/speakers/${empty.id}/history`).expect(200)).body.revisions).toMatchObject([{ action: 'removed', reason: 'Made by mistake' }]);
    await request(t.app).get(`/v1/speakers/${unique('nobody-')}/history`).expect(404);
  });
});

describe('document corrections with history and undo', () => {
  const t = useTestApp();

  it('when an editor corrects a document\'s date and outlet, then its quotes are re-filed at once, the revision is on its history, and undo reverts it', async () => {
    const w = unique('w');
    const s = await addSpeaker(t);
    const q = await addQuote(t, { speaker: s.slug, text: `${w} prices will fall`, outlet: 'Wrong Wire', publishedOn: '2025-01-10' });
    const documentId = (await request(t.app).get(`/v1/quotes/${q}`).expect(200)).body.occurrences[0].document.id as number;
    const res = await t.api().patch(`/v1/documents/${documentId}`).send({ reason: 'Dated from the print edition', publishedOn: '2024-12-30', outlet: 'Right Wire' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.document).toMatchObject({ id: documentId, outlet: 'Right Wire', publishedOn: '2024-12-30' });
    expect(res.body.revision).toMatchObject({ entityType: 'document', action: 'updated', changes: { publishedOn: { before: '2025-01-10', after: '2024-12-30' } } });
    expect(ids(await search(t, { q: w, from: '2024-12-01', to: '2024-12-31' }))).toEqual([q]);
    expect(ids(await search(t, { q: w, outlet: 'Right Wire' }))).toEqual([q]);
    expect(ids(await search(t, { q: w, outlet: 'Wrong Wire' }))).toEqual([]);
    expect((await request(t.app).get(`/v1/documents/${documentId}/history`).expect(200)).body.revisions).toHaveLength(1);

    await t.api().post(`/v1/revisions/${res.body.revision.id}/undo`).send({ reason: 'The web edition is the source' }).expect(201);
    expect((await request(t.app).get(`/v1/documents/${documentId}`).expect(200)).body).toMatchObject({ outlet: 'Wrong Wire', publishedOn: '2025-01-10' });
    expect(ids(await search(t, { q: w, outlet: 'Wrong Wire' }))).toEqual([q]);
  });

  it('when a correction names no field, has no reason, or targets no document, then it is refused', async () => {
    const s = await addSpeaker(t);
    const q = await addQuote(t, { speaker: s.slug, text: `${unique('w')} nothing changes` });
    const documentId = (await request(t.app).get(`/v1/quotes/${q}`).expect(200)).body.occurrences[0].document.id as number;
    await t.api().patch(`/v1/documents/${documentId}`).send({ reason: REASON }).expect(400);
    expect((await t.api().patch(`/v1/documents/${documentId}`).send({ title: 'T' }).expect(422)).body.code).toBe('reason_required');
    await t.api().patch(`/v1/documents/${documentId}`).send({ reason: REASON, text: 'new words' }).expect(400);
    await t.api().patch('/v1/documents/999999').send({ reason: REASON, title: 'T' }).expect(404);
    await t.api('reader').patch(`/v1/documents/${documentId}`).send({ reason: REASON, title: 'T' }).expect(403);
  });
});
