import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { evidenceViolations } from './support/evidence-invariant.ts';
import { snapshot } from './support/db-snapshot.ts';
import { personName, unique, useTestApp, type TestApp } from './support/test-app.ts';

/** Stores an article through extraction; its one quote's id and the document's. */
async function ingest(t: TestApp, text: string, outlet: string): Promise<{ quoteId: number; documentId: number; nearDuplicateOf: number | null }> {
  const res = await t.api().post('/v1/documents').send({ text, extract: true, outlet, publishedOn: '2026-03-02' }).expect(201);
  expect(res.body.quotes).toHaveLength(1);
  const [q] = res.body.quotes;
  return { quoteId: q.quoteId, documentId: res.body.document.id, nearDuplicateOf: q.nearDuplicateOf };
}

async function verify(t: TestApp, text: string) {
  return (await request(t.app).post('/v1/verify').send({ text }).expect(200)).body;
}

async function searchIds(t: TestApp, q: string): Promise<number[]> {
  const res = await request(t.app).get('/v1/quotes').query({ q }).expect(200);
  return res.body.items.map((i: { id: number }) => i.id);
}

/** The documents a quote's provenance cites. */
async function citedDocuments(t: TestApp, quoteId: number): Promise<number[]> {
  const res = await request(t.app).get(`/v1/quotes/${quoteId}/provenance`).expect(200);
  return res.body.chains.map((c: { document: { id: number } }) => c.document.id);
}

