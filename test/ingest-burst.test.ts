import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import type { NewDocument, PendingAttribution } from '../src/storage/ports/index.ts';
import { article, at, officeTakeover, speaker } from './support/ingest-fixtures.ts';
import { ids, search } from './support/search-fixtures.ts';
import { sqlRows } from './support/sql.ts';
import { useTestApp, unique } from './support/test-app.ts';

/** Concurrent ingests through the real repository share transactions (group commit), on either backend. */
describe('ingestDocument under concurrent load (group commit)', () => {
  const t = useTestApp();

  it('a speaker that takes over an organisation takes its search tag from the former one, in the same group too', async () => {
    const word = unique('link');
    const office = officeTakeover(word, unique);
    await office.storeBefore(t.repos.writes);
    // One group: the former speaker's new quote first, then the article that moves the link (submitted in one
    // turn of the event loop, which both backends' group commits write together).
    const [, last] = await office.writeTogether(t.repos.writes);
    const found = await search(t, { q: word, organization: office.organization.name });
    expect(ids(found)).toEqual([at(last.saved, 0).quoteId]);
  });

  it('stores every document of a burst, each answered with its own ids, the same text twice stored once, all searchable at once', async () => {
    const word = unique('burst');
    const by = speaker(unique('burst-speaker'));
    const articles = Array.from({ length: 20 }, (_, i) => article(word, i, by));
    const calls = [...articles, at(articles, 7)].map((a) => t.repos.writes.ingestDocument(a.doc, [by], a.attributions));
    const results = await Promise.all(calls);

    expect(results.filter((r) => r.created)).toHaveLength(20);
    const twice = at(results, 20);
    expect(twice).toMatchObject({ created: false, saved: [] });
    expect(twice.document.id).toBe(at(results, 7).document.id);
    expect(new Set(results.slice(0, 20).map((r) => r.document.id)).size).toBe(20);
    const quoteIds = results.slice(0, 20).map((r) => at(r.saved, 0).quoteId);
    expect(new Set(quoteIds).size).toBe(20);
    // Every quote is in the search index with its filters, and points at its own document.
    const found = await search(t, { q: `${word} group commit`, outlet: 'Group Wire', limit: 50 });
    expect(ids(found).sort((a, b) => a - b)).toEqual([...quoteIds].sort((a, b) => a - b));
    for (const [i, r] of results.slice(0, 20).entries()) {
      const quote = await t.api().get(`/v1/quotes/${at(r.saved, 0).quoteId}`).expect(200);
      expect(quote.body.text).toBe(`${word} group commit statement ${i}`);
      expect(quote.body.occurrences.map((o: { document: { id: number } }) => o.document.id)).toEqual([r.document.id]);
    }
    // One speaker, created once although twenty concurrent articles named it.
    expect(results.filter((r) => r.speakers[0]?.created === true)).toHaveLength(1);
    expect(new Set(results.slice(0, 20).map((r) => at(r.speakers, 0).id)).size).toBe(1);
  });

  it('files a quote under its earliest publication when copies of it arrive in the same burst', async () => {
    const word = unique('copies');
    const by = speaker(unique('copied'));
    const words = `${word} wire copy statement`;
    const copy = (publishedOn: string, outlet: string): { doc: NewDocument; attributions: PendingAttribution[] } => {
      const base = article(word, 0, by);
      const text = `${outlet}: ${by.name} said: “${words}.”`;
      const start = text.indexOf(words);
      const normalizedText = normalizeQuoteText(words);
      const attribution = { ...at(base.attributions, 0), text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), start, end: start + words.length };
      return { doc: { ...base.doc, outlet, text, sha256: sha256Hex(text), publishedOn }, attributions: [attribution] };
    };
    // The later copy first: its date is the one the new quote is inserted with.
    const copies = [copy('2023-05-20', 'Late Wire'), copy('2023-05-02', 'Early Wire'), copy('2023-05-11', 'Mid Wire')];
    const results = await Promise.all(copies.map((c) => t.repos.writes.ingestDocument(c.doc, [by], c.attributions)));

    const quoteIds = new Set(results.map((r) => at(r.saved, 0).quoteId));
    expect(quoteIds.size).toBe(1);
    expect(results.map((r) => at(r.saved, 0).quoteCreated)).toEqual([true, false, false]);
    const [id] = [...quoteIds];
    const quote = await t.api().get(`/v1/quotes/${String(id)}`).expect(200);
    expect(quote.body.asOf).toBe('2023-05-02');
    // The search index files it under that date too, with all three outlets.
    expect(ids(await search(t, { q: words, from: '2023-05-01', to: '2023-05-03' }))).toEqual([id]);
    expect(ids(await search(t, { q: words, from: '2023-05-15' }))).toEqual([]);
    for (const outlet of ['Late Wire', 'Early Wire', 'Mid Wire']) expect(ids(await search(t, { q: words, outlet }))).toEqual([id]);
  });

  it('a speaker seen before is not written again, but what a later article adds to it is', async () => {
    const word = unique('again');
    const first = speaker(unique('again-speaker'));
    const [a, b, c] = [0, 1, 2].map((i) => article(word, i, first)) as [ReturnType<typeof article>, ReturnType<typeof article>, ReturnType<typeof article>];
    const one = await t.repos.writes.ingestDocument(a.doc, [first], a.attributions);
    const two = await t.repos.writes.ingestDocument(b.doc, [first], b.attributions);
    const withAlias = { ...first, aliases: [`Alias ${word}`] };
    const three = await t.repos.writes.ingestDocument(c.doc, [withAlias], c.attributions);
    expect([one, two, three].map((r) => at(r.speakers, 0).created)).toEqual([true, false, false]);
    expect(new Set([one, two, three].map((r) => at(r.speakers, 0).id)).size).toBe(1);
    const aliases = (await request(t.app).get(`/v1/speakers/${at(one.speakers, 0).id}`).expect(200)).body.aliases as string[];
    expect(aliases).toEqual([`Alias ${word}`]);
  });

  it('an article quoting the same words at the same place twice records one occurrence', async () => {
    const word = unique('twice');
    const by = speaker(unique('twice-speaker'));
    const a = article(word, 0, by);
    const once = at(a.attributions, 0);
    const result = await t.repos.writes.ingestDocument(a.doc, [by], [once, { ...once }]);
    expect(result.saved.map((s) => [s.quoteCreated, s.occurrenceCreated])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(at(result.saved, 1).occurrenceId).toBe(at(result.saved, 0).occurrenceId);
  });

  it('a speaker linked to an organisation takes the link back when an article names it again', async () => {
    const word = unique('link');
    const org = { name: `Link Org ${word}`, kind: 'government' };
    const first = { ...speaker(unique('first')), organization: org };
    const second = { ...speaker(unique('second')), organization: org };
    const linked = async () =>
      (await sqlRows<{ id: number }>(t, { sqlite: 'SELECT speakerId AS id FROM Organization WHERE name = ?', postgres: 'SELECT speaker_id AS id FROM organization WHERE name = $1' }, [org.name]))[0]?.id;
    const [a, b, c] = [0, 1, 2].map((i) => article(word, i, i === 1 ? second : first)) as [ReturnType<typeof article>, ReturnType<typeof article>, ReturnType<typeof article>];
    const one = await t.repos.writes.ingestDocument(a.doc, [first], a.attributions);
    expect(await linked()).toBe(at(one.speakers, 0).id);
    const two = await t.repos.writes.ingestDocument(b.doc, [second], b.attributions);
    expect(await linked()).toBe(at(two.speakers, 0).id);
    await t.repos.writes.ingestDocument(c.doc, [first], c.attributions);
    expect(await linked()).toBe(at(one.speakers, 0).id);
  });

  it('one invalid article in a burst fails alone with its own error; the others are stored', async () => {
    const word = unique('isolate');
    const owner = speaker(unique('owner'), [{ scheme: 'wikidata', value: unique('Q') }]);
    await t.repos.writes.upsertSpeaker(owner);
    const good = speaker(unique('good'));
    // Claims the owner's external id: refused, and must not take the rest of its group down with it.
    const thief = speaker(unique('thief'), owner.externalIds);
    const cast = [good, good, thief, good, good];
    const articles = cast.map((by, i) => article(word, i, by));
    const settled = await Promise.allSettled(articles.map((a, i) => t.repos.writes.ingestDocument(a.doc, [at(cast, i)], a.attributions)));

    const failed = at(settled, 2);
    expect(failed.status).toBe('rejected');
    expect(failed.status === 'rejected' && failed.reason instanceof AppError ? failed.reason.code : null).toBe('external_id_taken');
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(4);
    const found = await search(t, { q: `${word} group commit`, limit: 50 });
    expect(found.items).toHaveLength(4);
    expect(await t.repos.documents.findBySha256(at(articles, 2).doc.sha256)).toBeNull();
    expect(await t.api().get(`/v1/speakers/${thief.slug}`)).toHaveProperty('status', 404);
  });

  it('when many callers at once store articles naming the same new speakers in different orders, then every article is stored', async () => {
    // Concurrent transactions creating the same rows in opposite orders deadlock on PostgreSQL: the victim is run again.
    const word = unique('order');
    const cast = Array.from({ length: 8 }, () => speaker(unique('cast')));
    // Runs of 16 articles (a group of writes on PostgreSQL) in one order, then the other: concurrent groups meet them in opposite orders.
    const articles = Array.from({ length: 48 }, (_, i) => {
      const names = Math.floor(i / 16) % 2 === 0 ? cast : [...cast].reverse();
      const by = at(names, i % 8);
      const a = article(word, i, by);
      return { ...a, names };
    });
    const settled = await Promise.allSettled(articles.map((a) => t.repos.writes.ingestDocument(a.doc, a.names, a.attributions)));
    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    expect(ids(await search(t, { q: `${word} group commit`, limit: 50 }))).toHaveLength(48);
  });
});
