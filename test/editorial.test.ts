import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addSpeaker, ids, search } from './support/search-fixtures.ts';
import { unique, useTestApp, type TestApp } from './support/test-app.ts';

/** A document naming two speakers, with one quote recorded (by `speaker`, at `confidence`); what a correction needs. */
async function twoSpeakerQuote(t: TestApp, options: { confidence?: number } = {}) {
  const first = await addSpeaker(t, { name: `Ana ${unique('Ruiz')}` });
  const second = await addSpeaker(t, { name: `Bo ${unique('Lee')}` });
  const words = `${unique('w')} the budget is balanced`;
  const text = `${second.name} spoke after ${first.name}. “${words},” ${first.name} said.`;
  const doc = await t.api().post('/v1/documents').send({ text, outlet: 'Desk Wire', publishedOn: '2025-02-02' });
  expect(doc.status, JSON.stringify(doc.body)).toBe(201);
  const start = text.indexOf(words);
  const created = await t
    .api()
    .post('/v1/quotes')
    .send({
      speaker: first.slug,
      text: words,
      kind: 'direct',
      evidence: { documentId: doc.body.id, start, end: start + words.length, confidence: options.confidence ?? 1 },
    });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const mention = (name: string) => ({ start: text.indexOf(name), end: text.indexOf(name) + name.length });
  return { first, second, words, text, documentId: doc.body.id as number, quote: created.body as { id: number; occurrences: { id: number }[] }, mention };
}

