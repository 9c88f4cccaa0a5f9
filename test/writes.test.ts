import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { snapshot } from './support/db-snapshot.ts';
import { useTestApp, unique } from './support/test-app.ts';

describe('manual entry: documents and quotes', () => {
  const t = useTestApp({ seed: true, config: { maxBodyBytes: 64 * 1024 } });

  async function newDocument(text: string): Promise<number> {
    const res = await t.api().post('/v1/documents').send({ text, outlet: 'Test Wire', publishedOn: '2025-06-01' }).expect(201);
    return res.body.id as number;
  }

  it('stores a document once: the same text again is a 409 pointing at it', async () => {
    const text = `Officials met on Monday. ${unique()}`;
    const res = await t.api().post('/v1/documents').send({ text, title: 'A meeting', url: 'https://example.org/a' }).expect(201);
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.location).toBe(`/v1/documents/${res.body.id}`);
    const again = await t.api().post('/v1/documents').send({ text }).expect(409);
    expect(again.body).toMatchObject({ code: 'document_exists', existingId: res.body.id });
    const got = await request(t.app).get(`/v1/documents/${res.body.id}`).expect(200);
    expect(got.body.text).toBe(text);
  });

  it('records a quote whose evidence really contains it, and finds it at once', async () => {
    const words = `We will rebuild the bridge by ${unique('spring')}`;
    const text = `The minister, Hong Min, said: “${words}.”`;
    const documentId = await newDocument(text);
    const start = text.indexOf(words);
    const res = await t.api()
      .post('/v1/quotes')
      .send({
        speaker: 'Hong',
        text: words,
        kind: 'direct',
        venue: 'press conference',
        evidence: {
          documentId,
          start,
          end: start + words.length,
          cue: { start: text.indexOf('said'), end: text.indexOf('said') + 4 },
          speakerMention: { start: text.indexOf('Hong Min'), end: text.indexOf('Hong Min') + 8 },
          relays: [{ name: 'Test Wire', organizationKind: 'news agency' }],
        },
      })
      .expect(201);
    expect(res.body).toMatchObject({ text: words, kind: 'direct', speaker: { name: 'Hong Min' }, venue: 'press conference' });
    expect(res.body.occurrences[0]).toMatchObject({ attributedBy: 'manual', cue: { text: 'said' }, speakerMention: { text: 'Hong Min' } });
    expect(res.body.asOf).toBe('2025-06-01');
    const found = await request(t.app).get('/v1/quotes').query({ q: `"${words.split(' ').slice(-1)[0]}"` }).expect(200);
    expect(found.body.items.map((i: { id: number }) => i.id)).toEqual([res.body.id]);
  });

  it('adds a second occurrence to a known quote instead of a new quote', async () => {
    const words = `Prices will fall in ${unique('autumn')}`;
    const first = await newDocument(`“${words},” Lim said.`);
    const second = await newDocument(`Lim repeated that “${words}” on Tuesday.`);
    const a = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'lim-eul-chul', text: words, kind: 'direct', evidence: { documentId: first, start: 1, end: 1 + words.length } })
      .expect(201);
    const start = `Lim repeated that “`.length;
    const b = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'Lim', text: words, kind: 'direct', evidence: { documentId: second, start, end: start + words.length } })
      .expect(200);
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.occurrences).toHaveLength(2);
    const dup = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'Lim', text: words, kind: 'direct', evidence: { documentId: second, start, end: start + words.length } })
      .expect(409);
    expect(dup.body.code).toBe('occurrence_exists');
  });

  it('rejects a quote without real evidence with 422 and says why, writing nothing', async () => {
    const text = `Nothing was decided, the ministry said. ${unique()}`;
    const documentId = await newDocument(text);
    const before = await snapshot(t);
    const wrongOffsets = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'unification-ministry', text: 'Nothing was decided', kind: 'indirect', evidence: { documentId, start: 5, end: 24 } })
      .expect(422);
    expect(wrongOffsets.body).toMatchObject({ code: 'evidence_mismatch', suggestedStart: 0 });
    expect(wrongOffsets.body.detail).toContain('0–19');
    const notInDocument = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'unification-ministry', text: 'Everything was decided', kind: 'indirect', evidence: { documentId, start: 0, end: 22 } })
      .expect(422);
    expect(notInDocument.body.detail).toContain('nor anywhere else');
    const pastEnd = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'unification-ministry', text: 'Nothing', kind: 'indirect', evidence: { documentId, start: 0, end: 9_999_999 } })
      .expect(422);
    expect(pastEnd.body.code).toBe('evidence_mismatch');
    const noDocument = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'unification-ministry', text: 'Nothing', kind: 'indirect', evidence: { documentId: 9_999_999, start: 0, end: 7 } })
      .expect(422);
    expect(noDocument.body.code).toBe('unknown_reference');
    const unknownSpeaker = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'Lim Eul Chol', text: 'Nothing was decided', kind: 'indirect', evidence: { documentId, start: 0, end: 19 } })
      .expect(422);
    expect(unknownSpeaker.body.code).toBe('unknown_reference');
    const badCue = await t.api()
      .post('/v1/quotes')
      .send({
        speaker: 'unification-ministry',
        text: 'Nothing was decided',
        kind: 'indirect',
        evidence: { documentId, start: 0, end: 19, cue: { start: 50, end: 40 } },
      })
      .expect(422);
    expect(badCue.body.detail).toContain('cue');
    const noEvidence = await t.api()
      .post('/v1/quotes')
      .send({ speaker: 'unification-ministry', text: 'Nothing was decided', kind: 'indirect' })
      .expect(400);
    expect(noEvidence.body.issues[0].path).toBe('body.evidence');
    expect(await snapshot(t)).toEqual(before);
  });

  it('answers wrong types with 400, non-JSON with 415 and oversized bodies with 413', async () => {
    const before = await snapshot(t);
    const wrongType = await t.api().post('/v1/documents').send({ text: 123 }).expect(400);
    expect(wrongType.body).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(wrongType.body.issues[0]).toMatchObject({ path: 'body.text' });
    await t.api().post('/v1/documents').send({ text: 'x', publishedOn: '2025-13-01' }).expect(400);
    await t.api().post('/v1/documents').send({ text: 'x', url: 'javascript:alert(1)' }).expect(400);
    await t.api().post('/v1/documents').send({ text: 'bad \uD800 surrogate' }).expect(400);
    const notJson = await t.api().post('/v1/documents').set('content-type', 'text/plain').send('hello').expect(415);
    expect(notJson.body.code).toBe('unsupported_media_type');
    const broken = await t.api().post('/v1/documents').set('content-type', 'application/json').send('{"text": ').expect(400);
    expect(broken.body.code).toBe('malformed_json');
    const huge = await t.api().post('/v1/documents').send({ text: 'x'.repeat(70 * 1024) }).expect(413);
    expect(huge.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(huge.body.code).toBe('payload_too_large');
    expect(await snapshot(t)).toEqual(before);
  });
});
