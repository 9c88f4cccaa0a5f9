import { describe, expect, it } from 'vitest';
import { addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { unique, useTestApp } from './support/test-app.ts';

describe('a quote\'s corrections are on the record: history and undo', () => {
  const t = useTestApp();

  it('when an editor corrects a quote, then its history says what changed, before and after, by which key and why', async () => {
    const s = (await addSpeaker(t)).slug;
    const id = await addQuote(t, { speaker: s, text: `${unique('w')} we stand firm` });
    await t.api().patch(`/v1/quotes/${id}`).send({ venue: 'a press briefing', reason: 'The wire names the venue.' }).expect(200);
    const res = await t.api('reader').get(`/v1/quotes/${id}/history`).expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.revisions).toEqual([
      expect.objectContaining({
        entityType: 'quote',
        entityId: id,
        action: 'updated',
        changes: { venue: { before: null, after: 'a press briefing' }, status: { before: 'active', after: 'corrected' } },
        reason: 'The wire names the venue.',
        actor: expect.objectContaining({ name: 'test editor', via: 'api' }),
        revertsRevisionId: null,
        revertedByRevisionId: null,
      }),
    ]);
  });

  it('when a correction has no reason or a blank one, then it is refused with reason_required and nothing changes', async () => {
    const s = (await addSpeaker(t)).slug;
    const id = await addQuote(t, { speaker: s, text: `${unique('w')} no reason given` });
    for (const body of [{ kind: 'indirect' }, { kind: 'indirect', reason: '   ' }, { kind: 'indirect', reason: 7 }]) {
      const res = await t.api().patch(`/v1/quotes/${id}`).send(body);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('reason_required');
    }
    expect((await t.api().get(`/v1/quotes/${id}`).expect(200)).body.kind).toBe('direct');
    expect((await t.api().get(`/v1/quotes/${id}/history`).expect(200)).body.revisions).toEqual([]);
  });

  it('when a correction is undone, then the quote and search are as before and the undo is in the history', async () => {
    const w = unique('w');
    const s = (await addSpeaker(t)).slug;
    const id = await addQuote(t, { speaker: s, text: `${w} undo me` });
    await t.api().patch(`/v1/quotes/${id}`).send({ kind: 'indirect', reason: 'Reported speech.' }).expect(200);
    expect(ids(await search(t, { q: w, kind: 'indirect' }))).toEqual([id]);
    const [change] = (await t.api().get(`/v1/quotes/${id}/history`).expect(200)).body.revisions as { id: number }[];
    const undo = await t.api().post(`/v1/revisions/${change?.id}/undo`).send({ reason: 'It is in quotation marks.' });
    expect(undo.status, JSON.stringify(undo.body)).toBe(201);
    expect(undo.headers.location).toBe(`/v1/revisions/${undo.body.id}`);
    expect(undo.body).toMatchObject({
      action: 'undo',
      revertsRevisionId: change?.id,
      changes: { kind: { before: 'indirect', after: 'direct' }, status: { before: 'corrected', after: 'active' } },
    });
    expect((await t.api().get(`/v1/quotes/${id}`).expect(200)).body.kind).toBe('direct');
    expect(ids(await search(t, { q: w, kind: 'indirect' }))).toEqual([]);
    expect(ids(await search(t, { q: w, kind: 'direct' }))).toEqual([id]);
    const history = (await t.api().get(`/v1/quotes/${id}/history`).expect(200)).body.revisions as { id: number; revertedByRevisionId: number | null }[];
    expect(history.map((r) => r.id)).toEqual([undo.body.id, change?.id]);
    expect(history[1]?.revertedByRevisionId).toBe(undo.body.id);
    const again = await t.api().post(`/v1/revisions/${change?.id}/undo`).send({ reason: 'Twice.' });
    expect([again.status, again.body.code]).toEqual([409, 'already_undone']);
  });

  it('when a later correction touched the same field, then undoing the earlier one answers 409 revision_superseded', async () => {
    const s = (await addSpeaker(t)).slug;
    const id = await addQuote(t, { speaker: s, text: `${unique('w')} twice corrected` });
    await t.api().patch(`/v1/quotes/${id}`).send({ saidOn: '2020-01-01', reason: 'First source.' }).expect(200);
    await t.api().patch(`/v1/quotes/${id}`).send({ saidOn: '2020-02-02', reason: 'Better source.' }).expect(200);
    const [later, earlier] = (await t.api().get(`/v1/quotes/${id}/history`).expect(200)).body.revisions as { id: number }[];
    const res = await t.api().post(`/v1/revisions/${earlier?.id}/undo`).send({ reason: 'Back.' });
    expect([res.status, res.body.code, res.body.laterRevisions]).toEqual([409, 'revision_superseded', [later?.id]]);
    expect((await t.api().get(`/v1/quotes/${id}`).expect(200)).body.saidOn).toBe('2020-02-02');
  });

  it('when the history is longer than a page, then a signed cursor walks it oldest last, and a forged one is refused', async () => {
    const s = (await addSpeaker(t)).slug;
    const id = await addQuote(t, { speaker: s, text: `${unique('w')} many corrections` });
    for (const venue of ['one', 'two', 'three']) await t.api().patch(`/v1/quotes/${id}`).send({ venue, reason: `Venue ${venue}.` }).expect(200);
    const first = (await t.api().get(`/v1/quotes/${id}/history?limit=2`).expect(200)).body;
    expect(first.revisions.map((r: { reason: string }) => r.reason)).toEqual(['Venue three.', 'Venue two.']);
    const second = (await t.api().get(`/v1/quotes/${id}/history?limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second.revisions.map((r: { reason: string }) => r.reason)).toEqual(['Venue one.']);
    expect(second.nextCursor).toBeNull();
    const other = await addQuote(t, { speaker: s, text: `${unique('w')} another quote` });
    expect((await t.api().get(`/v1/quotes/${other}/history?cursor=${first.nextCursor}`)).body.code).toBe('invalid_cursor');
    expect((await t.api().get(`/v1/quotes/${id}/history?cursor=x${first.nextCursor}`)).body.code).toBe('invalid_cursor');
  });

  it('when the quote does not exist, then its history is 404; a reader cannot undo (403), nobody anonymous (401)', async () => {
    expect((await t.api().get('/v1/quotes/999999999/history')).status).toBe(404);
    expect((await t.api('reader').post('/v1/revisions/1/undo').send({ reason: 'x' })).status).toBe(403);
    expect((await t.api().post('/v1/revisions/999999999/undo').send({ reason: 'x' })).body.code).toBe('not_found');
    const anonymous = await t.api().post('/v1/revisions/1/undo').set('Authorization', '').send({ reason: 'x' });
    expect(anonymous.status).toBe(401);
  });
});
