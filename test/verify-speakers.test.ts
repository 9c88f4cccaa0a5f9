import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

interface Flag {
  code: string;
  message: string;
}

const codes = (body: { flags: Flag[] }) => body.flags.map((f) => f.code);

const AMBASSADORIAL = 'North Korea will be represented at the ambassadorial level';
const KREMLIN_NOT_ATTEND = 'North Korean leader Kim Jong-un and his troops will not attend Russia’s May 9 Victory Day celebrations';

describe('POST /v1/verify: whatever name the claim gives, severity and contradictions (seed article)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  const verify = async (text: string, speaker?: string) =>
    (await request(t.app).post('/v1/verify').send({ text, ...(speaker === undefined ? {} : { speaker }) }).expect(200)).body;

  it('when the claim gives a name nobody is known by, then the words are checked against everyone and the record\'s speaker is named', async () => {
    const body = await verify(AMBASSADORIAL, 'Dmitry Peskov');
    expect(body.verdict).toBe('misattributed');
    expect(body.matches[0].quote.speaker.slug).toBe('yury-ushakov');
    expect(body.claim.speaker).toMatchObject({ match: 'unknown', resolved: [] });
    expect(body.explanation).toContain('Yury Ushakov');
    expect(codes(body)).toEqual(expect.arrayContaining(['speaker_unknown', 'different_speaker']));
  });

  it('when a fabricated claim names an unknown speaker, then it is not_found with the closest names', async () => {
    const body = await verify('The parade will be cancelled because of the weather in Moscow', 'Yuri Ushakof');
    expect(body.verdict).toBe('not_found');
    expect(body.claim.speaker.closest.map((c: { slug: string }) => c.slug)).toContain('yury-ushakov');
  });

  it.each([
    ['Presidential aide Yury Ushakov', 'alias'],
    ['Mr. Ushakov', 'alias'],
    ['Russian presidential aide Yuri Ushakov', 'alias'],
    ['Yury V. Ushakov', 'alias'],
  ])('when the claim names "%s", then titles and initials are set aside and the words are his', async (name, match) => {
    const body = await verify(AMBASSADORIAL, name);
    expect(body.verdict).toBe('accurate');
    expect(body.claim.speaker.match).toBe(match);
    expect(body.claim.speaker.resolved.map((s: { slug: string }) => s.slug)).toEqual(['yury-ushakov']);
  });

  it('when the name is a leading article and an organisation ("The South Korean Unification Ministry"), then the organisation is found', async () => {
    const body = await verify('has never attended a multilateral event', 'The South Korean Unification Ministry');
    expect(body.claim.speaker.resolved.map((s: { slug: string }) => s.slug)).toEqual(['unification-ministry']);
    expect(body.verdict).not.toBe('misattributed');
  });

  it('when the name is a surname several people share ("Kim"), then every one of them is checked and listed with affiliations', async () => {
    const body = await verify('major tank factory', 'Kim');
    expect(body.claim.speaker.match).toBe('ambiguous');
    const slugs = body.claim.speaker.resolved.map((s: { slug: string }) => s.slug);
    expect(slugs).toEqual(expect.arrayContaining(['kim-jong-un', 'kim-jong-il', 'kim-il-sung', 'kim-yong-nam']));
    const kimJongUn = body.claim.speaker.resolved.find((s: { slug: string }) => s.slug === 'kim-jong-un');
    expect(kimJongUn.affiliations[0].organization.name).toBe('North Korea');
    expect(codes(body)).toEqual(expect.arrayContaining(['speaker_ambiguous', 'about_not_by']));
    expect(body.verdict).toBe('misattributed');
  });

  it("when the claim names the Kremlin and the words are its aide's, then they are found and the answer says whose they are", async () => {
    const body = await verify(AMBASSADORIAL, 'the Kremlin');
    expect(body.verdict).toBe('accurate');
    expect(body.matches[0].speakerRelation).toBe('related');
    expect(codes(body)).toContain('related_speaker');
    expect(body.explanation).toContain('Yury Ushakov');
    expect(body.claim.speaker.related.map((r: { speaker: { slug: string }; relation: string }) => [r.speaker.slug, r.relation])).toContainEqual([
      'yury-ushakov',
      'member',
    ]);
  });

  it("when the claim names the aide and the words are the Kremlin's, then they are found too (the other way round)", async () => {
    const body = await verify(KREMLIN_NOT_ATTEND, 'Ushakov');
    expect(body.verdict).toBe('paraphrase');
    expect(body.matches[0].quote.speaker.slug).toBe('kremlin');
    expect(body.matches[0].speakerRelation).toBe('related');
  });

  it('when only a contraction differs ("I have" for "I’ve"), then the claim is accurate with a cosmetic note', async () => {
    const body = await verify('I have named all the countries participating', 'Ushakov');
    expect(body.verdict).toBe('accurate');
    expect(body.severity).toBe('cosmetic');
    expect(body.matches[0].differences).toEqual([{ severity: 'cosmetic', kind: 'contraction', stored: ["I've"], claimed: ['I have'] }]);
    expect(codes(body)).toContain('cosmetic_differences');
    expect(body.explanation).toMatch(/form differs/);
  });

  it('when the claim gives the invented "Kim Jong Un will attend" to Ushakov, then the swapped subject leads and the record\'s opposite is shown', async () => {
    const body = await verify('Kim Jong Un will attend the Victory Day parade in Moscow', 'Ushakov');
    expect(body.verdict).not.toBe('accurate');
    expect(body.severity).toBe('meaningful');
    expect(codes(body)).toContain('subject_changed');
    expect(body.matches[0].differences[0]).toMatchObject({ severity: 'meaningful' });
    expect(body.opposite).toMatchObject({ quote: { speaker: { slug: 'kremlin' } }, speakerRelation: 'related' });
    expect(body.opposite.quote.text).toContain('will not attend');
    expect(codes(body)).toContain('record_says_opposite');
  });

  it("when the claim says nearly what the aide's own office said, then it is not not_found: the office's record is shown", async () => {
    const body = await verify('Kim Jong-un will not attend the Victory Day celebrations', 'Ushakov');
    expect(body.verdict).toBe('paraphrase');
    expect(body.matches[0].quote.speaker.slug).toBe('kremlin');
    expect(body.opposite).toBeNull();
  });

  it('when the claim changes will to may, then the modality change is meaningful and the claim is altered', async () => {
    const body = await verify('North Korea may be represented at the ambassadorial level', 'Ushakov');
    expect(body.verdict).toBe('altered');
    expect(codes(body)).toContain('modality_changed');
    expect(body.matches[0].differences.map((d: { kind: string }) => d.kind)).toContain('modality');
  });

  it('when the claim changes the tense, then it is altered with a tense change', async () => {
    const body = await verify('North Korea was represented at the ambassadorial level', 'Ushakov');
    expect(body.verdict).toBe('altered');
    expect(codes(body)).toContain('tense_changed');
  });
});

