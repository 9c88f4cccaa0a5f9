import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { snapshot } from './support/db-snapshot.ts';
import { useTestApp, unique } from './support/test-app.ts';

describe('speakers', () => {
  const t = useTestApp({ seed: true });

  it('"Kim" returns the four Kims as candidates, each with affiliations', async () => {
    const res = await request(t.app).get('/v1/speakers').query({ q: 'Kim' }).expect(200);
    const names = res.body.items.map((c: { name: string }) => c.name);
    expect(names[0]).toBe('Kim Jong-un');
    expect(new Set(names)).toEqual(new Set(['Kim Jong-un', 'Kim Yong-nam', 'Kim Jong-il', 'Kim Il-sung']));
    for (const c of res.body.items) expect(c.affiliations.length).toBeGreaterThan(0);
    const yongNam = res.body.items.find((c: { name: string }) => c.name === 'Kim Yong-nam');
    expect(yongNam.affiliations[0]).toMatchObject({ role: 'president of the Presidium', validFrom: '2015', validTo: '2015' });
  });

  it('when a name is searched with titles, then the API finds the same speakers as the name alone (as the speakers page does)', async () => {
    const plain = await request(t.app).get('/v1/speakers').query({ q: 'Kim Jong-un' }).expect(200);
    for (const q of ['Chairman Kim Jong-un', 'Mr. Kim Jong-un', 'Supreme Leader Kim Jong-un']) {
      const titled = await request(t.app).get('/v1/speakers').query({ q }).expect(200);
      expect(titled.body.items.map((c: { id: number }) => c.id), q).toEqual(plain.body.items.map((c: { id: number }) => c.id));
    }
    expect(plain.body.items[0]).toMatchObject({ name: 'Kim Jong-un', score: 1 });
  });

  it('finds a speaker by alias regardless of case and hyphens', async () => {
    const res = await request(t.app).get('/v1/speakers').query({ q: 'kim jong un' }).expect(200);
    expect(res.body.items[0]).toMatchObject({ name: 'Kim Jong-un', score: 1 });
  });

  it('shows Lim Eul-chul with his affiliation timeline and quotes', async () => {
    const res = await request(t.app).get('/v1/speakers/lim-eul-chul').expect(200);
    expect(res.body).toMatchObject({ name: 'Lim Eul-chul', kind: 'person', quoteCount: 4 });
    expect(res.body.aliases).toContain('Lim');
    expect(res.body.affiliations[0]).toMatchObject({
      role: 'professor',
      asStated: 'a professor at Kyungnam University’s Institute for Far Eastern Studies',
    });
    expect(res.body.quotes).toHaveLength(4);
    const byId = await request(t.app).get(`/v1/speakers/${res.body.id}`).expect(200);
    expect(byId.body.slug).toBe('lim-eul-chul');
  });

  it('shows external IDs', async () => {
    const res = await request(t.app).get('/v1/speakers/vladimir-putin').expect(200);
    expect(res.body.externalIds).toEqual([{ scheme: 'wikidata', value: 'Q7747' }]);
  });

  it('creates a speaker with aliases, external IDs and a partial-date affiliation', async () => {
    const name = `Ana ${unique('Speaker')}`;
    const res = await t.api()
      .post('/v1/speakers')
      .send({
        name,
        kind: 'person',
        aliases: [`A. ${name.split(' ')[1]}`],
        externalIds: [{ scheme: 'wikidata', value: `Q${Date.now()}` }],
        affiliations: [{ organization: `Org ${unique()}`, role: 'spokesperson', validFrom: '2019', validTo: '2023-06' }],
      })
      .expect(201);
    expect(res.headers.location).toBe(`/v1/speakers/${res.body.slug}`);
    const got = await request(t.app).get(`/v1/speakers/${res.body.slug}`).expect(200);
    expect(got.body.affiliations[0]).toMatchObject({ role: 'spokesperson', validFrom: '2019', validTo: '2023-06' });
    expect(got.body.currentAffiliations).toEqual([]);
    const found = await request(t.app).get('/v1/speakers').query({ q: name }).expect(200);
    expect(found.body.items[0].id).toBe(res.body.id);
  });

  it('refuses duplicates (409) and bad input (400), leaving the database unchanged', async () => {
    const before = await snapshot(t);
    const dup = await t.api().post('/v1/speakers').send({ name: 'Lim Eul-chul', kind: 'person' }).expect(409);
    expect(dup.body).toMatchObject({ code: 'speaker_exists', existingId: expect.any(Number) });
    const taken = await t.api()
      .post('/v1/speakers')
      .send({ name: `X ${unique()}`, kind: 'person', externalIds: [{ scheme: 'wikidata', value: 'Q7747' }] })
      .expect(409);
    expect(taken.body.code).toBe('external_id_taken');
    const cases: unknown[] = [
      {},
      { name: 42, kind: 'person' },
      { name: 'A', kind: 'robot' },
      { name: 'A', kind: 'person', slug: 'Not A Slug' },
      { name: 'A', kind: 'person', affiliations: [{ organization: 'O', role: 'r', validFrom: '15 May 2020' }] },
      { name: 'A', kind: 'person', affiliations: [{ organization: 'O', role: 'r', validFrom: '2020', validTo: '2019' }] },
      { name: 'A', kind: 'person', isAdmin: true },
      [],
    ];
    for (const body of cases) {
      const res = await t.api().post('/v1/speakers').send(body as object);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await t.api().post('/v1/speakers').send({ name: '   ', kind: 'person' }).expect(422)).body.code).toBe('blank_text');
    const scalar = await t.api().post('/v1/speakers').set('content-type', 'application/json').send('"just a string"').expect(400);
    expect(scalar.body.code).toBe('malformed_json');
    const form = await t.api().post('/v1/speakers').send('name=A&kind=person').expect(415);
    expect(form.body.code).toBe('unsupported_media_type');
    const polluting = await t.api()
      .post('/v1/speakers')
      .set('content-type', 'application/json')
      .send('{"name":"A","kind":"person","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')
      .expect(400);
    expect(polluting.body.code).toBe('validation_failed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const unknownDoc = await t.api()
      .post('/v1/speakers')
      .send({ name: `Y ${unique()}`, kind: 'person', affiliations: [{ organization: 'O', role: 'r', sourceDocumentId: 999999 }] })
      .expect(422);
    expect(unknownDoc.body.code).toBe('unknown_reference');
    expect(await snapshot(t)).toEqual(before);
  });

  it('answers 404 for an unknown speaker', async () => {
    const res = await request(t.app).get('/v1/speakers/no-such-person').expect(404);
    expect(res.body.code).toBe('not_found');
  });
});
