import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SEED_DIRECTORY } from '../src/bootstrap.ts';
import { personName, useTestApp, unique } from './support/test-app.ts';

const seedText = readFileSync(path.join(SEED_DIRECTORY, 'seoul-2025-05-08-victory-day.txt'), 'utf8');

describe('POST /v1/extract (dry run)', () => {
  const t = useTestApp({ seed: true });

  it('finds the quotes of the seed article and matches their speakers to stored ones, writing nothing', async () => {
    const before = await t.repos.quotes.maxId();
    const res = await t.api().post('/v1/extract').send({ text: seedText, publishedOn: '2025-05-08' }).expect(200);
    expect(res.body.quotes.length).toBeGreaterThanOrEqual(15);
    const hong = res.body.quotes.find((q: { speaker: { name: string } }) => q.speaker.name === 'Hong Min');
    expect(hong).toMatchObject({ kind: 'direct', cue: { text: 'explained' } });
    expect(seedText.slice(hong.start, hong.end)).toBe(hong.text);
    // "…,” according to Russia’s state-run news agency TASS": TASS passed Ushakov's words on; it is a relay, not a speaker.
    const ushakov = res.body.quotes.find((q: { start: number }) => q.start === 605);
    expect(ushakov).toMatchObject({ kind: 'direct', speaker: { name: 'Yury Ushakov' }, relays: [{ name: 'TASS' }] });
    expect(res.body.speakers.map((s: { name: string }) => s.name)).not.toContain('TASS');
    const lim = res.body.speakers.find((s: { name: string }) => s.name === 'Lim Eul-chul');
    expect(lim.existing).toMatchObject({ slug: 'lim-eul-chul' });
    expect(await t.repos.quotes.maxId()).toBe(before);
  });

  it('marks a new speaker as not stored yet', async () => {
    const who = personName();
    const res = await t.api()
      .post('/v1/extract')
      .send({ text: `“The bridge will reopen in May,” said ${who.full}, a spokesperson for the city.` })
      .expect(200);
    expect(res.body.quotes).toHaveLength(1);
    expect(res.body.speakers[0]).toMatchObject({ name: who.full, existing: null });
  });

  it('warns when the language is not English', async () => {
    const res = await t.api().post('/v1/extract').send({ text: '«Bonjour», a dit Marie.', language: 'fr' }).expect(200);
    expect(res.body.warnings).toHaveLength(1);
  });

  it.each([
    [{}, 'body.text'],
    [{ text: 'x', extra: 1 }, 'body'],
    [{ text: 'x', publishedOn: '2025-02-30' }, 'body.publishedOn'],
    [{ text: 'x', language: 'English' }, 'body.language'],
  ])('answers bad input %j with a problem+json 400', async (body, pathPrefix) => {
    const res = await t.api().post('/v1/extract').send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.issues[0].path.startsWith(pathPrefix)).toBe(true);
  });
});

describe('POST /v1/extract with a blank text', () => {
  const t = useTestApp();

  it('when the text is only spaces, then it answers 422 blank_text', async () => {
    const res = await t.api().post('/v1/extract').send({ text: '   ' }).expect(422);
    expect(res.body.code).toBe('blank_text');
    expect(res.body.issues[0].path).toBe('body.text');
  });
});

describe('POST /v1/documents with extract: true', () => {
  const t = useTestApp({ seed: true });

  it('stores the document, a new speaker with affiliation, and the quotes; a re-post changes nothing and says so', async () => {
    const who = personName();
    const text =
      `${who.full}, a professor at the ${who.last} Institute of Studies, said the ${unique('plan')} would fail.\n` +
      `“Nobody has read the fine print,” ${who.last} said.`;
    const first = await t.api().post('/v1/documents').send({ text, extract: true, outlet: 'Test Wire' }).expect(201);
    expect(first.headers.location).toBe(`/v1/documents/${first.body.document.id}`);
    expect(first.body).toMatchObject({ created: true, counts: { quotes: 2, quotesCreated: 2, occurrencesCreated: 2, speakersCreated: 1 } });
    const direct = first.body.quotes.find((q: { kind: string }) => q.kind === 'direct');
    expect(direct.speaker.name).toBe(who.full);

    const quote = await request(t.app).get(`/v1/quotes/${direct.quoteId}`).expect(200);
    expect(quote.body.occurrences[0]).toMatchObject({ attributedBy: 'extractor', speakerMention: { text: who.last } });
    const speaker = await request(t.app).get(`/v1/speakers/${direct.speaker.slug}`).expect(200);
    expect(speaker.body.affiliations[0]).toMatchObject({ role: 'professor', sourceDocumentId: first.body.document.id });

    const maxId = await t.repos.quotes.maxId();
    const again = await t.api().post('/v1/documents').send({ text, extract: true }).expect(200);
    expect(again.body).toMatchObject({ created: false, document: { id: first.body.document.id }, counts: { quotes: 0 } });
    expect(await t.repos.quotes.maxId()).toBe(maxId);
  });

  it('when the words are a stored quote of the speaker, then they get a new occurrence; when they only nearly are, then a quote of their own linked as its variant', async () => {
    const exact = `“I’ve named all the countries participating,” Yury Ushakov said in ${unique('Town')}.`;
    const res = await t.api().post('/v1/documents').send({ text: exact, extract: true }).expect(201);
    expect(res.body.quotes[0]).toMatchObject({ quoteCreated: false, speaker: { slug: 'yury-ushakov' }, nearDuplicateOf: null });
    expect(res.body.counts).toMatchObject({ quotesCreated: 0, occurrencesCreated: 1, speakersCreated: 0 });

    const near = `“I have named all the countries participating,” Ushakov told reporters on ${unique('day')}.`;
    const res2 = await t.api().post('/v1/documents').send({ text: near, extract: true }).expect(201);
    expect(res2.body.quotes[0]).toMatchObject({ quoteCreated: true, nearDuplicateOf: res.body.quotes[0].quoteId });
    expect(res2.body.quotes[0].quoteId).not.toBe(res.body.quotes[0].quoteId);
    const variant = await request(t.app).get(`/v1/quotes/${res2.body.quotes[0].quoteId}`).expect(200);
    expect(variant.body).toMatchObject({ text: 'I have named all the countries participating', variantOf: { id: res.body.quotes[0].quoteId }, variants: [] });
  });

  it('still refuses a duplicate text with 409 when extract is not asked for', async () => {
    const text = `A plain note ${unique()}.`;
    await t.api().post('/v1/documents').send({ text }).expect(201);
    const res = await t.api().post('/v1/documents').send({ text }).expect(409);
    expect(res.body.code).toBe('document_exists');
  });

  it('rejects a non-boolean extract flag with 400', async () => {
    const res = await t.api().post('/v1/documents').send({ text: 'x', extract: 'yes' }).expect(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