describe('POST /v1/verify: surnames and honorifics on speakers of their own', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when a claim says "Mr. <surname>" and one person has it, then it is that person; when two have it, both are checked', async () => {
    const surname = unique('Shieldz');
    const mark = await addSpeaker(t, { name: `Mark ${surname}`, affiliations: [{ organization: 'PBS NewsHour', role: 'commentator' }] });
    const text = `The ${unique('zq')} debate was a turning point for both campaigns`;
    await addQuote(t, { speaker: mark.slug, text });
    const one = (await request(t.app).post('/v1/verify').send({ text, speaker: `Mr. ${surname}` }).expect(200)).body;
    expect(one.verdict).toBe('accurate');
    expect(one.claim.speaker).toMatchObject({ match: 'surname', name: surname, titles: ['Mr.'] });

    await addSpeaker(t, { name: `Brooke ${surname}` });
    const two = (await request(t.app).post('/v1/verify').send({ text, speaker: `Mrs. ${surname}` }).expect(200)).body;
    expect(two.verdict).toBe('accurate');
    expect(two.claim.speaker.match).toBe('ambiguous');
    expect(two.claim.speaker.resolved).toHaveLength(2);
    expect(two.claim.speaker.resolved.find((s: { slug: string }) => s.slug === mark.slug).affiliations[0].organization.name).toBe('PBS NewsHour');
  });

  it('when only British spelling and a filler differ, then the claim is accurate and the note lists them', async () => {
    const speaker = await addSpeaker(t);
    const text = `We will organise the defence of the ${unique('zq')} harbour, um, before the winter`;
    await addQuote(t, { speaker: speaker.slug, text });
    const claim = text.replace('organise', 'organize').replace('defence', 'defense').replace('harbour', 'harbor').replace(', um,', '');
    const body = (await request(t.app).post('/v1/verify').send({ text: claim, speaker: speaker.name }).expect(200)).body;
    expect(body.verdict).toBe('accurate');
    expect(body.severity).toBe('cosmetic');
    const kinds = body.matches[0].differences.map((d: { kind: string; severity: string }) => `${d.severity}:${d.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['cosmetic:spelling', 'cosmetic:filler']));
    expect(kinds.every((k: string) => k.startsWith('cosmetic:'))).toBe(true);
  });

  it('when a claim says "Fed Chair Janet L. Yellen" and she is stored as "Janet Yellen", then the words are hers', async () => {
    const name = `Janet ${unique('Yelln')}`;
    const janet = await addSpeaker(t, { name });
    const text = `Inflation in ${unique('zq')} will return to two percent over the medium term`;
    await addQuote(t, { speaker: janet.slug, text });
    const [first, last] = name.split(' ');
    const body = (await request(t.app).post('/v1/verify').send({ text, speaker: `Fed Chair ${first} L. ${last}` }).expect(200)).body;
    expect(body.verdict).toBe('accurate');
    expect(body.claim.speaker.resolved.map((s: { slug: string }) => s.slug)).toEqual([janet.slug]);
  });
});