describe('the evidence invariant: an occurrence only where its document holds the quote’s words', () => {
  const t = useTestApp();

  it('when two papers print one sentence differently ("not" / "now"), then each wording is its own quote with only its own paper as evidence', async () => {
    const a = await ingest(t, `“I will not resign,” Governor Alma Reyesova said on ${unique('day')}.`, 'Paper A');
    const b = await ingest(t, `“I will now resign,” Governor Alma Reyesova said on ${unique('day')}.`, 'Paper B');
    expect(b.quoteId).not.toBe(a.quoteId);
    expect(b.nearDuplicateOf).toBe(a.quoteId);

    expect(await searchIds(t, '"now resign"')).toEqual([b.quoteId]);
    expect(await searchIds(t, '"not resign"')).toEqual([a.quoteId]);

    const onA = await verify(t, 'I will not resign');
    expect(onA).toMatchObject({ verdict: 'accurate', matches: [{ quote: { id: a.quoteId }, provenance: { documents: 1, earliest: { documentId: a.documentId } } }] });
    const onB = await verify(t, 'I will now resign');
    expect(onB).toMatchObject({ verdict: 'accurate', matches: [{ quote: { id: b.quoteId }, provenance: { documents: 1, earliest: { documentId: b.documentId } } }] });

    expect(await citedDocuments(t, a.quoteId)).toEqual([a.documentId]);
    expect(await citedDocuments(t, b.quoteId)).toEqual([b.documentId]);

    const quoteA = await request(t.app).get(`/v1/quotes/${a.quoteId}`).expect(200);
    expect(quoteA.body).toMatchObject({ variantOf: null, variants: [{ id: b.quoteId, text: 'I will now resign' }] });
    expect(quoteA.body.variants[0].diff).toEqual([
      { op: 'equal', text: 'I will' },
      { op: 'removed', text: 'not' },
      { op: 'added', text: 'now' },
      { op: 'equal', text: 'resign' },
    ]);
    const quoteB = await request(t.app).get(`/v1/quotes/${b.quoteId}`).expect(200);
    expect(quoteB.body).toMatchObject({ variantOf: { id: a.quoteId, text: 'I will not resign' }, variants: [] });
    expect(quoteB.body.occurrences.map((o: { document: { id: number } }) => o.document.id)).toEqual([b.documentId]);

    const page = await request(t.app).get(`/quotes/${b.quoteId}`).expect(200);
    expect(page.text).toContain(`<a href="/quotes/${a.quoteId}">quote #${a.quoteId}</a>`);
    expect(page.text).toMatch(/<del>not<\/del> <ins>now<\/ins>/);
    // The invariant checked over SQLite's own tables (the ports' answers above hold on both backends).
    expect(await evidenceViolations(t)).toEqual([]);
  });

  it('when two papers differ only by a number, then verify finds each paper’s figure accurate, citing only that paper', async () => {
    const who = personName();
    const a = await ingest(t, `“Inflation will fall to 3 percent by the end of next year,” ${who.full} said on ${unique('day')}.`, 'Paper A');
    const b = await ingest(t, `“Inflation will fall to 4 percent by the end of next year,” ${who.full} said on ${unique('day')}.`, 'Paper B');
    expect(b).toMatchObject({ nearDuplicateOf: a.quoteId });
    expect(b.quoteId).not.toBe(a.quoteId);

    for (const [words, quote] of [['Inflation will fall to 3 percent by the end of next year', a], ['Inflation will fall to 4 percent by the end of next year', b]] as const) {
      const answer = await verify(t, words);
      expect(answer.verdict, words).toBe('accurate');
      expect(answer.matches[0]).toMatchObject({ quote: { id: quote.quoteId }, provenance: { documents: 1, earliest: { documentId: quote.documentId } } });
      expect(await citedDocuments(t, quote.quoteId)).toEqual([quote.documentId]);
    }
    expect(await searchIds(t, '"4 percent"')).toContain(b.quoteId);
    expect(await searchIds(t, '"4 percent"')).not.toContain(a.quoteId);
  });

  it('when a new wording resembles a variant only, then it is linked to the root of the variants, never to the variant', async () => {
    const who = personName();
    // Each differs from the previous one by one word; the third is too far from the first to resemble it.
    const first = await ingest(t, `“The new bridge over the river will open to traffic early in May,” ${who.full} said.`, 'Paper A');
    const second = await ingest(t, `“The new bridge over the river will open to trucks early in May,” ${who.full} said on ${unique('day')}.`, 'Paper B');
    const third = await ingest(t, `“The new bridge over the river will open to trucks early in June,” ${who.full} said on ${unique('day')}.`, 'Paper C');
    expect(second.nearDuplicateOf).toBe(first.quoteId);
    expect(third.nearDuplicateOf).toBe(first.quoteId);

    const root = await request(t.app).get(`/v1/quotes/${first.quoteId}`).expect(200);
    expect(root.body.variants.map((v: { id: number }) => v.id)).toEqual([second.quoteId, third.quoteId]);
    const variant = await request(t.app).get(`/v1/quotes/${second.quoteId}`).expect(200);
    expect(variant.body).toMatchObject({ variantOf: { id: first.quoteId }, variants: [] });
    // The invariant checked over SQLite's own tables (the ports' answers above hold on both backends).
    expect(await evidenceViolations(t)).toEqual([]);
  });

  it('when an editor files a near-duplicate by hand, then it is its own quote, a variant, and the exact words again are a second occurrence', async () => {
    const speaker = (await t.api().post('/v1/speakers').send({ name: personName().full, kind: 'person' }).expect(201)).body;
    const file = async (words: string, status: number) => {
      const text = `${unique('Intro')}. “${words}” ${speaker.name} said.`;
      const doc = (await t.api().post('/v1/documents').send({ text }).expect(201)).body;
      const start = text.indexOf(words);
      const res = await t
        .api()
        .post('/v1/quotes')
        .send({ speaker: speaker.slug, text: words, kind: 'direct', evidence: { documentId: doc.id, start, end: start + words.length } })
        .expect(status);
      return res.body;
    };
    const original = await file('We have no plans to raise the fuel tax this year.', 201);
    const variant = await file('We have no plan to raise the fuel tax this year.', 201);
    expect(variant).toMatchObject({ variantOf: { id: original.id }, occurrences: [expect.anything()] });
    const again = await file('We have no plans to raise the fuel tax this year.', 200);
    expect(again).toMatchObject({ id: original.id, variants: [{ id: variant.id }] });
    expect(again.occurrences).toHaveLength(2);
  });

  it('when the offsets do not hold the quote’s words, then the write is refused with 422 evidence_mismatch and nothing changes', async () => {
    const speaker = (await t.api().post('/v1/speakers').send({ name: personName().full, kind: 'person' }).expect(201)).body;
    const text = `“I will now resign,” ${speaker.name} said on ${unique('day')}.`;
    const doc = (await t.api().post('/v1/documents').send({ text }).expect(201)).body;
    const before = await snapshot(t);
    const res = await t
      .api()
      .post('/v1/quotes')
      .send({ speaker: speaker.slug, text: 'I will not resign', kind: 'direct', evidence: { documentId: doc.id, start: 1, end: 18 } })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'evidence_mismatch', found: 'I will now resign' });
    expect(await snapshot(t)).toEqual(before);
  });
});
