import request from 'supertest';
import { describe, expect, inject, it } from 'vitest';
import { sha256Hex } from '../src/domain/text.ts';
import type { NewSpeaker } from '../src/storage/ports/index.ts';
import { attribution } from './support/ingest-fixtures.ts';
import { personName, unique, useTestApp, type TestApp } from './support/test-app.ts';

/** An article of one direct quote by a new person, stored through extraction; the quote's id and words. */
async function ingestArticle(t: TestApp): Promise<{ quoteId: number; words: string }> {
  const who = personName();
  const words = `The ${unique('harbour')} dredging contract will be signed before the autumn storms arrive`;
  const res = await t.api().post('/v1/documents').send({ text: `“${words},” ${who.full} said on Tuesday.`, extract: true, outlet: 'Backlog Wire' }).expect(201);
  expect(res.body.quotes).toHaveLength(1);
  return { quoteId: res.body.quotes[0].quoteId as number, words };
}

async function verify(t: TestApp, text: string) {
  return (await request(t.app).post('/v1/verify').send({ text }).expect(200)).body;
}

describe.runIf(inject('backend') === 'postgres')('the verify index on PostgreSQL: keys committed with the quotes into a backlog, moved into the GIN index after', () => {
  const t = useTestApp();
  const count = async (sql: string, id: number) => Number((await t.postgres.connections.write.query<{ n: string }>(sql, [id])).rows[0]?.n);
  const inBacklog = (id: number) => count('SELECT count(*) AS n FROM quote_lsh_backlog WHERE quote_id = $1', id);
  const indexed = (id: number) => count('SELECT count(*) AS n FROM quote_lsh_indexed WHERE quote_id = $1', id);

  it('when an article is ingested, then a lightly edited claim finds its quote at once, and its keys end up in the GIN index alone', async () => {
    const { quoteId, words } = await ingestArticle(t);
    const light = await verify(t, words.replace('will be signed', 'would be signed'));
    expect(light).toMatchObject({ tier: 'lsh', verdict: 'altered' });
    expect(light.matches[0].quote.id).toBe(quoteId);
    await expect.poll(() => inBacklog(quoteId), { timeout: 10_000 }).toBe(0);
    expect(await indexed(quoteId)).toBe(1);
  });

  it('when keys are left in the backlog (a stop before the move), then verify finds the quote meanwhile, and reconcile moves them', async () => {
    const { quoteId, words } = await ingestArticle(t);
    await expect.poll(() => inBacklog(quoteId), { timeout: 10_000 }).toBe(0);
    const db = t.postgres.connections.write;
    await db.query(
      `WITH taken AS (DELETE FROM quote_lsh_indexed WHERE quote_id = $1 RETURNING quote_id, version, keys)
       INSERT INTO quote_lsh_backlog SELECT * FROM taken`,
      [quoteId],
    );
    const light = await verify(t, words.replace('will be signed', 'would be signed'));
    expect(light).toMatchObject({ tier: 'lsh', verdict: 'altered' });
    expect(light.matches[0].quote.id).toBe(quoteId);
    expect(await t.repos.writes.reconcileLshIndex()).toEqual({ indexed: 0, removed: 0, complete: true });
    expect([await inBacklog(quoteId), await indexed(quoteId)]).toEqual([0, 1]);
  });

  it('when a quote whose keys are still in the backlog is deleted, then its keys go too', async () => {
    const { quoteId } = await ingestArticle(t);
    await expect.poll(() => inBacklog(quoteId), { timeout: 10_000 }).toBe(0);
    await t.postgres.connections.write.query(
      `WITH taken AS (DELETE FROM quote_lsh_indexed WHERE quote_id = $1 RETURNING quote_id, version, keys)
       INSERT INTO quote_lsh_backlog SELECT * FROM taken`,
      [quoteId],
    );
    expect(await t.repos.writes.deleteQuote(quoteId)).toBe(true);
    expect([await inBacklog(quoteId), await indexed(quoteId)]).toEqual([0, 0]);
  });
});

describe('ingestDocument naming speakers already stored', () => {
  const t = useTestApp();

  /** A document of one quote by `speaker`, through the ingest port (where concurrent calls share a group). */
  function article(speaker: NewSpeaker) {
    const words = `${unique('Canal')} tolls will fall by a third next year`;
    const text = `“${words},” said ${speaker.name}.`;
    return {
      doc: { text, outlet: null, title: null, url: null, publishedOn: '2026-01-05', dateline: null, language: 'en', sha256: sha256Hex(text) },
      attribution: attribution(text, words, speaker.slug, { attributedBy: 'extractor' }),
    };
  }

  it('when stored speakers are named again with new spellings, then each keeps its id, gains the spellings, and their quotes are theirs', async () => {
    const who = [personName(), personName()];
    const stored = await Promise.all(who.map((w) => t.repos.writes.createSpeaker({ slug: unique('sp'), name: w.full, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [] })));
    const named = stored.map((s, i): NewSpeaker => ({ slug: s.slug, name: s.name, kind: 'person', description: null, aliases: [`${(who[i] as { last: string }).last} ${unique('Jr')}`], externalIds: [], affiliations: [] }));
    const docs = named.map((speaker) => ({ speaker, ...article(speaker) }));
    // Together: one group on PostgreSQL.
    const results = await Promise.all(docs.map((d) => t.repos.writes.ingestDocument(d.doc, [d.speaker], [d.attribution])));
    results.forEach((r, i) => {
      expect(r.speakers).toEqual([{ slug: stored[i]?.slug, id: stored[i]?.id, created: false }]);
      expect(r.saved[0]).toMatchObject({ quoteCreated: true });
    });
    for (const [i, s] of stored.entries()) {
      const res = await request(t.app).get(`/v1/speakers/${s.slug}`).expect(200);
      expect(res.body.aliases).toContain(named[i]?.aliases[0]);
      const quote = await request(t.app).get(`/v1/quotes/${results[i]?.saved[0]?.quoteId}`).expect(200);
      expect(quote.body.speaker.id).toBe(s.id);
    }
  });
});