describe('status instead of deletion: retract and restore', () => {
  const t = useTestApp();

  it('when an editor retracts a quote, then it is kept with who, when and why, hidden from search and the speaker page, and shown on request', async () => {
    const { first, words, quote } = await twoSpeakerQuote(t);
    const res = await t.api().post(`/v1/quotes/${quote.id}/retract`).send({ reason: 'The wire withdrew the story.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.revision).toMatchObject({ action: 'retracted', changes: { status: { before: 'active', after: 'retracted' } } });
    const page = await request(t.app).get(`/v1/quotes/${quote.id}`).expect(200);
    expect(page.body).toMatchObject({ status: 'retracted', statusNote: { reason: 'The wire withdrew the story.', changedBy: 'test editor' } });
    const provenance = await request(t.app).get(`/v1/quotes/${quote.id}/provenance`).expect(200);
    expect(provenance.body.quote).toMatchObject({ status: 'retracted', statusNote: { reason: 'The wire withdrew the story.' } });
    const html = await request(t.app).get(`/quotes/${quote.id}`).expect(200);
    expect(html.text).toContain('<strong>Retracted</strong> by test editor on');
    expect(html.text).toContain('The wire withdrew the story.');
    expect(ids(await search(t, { q: `"${words}"` }))).toEqual([]);
    expect(ids(await search(t, { speaker: first.slug }))).toEqual([]);
    expect(ids(await search(t, { q: `"${words}"`, status: 'retracted' }))).toEqual([quote.id]);
    expect(ids(await search(t, { speaker: first.slug, status: 'retracted,rejected' }))).toEqual([quote.id]);
    expect(ids(await search(t, { speaker: first.slug, status: 'active,retracted' }))).toEqual([quote.id]);
    expect(ids(await search(t, { speaker: first.slug, status: 'active' }))).toEqual([]);
    const speakerPage = await request(t.app).get(`/v1/speakers/${first.slug}`).expect(200);
    expect(JSON.stringify(speakerPage.body)).not.toContain(words);
  });

  it('when a retracted quote is retracted again, restored, or restored twice, then the codes say why and the status follows', async () => {
    const { quote, words } = await twoSpeakerQuote(t);
    await t.api().post(`/v1/quotes/${quote.id}/retract`).send({ reason: 'Misattributed.' }).expect(200);
    const again = await t.api().post(`/v1/quotes/${quote.id}/retract`).send({ reason: 'Again.' });
    expect([again.status, again.body.code]).toEqual([409, 'already_retracted']);
    const restored = await t.api().post(`/v1/quotes/${quote.id}/restore`).send({ reason: 'The wire confirmed it.' });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.quote).toMatchObject({ status: 'active', statusNote: { reason: 'The wire confirmed it.' } });
    expect(ids(await search(t, { q: `"${words}"` }))).toEqual([quote.id]);
    const twice = await t.api().post(`/v1/quotes/${quote.id}/restore`).send({ reason: 'Twice.' });
    expect([twice.status, twice.body.code]).toEqual([409, 'status_conflict']);
    const history = await t.api().get(`/v1/quotes/${quote.id}/history`).expect(200);
    expect(history.body.revisions.map((r: { action: string }) => r.action)).toEqual(['restored', 'retracted']);
  });

  it('when a retraction has no reason, comes from a reader or from nobody, then it is refused (422, 403, 401) and nothing changes', async () => {
    const { quote } = await twoSpeakerQuote(t);
    const blank = await t.api().post(`/v1/quotes/${quote.id}/retract`).send({ reason: ' ' });
    expect([blank.status, blank.body.code]).toEqual([422, 'reason_required']);
    expect((await t.api().post(`/v1/quotes/${quote.id}/retract`).send({})).body.code).toBe('reason_required');
    expect((await t.api('reader').post(`/v1/quotes/${quote.id}/retract`).send({ reason: 'x' })).status).toBe(403);
    expect((await request(t.app).post(`/v1/quotes/${quote.id}/retract`).send({ reason: 'x' })).status).toBe(401);
    expect((await t.api().post('/v1/quotes/999999999/retract').send({ reason: 'x' })).status).toBe(404);
    expect((await request(t.app).get(`/v1/quotes/${quote.id}`).expect(200)).body.status).toBe('active');
  });

  it('when a client sends DELETE to a quote, then nothing is deleted: the API has no such route', async () => {
    const { quote } = await twoSpeakerQuote(t);
    const res = await t.api('admin').delete(`/v1/quotes/${quote.id}`);
    expect([404, 405]).toContain(res.status);
    await request(t.app).get(`/v1/quotes/${quote.id}`).expect(200);
  });

  it('when a retracted quote is verified word for word, then the answer never rests on it and says who withdrew it and why', async () => {
    const { first, quote, words } = await twoSpeakerQuote(t);
    await t.api().post(`/v1/quotes/${quote.id}/retract`).send({ reason: 'Fabricated by the source.' }).expect(200);
    const res = await request(t.app).post('/v1/verify').send({ text: words, speaker: first.name }).expect(200);
    expect(res.body.verdict).not.toBe('accurate');
    expect(res.body.matches.map((m: { quote: { id: number } }) => m.quote.id)).not.toContain(quote.id);
    expect(res.body.withdrawn).toEqual([expect.objectContaining({ quote: expect.objectContaining({ id: quote.id, status: 'retracted' }), relation: 'exact' })]);
    const flag = res.body.flags.find((f: { code: string }) => f.code === 'withdrawn_record');
    expect(flag?.message).toContain('Fabricated by the source.');
    expect(flag?.message).toContain('test editor');
  });
});

describe('the default view of search with many quotes withdrawn', () => {
  const t = useTestApp();

  it('when the newest matches of a word are all retracted, then every order still fills the page with standing quotes, newest first', async () => {
    const speaker = await addSpeaker(t, { name: `Mia ${unique('Holt')}` });
    const word = unique('tariffword');
    const lines = Array.from({ length: 45 }, (_, i) => `item ${i} of the ${word} plan`);
    const text = lines.map((l) => `“${l},” ${speaker.name} said.`).join(' ');
    const doc = await t.api().post('/v1/documents').send({ text, outlet: 'Desk Wire', publishedOn: '2025-03-03' });
    expect(doc.status, JSON.stringify(doc.body)).toBe(201);
    const quoteIds: number[] = [];
    for (const line of lines) {
      const start = text.indexOf(line);
      const res = await t
        .api()
        .post('/v1/quotes')
        .send({ speaker: speaker.slug, text: line, kind: 'direct', evidence: { documentId: doc.body.id, start, end: start + line.length } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      quoteIds.push(res.body.id as number);
    }
    // The 40 newest are withdrawn: more than the window of rows the index is read for a page of 3.
    for (const id of quoteIds.slice(5)) await t.api().post(`/v1/quotes/${id}/retract`).send({ reason: 'The wire withdrew the story.' }).expect(200);
    const standing = quoteIds.slice(0, 5);
    for (const sort of ['relevance', 'date']) {
      const page = await search(t, { q: word, limit: 3, sort });
      expect(page.items, sort).toHaveLength(3);
      expect(page.items.every((h) => standing.includes(h.id)), sort).toBe(true);
    }
    expect(ids(await search(t, { q: word, limit: 10 }))).toEqual(standing);
    // One withdrawn among the newest: the page is filled from the rows after it.
    await t.api().post(`/v1/quotes/${standing[4]}/retract`).send({ reason: 'Misattributed.' }).expect(200);
    expect(ids(await search(t, { q: word, limit: 3, sort: 'date' }))).toEqual(standing.slice(1, 4));
    expect(ids(await search(t, { q: word, limit: 50, status: 'retracted' }))).toEqual(quoteIds.slice(4));
  });
});

describe('corrections of a quote: speaker, kind, date, venue, with history and undo', () => {
  const t = useTestApp();

  it('when an editor moves a quote to a speaker the document names, then search, history and undo follow', async () => {
    const { first, second, quote, words, mention } = await twoSpeakerQuote(t);
    const moved = await t
      .api()
      .patch(`/v1/quotes/${quote.id}`)
      .send({ speaker: { ref: second.slug, mention: mention(second.name) }, reason: 'The transcript gives the words to the second speaker.' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ speaker: { slug: second.slug }, status: 'corrected', statusNote: { changedBy: 'test editor' } });
    expect(moved.body.occurrences[0].speakerMention).toMatchObject({ text: second.name });
    expect(ids(await search(t, { speaker: second.slug }))).toEqual([quote.id]);
    expect(ids(await search(t, { speaker: first.slug }))).toEqual([]);
    expect(ids(await search(t, { q: `"${words}"` }))).toEqual([quote.id]);
    const [change] = (await t.api().get(`/v1/quotes/${quote.id}/history`).expect(200)).body.revisions;
    expect(change).toMatchObject({ action: 'speaker_changed', changes: { speakerId: { before: first.id, after: second.id } } });

    const undo = await t.api().post(`/v1/revisions/${change.id}/undo`).send({ reason: 'The first speaker said it after all.' });
    expect(undo.status, JSON.stringify(undo.body)).toBe(201);
    const back = await request(t.app).get(`/v1/quotes/${quote.id}`).expect(200);
    expect(back.body).toMatchObject({ speaker: { slug: first.slug }, status: 'active' });
    expect(ids(await search(t, { speaker: first.slug }))).toEqual([quote.id]);
    expect(ids(await search(t, { speaker: second.slug }))).toEqual([]);
  });

  it('when the offsets do not name the new speaker, then 422 speaker_not_in_document and nothing changes', async () => {
    const { first, second, quote, text } = await twoSpeakerQuote(t);
    const elsewhere = { start: text.indexOf('spoke'), end: text.indexOf('spoke') + 5 };
    const res = await t.api().patch(`/v1/quotes/${quote.id}`).send({ speaker: { ref: second.slug, mention: elsewhere }, reason: 'Wrong speaker.' });
    expect([res.status, res.body.code]).toEqual([422, 'speaker_not_in_document']);
    const past = await t.api().patch(`/v1/quotes/${quote.id}`).send({ speaker: { ref: second.slug, mention: { start: 0, end: 99_999 } }, reason: 'Wrong speaker.' });
    expect([past.status, past.body.code]).toEqual([422, 'evidence_mismatch']);
    const otherDocument = await t.api().patch(`/v1/quotes/${quote.id}`).send({ speaker: { ref: second.slug, mention: { documentId: 999_999, start: 0, end: 3 } }, reason: 'x' });
    expect([otherDocument.status, otherDocument.body.code]).toEqual([422, 'speaker_not_in_document']);
    const page = await request(t.app).get(`/v1/quotes/${quote.id}`).expect(200);
    expect(page.body).toMatchObject({ speaker: { slug: first.slug }, status: 'active' });
    expect((await t.api().get(`/v1/quotes/${quote.id}/history`).expect(200)).body.revisions).toEqual([]);
  });

  it('when the new speaker already has the same words on record, then 409 speaker_has_same_words names that quote and nothing changes', async () => {
    const { second, quote, words, text, documentId, mention } = await twoSpeakerQuote(t);
    const start = text.indexOf(words);
    const theirs = await t
      .api()
      .post('/v1/quotes')
      .send({ speaker: second.slug, text: words, kind: 'direct', evidence: { documentId, start, end: start + words.length } });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    const res = await t.api().patch(`/v1/quotes/${quote.id}`).send({ speaker: { ref: second.slug, mention: mention(second.name) }, reason: 'Dup.' });
    expect([res.status, res.body.code, res.body.existingId]).toEqual([409, 'speaker_has_same_words', theirs.body.id]);
    expect((await t.api().get(`/v1/quotes/${quote.id}/history`).expect(200)).body.revisions).toEqual([]);
  });

  it('when kind, date and venue are corrected in one request, then it is one revision and an undo of an older one that they touched is refused', async () => {
    const { quote, words } = await twoSpeakerQuote(t);
    await t.api().patch(`/v1/quotes/${quote.id}`).send({ venue: 'a rally', reason: 'First report.' }).expect(200);
    await t.api().patch(`/v1/quotes/${quote.id}`).send({ kind: 'partial', saidOn: '2025-01-30', venue: 'a summit', reason: 'Transcript.' }).expect(200);
    const [latest, first] = (await t.api().get(`/v1/quotes/${quote.id}/history`).expect(200)).body.revisions;
    expect(latest.changes).toEqual({ kind: { before: 'direct', after: 'partial' }, saidOn: { before: null, after: '2025-01-30' }, venue: { before: 'a rally', after: 'a summit' } });
    const refused = await t.api().post(`/v1/revisions/${first.id}/undo`).send({ reason: 'Back.' });
    expect([refused.status, refused.body.code]).toEqual([409, 'revision_superseded']);
    expect(ids(await search(t, { q: `"${words}"`, kind: 'partial', from: '2025-01-30', to: '2025-01-30' }))).toEqual([quote.id]);
  });
});

describe('the review queue', () => {
  const t = useTestApp();

  it('when an attribution is stored below the review threshold, then it waits in the queue, hidden unless asked for, and verify says it is unreviewed', async () => {
    const { first, quote, words, documentId } = await twoSpeakerQuote(t, { confidence: 0.4 });
    expect((await request(t.app).get(`/v1/quotes/${quote.id}`).expect(200)).body).toMatchObject({ status: 'needs_review', occurrences: [{ status: 'needs_review' }] });
    expect(ids(await search(t, { q: `"${words}"` }))).toEqual([]);
    expect(ids(await search(t, { q: `"${words}"`, status: 'needs_review' }))).toEqual([quote.id]);
    const queue = await t.api().get('/v1/review').query({ document: documentId }).expect(200);
    expect(queue.body.queue).toEqual([expect.objectContaining({ occurrenceId: quote.occurrences[0]?.id, confidence: 0.4, quote: expect.objectContaining({ id: quote.id }) })]);
    const verify = await request(t.app).post('/v1/verify').send({ text: words, speaker: first.name }).expect(200);
    expect(verify.body.verdict).toBe('accurate');
    expect(verify.body.flags.map((f: { code: string }) => f.code)).toContain('unreviewed_attribution');
    expect((await t.api('reader').get('/v1/review')).status).toBe(403);
  });

  it('when the queue is read with filters and a cursor, then it comes oldest first, filtered, page by page', async () => {
    const speaker = await addSpeaker(t, { name: `Cy ${unique('Moss')}` });
    const made: number[] = [];
    for (const confidence of [0.3, 0.5, 0.7]) {
      const words = `${unique('w')} queue item`;
      const text = `“${words},” ${speaker.name} said.`;
      const doc = await t.api().post('/v1/documents').send({ text });
      const res = await t.api().post('/v1/quotes').send({ speaker: speaker.slug, text: words, kind: 'direct', evidence: { documentId: doc.body.id, start: 1, end: 1 + words.length, confidence } });
      made.push(res.body.occurrences[0].id as number);
    }
    const page1 = await t.api().get('/v1/review').query({ speaker: speaker.slug, limit: 2 }).expect(200);
    expect(page1.body.queue.map((i: { occurrenceId: number }) => i.occurrenceId)).toEqual(made.slice(0, 2));
    const page2 = await t.api().get('/v1/review').query({ speaker: speaker.slug, limit: 2, cursor: page1.body.nextCursor }).expect(200);
    expect(page2.body.queue.map((i: { occurrenceId: number }) => i.occurrenceId)).toEqual(made.slice(2));
    expect(page2.body.nextCursor).toBeNull();
    const ranged = await t.api().get('/v1/review').query({ speaker: speaker.slug, minConfidence: '0.4', maxConfidence: '0.6' }).expect(200);
    expect(ranged.body.queue.map((i: { occurrenceId: number }) => i.occurrenceId)).toEqual([made[1]]);
    const forged = await t.api().get('/v1/review').query({ speaker: speaker.slug, limit: 2, minConfidence: '0.1', cursor: page1.body.nextCursor });
    expect(forged.body.code).toBe('invalid_cursor');
  });

  it('when an editor accepts, then the quote stands and leaves the queue; accepting again is not_in_review', async () => {
    const { quote, words } = await twoSpeakerQuote(t, { confidence: 0.5 });
    const occurrenceId = quote.occurrences[0]?.id as number;
    const res = await t.api().post(`/v1/review/${occurrenceId}/accept`).send({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.quote).toMatchObject({ status: 'active', occurrences: [{ status: 'active' }] });
    expect(res.body.revision).toMatchObject({ action: 'accepted', reason: 'Accepted in review.' });
    expect(ids(await search(t, { q: `"${words}"` }))).toEqual([quote.id]);
    const again = await t.api().post(`/v1/review/${occurrenceId}/accept`).send({});
    expect([again.status, again.body.code]).toEqual([409, 'not_in_review']);
  });

  it('when an editor fixes the speaker in review, then the quote is filed under them, corrected and accepted in one revision', async () => {
    const { second, quote, mention } = await twoSpeakerQuote(t, { confidence: 0.5 });
    const occurrenceId = quote.occurrences[0]?.id as number;
    const res = await t
      .api()
      .post(`/v1/review/${occurrenceId}/fix`)
      .send({ speaker: { ref: second.slug, mention: mention(second.name) }, kind: 'partial', reason: 'The extractor took the wrong name.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.quote).toMatchObject({ speaker: { slug: second.slug }, kind: 'partial', status: 'corrected', occurrences: [{ status: 'active' }] });
    expect(res.body.revision.action).toBe('fixed');
    expect(ids(await search(t, { speaker: second.slug }))).toEqual([quote.id]);
  });

  it('when an editor rejects, then the quote is rejected, hidden, and the same attribution cannot be stored again', async () => {
    const { first, quote, words, text, documentId } = await twoSpeakerQuote(t, { confidence: 0.5 });
    const occurrenceId = quote.occurrences[0]?.id as number;
    const res = await t.api().post(`/v1/review/${occurrenceId}/reject`).send({ reason: 'Not a quote: a headline.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.quote).toMatchObject({ status: 'rejected', occurrences: [{ status: 'rejected' }] });
    expect(ids(await search(t, { q: `"${words}"`, status: 'all' }))).toEqual([quote.id]);
    expect(ids(await search(t, { q: `"${words}"` }))).toEqual([]);
    const start = text.indexOf(words);
    const again = await t.api().post('/v1/quotes').send({ speaker: first.slug, text: words, kind: 'direct', evidence: { documentId, start, end: start + words.length } });
    expect([again.status, again.body.code, again.body.existingId]).toEqual([409, 'attribution_withdrawn', quote.id]);
    const twice = await t.api().post(`/v1/review/${occurrenceId}/reject`).send({ reason: 'Again.' });
    expect([twice.status, twice.body.code]).toEqual([409, 'already_rejected']);
    expect((await t.api().post('/v1/review/999999999/accept').send({})).status).toBe(404);
  });

  it('when a rejection is undone, then the attribution waits in the queue again and can be stored; restore refuses a rejected quote', async () => {
    const { quote, documentId } = await twoSpeakerQuote(t, { confidence: 0.5 });
    const occurrenceId = quote.occurrences[0]?.id as number;
    const rejected = await t.api().post(`/v1/review/${occurrenceId}/reject`).send({ reason: 'Wrong.' }).expect(200);
    const restore = await t.api().post(`/v1/quotes/${quote.id}/restore`).send({ reason: 'Back.' });
    expect([restore.status, restore.body.code]).toEqual([409, 'status_conflict']);
    await t.api().post(`/v1/revisions/${rejected.body.revision.id}/undo`).send({ reason: 'Rejected by mistake.' }).expect(201);
    expect((await request(t.app).get(`/v1/quotes/${quote.id}`).expect(200)).body).toMatchObject({ status: 'needs_review', occurrences: [{ status: 'needs_review' }] });
    const queue = await t.api().get('/v1/review').query({ document: documentId }).expect(200);
    expect(queue.body.queue.map((i: { occurrenceId: number }) => i.occurrenceId)).toEqual([occurrenceId]);
  });

  it('when a quote waiting for review is retracted, then its evidence leaves the queue', async () => {
    const { quote, documentId } = await twoSpeakerQuote(t, { confidence: 0.5 });
    await t.api().post(`/v1/quotes/${quote.id}/retract`).send({ reason: 'Not news.' }).expect(200);
    expect((await t.api().get('/v1/review').query({ document: documentId }).expect(200)).body.queue).toEqual([]);
  });
});
