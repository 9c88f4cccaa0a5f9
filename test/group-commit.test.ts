import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { lshIndexPath } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/storage/sqlite/group-commit.ts';
import { WriteLock } from '../src/storage/sqlite/write-lock.ts';
import { AppError } from '../src/domain/errors.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import type { NewDocument, NewSpeaker, PendingAttribution } from '../src/storage/ports/index.ts';
import { ids, search } from './support/search-fixtures.ts';
import { createTestApp, useTestApp, unique } from './support/test-app.ts';

/** The element at `i`, which the test knows is there. */
function at<T>(list: readonly T[], i: number): T {
  const value = list[i];
  if (value === undefined) throw new Error(`no element ${i}`);
  return value;
}

/** Takes the lock until `release` is called; resolves once the lock is held. */
async function holdLock(lock: WriteLock): Promise<{ release: () => void; done: Promise<void> }> {
  let release = (): void => undefined;
  let held = (): void => undefined;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const done = lock.run(
    () =>
      new Promise<void>((resolve) => {
        release = resolve;
        held();
      }),
  );
  await holding;
  return { release, done };
}

describe('GroupCommit', () => {
  /** Records the groups it is asked to write; an item "bad" fails its group and fails alone. */
  function recorder(lock: WriteLock) {
    const groups: string[][] = [];
    const singles: string[] = [];
    const commit = new GroupCommit<string, string>(
      lock,
      (items) => {
        groups.push([...items]);
        if (items.includes('bad')) throw new Error('group rolled back');
        return items.map((i) => i.toUpperCase());
      },
      (item) => {
        singles.push(item);
        if (item === 'bad') throw new Error('bad item');
        return item.toUpperCase();
      },
      3,
    );
    return { commit, groups, singles };
  }

  it('writes a lone item at once, alone, and groups the items that queued behind a running write', async () => {
    const lock = new WriteLock();
    const { commit, groups, singles } = recorder(lock);
    await expect(commit.submit('a')).resolves.toBe('A');
    expect(singles).toEqual(['a']);

    const busy = await holdLock(lock);
    const queued = ['b', 'c', 'd', 'e', 'f'].map((item) => commit.submit(item));
    busy.release();
    await busy.done;
    await expect(Promise.all(queued)).resolves.toEqual(['B', 'C', 'D', 'E', 'F']);
    // At most three per group, in arrival order.
    expect(groups).toEqual([
      ['b', 'c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('when the error cannot be an item\'s, fails the whole group at once instead of writing each item alone', async () => {
    const lock = new WriteLock();
    const singles: string[] = [];
    const commit = new GroupCommit<string, string>(
      lock,
      () => {
        throw new Error('locked by another process');
      },
      (item) => {
        singles.push(item);
        return item;
      },
      10,
      () => false,
    );
    const busy = await holdLock(lock);
    const results = Promise.allSettled(['p', 'q', 'r'].map((item) => commit.submit(item)));
    busy.release();
    await busy.done;
    expect((await results).map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value))).toEqual([
      'locked by another process',
      'locked by another process',
      'locked by another process',
    ]);
    expect(singles).toEqual([]);
  });

  it('when a group fails, writes each of its items alone: the failing one gets its error, the others their results', async () => {
    const lock = new WriteLock();
    const { commit, groups, singles } = recorder(lock);
    const busy = await holdLock(lock);
    const results = Promise.allSettled(['x', 'bad', 'y'].map((item) => commit.submit(item)));
    busy.release();
    await busy.done;
    const settled = await results;
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['X', 'bad item', 'Y']);
    expect(groups).toEqual([['x', 'bad', 'y']]);
    expect(singles).toEqual(['x', 'bad', 'y']);
  });
});

/** A person speaker with nothing but a name. */
function speaker(slug: string, externalIds: NewSpeaker['externalIds'] = []): NewSpeaker {
  return { slug, name: `Group ${slug}`, kind: 'person', description: null, aliases: [], externalIds, affiliations: [] };
}

/** An article in which `by` says one sentence made unique by `word` and `i`. */
function article(word: string, i: number, by: NewSpeaker): { doc: NewDocument; attributions: PendingAttribution[] } {
  const words = `${word} group commit statement ${i}`;
  const text = `${by.name} said: “${words}.”`;
  const start = text.indexOf(words);
  const normalizedText = normalizeQuoteText(words);
  return {
    doc: { outlet: 'Group Wire', title: null, url: null, publishedOn: '2024-06-0' + String(1 + (i % 9)), dateline: null, language: 'en', text, sha256: sha256Hex(text) },
    attributions: [
      {
        speakerSlug: by.slug, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct',
        saidOn: null, venue: null, start, end: start + words.length, cue: null, speakerMention: null, relays: [],
        confidence: 0.9, attributedBy: 'extractor', extractorVersion: 'test',
      },
    ],
  };
}

/** Concurrent ingests through the real repository on a real SQLite file share transactions. */
describe('ingestDocument under concurrent load (group commit)', () => {
  const t = useTestApp();

  it('a speaker that takes over an organisation takes its search tag from the former one, in the same group too', async () => {
    const word = unique('link');
    const org = { name: `Link Office ${unique('o')}`, kind: 'government' };
    const former: NewSpeaker = { ...speaker(unique('former')), kind: 'organization', organization: org };
    const next: NewSpeaker = { ...speaker(unique('next')), kind: 'organization', organization: org };
    const before = article(word, 0, former);
    await t.repos.writes.ingestDocument(before.doc, [former], before.attributions);
    // One group: the former speaker's new quote first, then the article that moves the link.
    const busy = await holdLock(t.db.writeLock);
    const same = article(word, 1, former);
    const moved = article(word, 2, next);
    const written = Promise.all([
      t.repos.writes.ingestDocument(same.doc, [former], same.attributions),
      t.repos.writes.ingestDocument(moved.doc, [next], moved.attributions),
    ]);
    busy.release();
    const [, last] = await written;
    const found = await search(t, { q: word, organization: org.name });
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
    const aliases = t.db.sql.prepare('SELECT alias FROM SpeakerAlias WHERE speakerId = ? ORDER BY alias').pluck().all(at(one.speakers, 0).id);
    expect(aliases).toEqual([`Alias ${word}`, first.name]);
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
    const linked = () => t.db.sql.prepare('SELECT speakerId FROM Organization WHERE name = ?').pluck().get(org.name);
    const [a, b, c] = [0, 1, 2].map((i) => article(word, i, i === 1 ? second : first)) as [ReturnType<typeof article>, ReturnType<typeof article>, ReturnType<typeof article>];
    const one = await t.repos.writes.ingestDocument(a.doc, [first], a.attributions);
    expect(linked()).toBe(at(one.speakers, 0).id);
    const two = await t.repos.writes.ingestDocument(b.doc, [second], b.attributions);
    expect(linked()).toBe(at(two.speakers, 0).id);
    await t.repos.writes.ingestDocument(c.doc, [first], c.attributions);
    expect(linked()).toBe(at(one.speakers, 0).id);
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
});

/** Closing the database while ingests are in flight, and another process holding it. */
describe('ingestDocument at the edges of the database', () => {
  it('closing waits for every ingest in flight and for the verify index to hold them; after it, ingests are refused with 503', async () => {
    const t = await createTestApp();
    const word = unique('closing');
    const by = speaker(unique('closing-speaker'));
    const docs = Array.from({ length: 40 }, (_, i) => {
      const { doc, attributions } = article(word, i, by);
      return { doc, attribution: at(attributions, 0) };
    });
    // The first ingest also starts the verify index's thread; the rest follow while it runs.
    await t.repos.writes.ingestDocument(at(docs, 0).doc, [by], [at(docs, 0).attribution]);
    const inFlight = Promise.allSettled(docs.slice(1).map((d) => t.repos.writes.ingestDocument(d.doc, [by], [d.attribution])));
    const file = t.databasePath;
    await t.db.close();
    const settled = await inFlight;
    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    const after = await t.repos.writes.ingestDocument(at(docs, 1).doc, [by], [at(docs, 1).attribution]).catch((error: unknown) => error);
    expect(after instanceof AppError ? after.code : after).toBe('database_busy');
    const reopened = new BetterSqlite3(file, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM Quote').pluck().get()).toBe(40);
    reopened.close();
    const index = new BetterSqlite3(lshIndexPath(file), { readonly: true });
    expect(index.prepare('SELECT COUNT(*) FROM lsh_signed').pluck().get()).toBe(40);
    index.close();
    rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('another process holding the database past the busy timeout fails a burst at once with 503 database_busy', async () => {
    const t = await createTestApp();
    const other = new BetterSqlite3(t.databasePath);
    t.db.writer.pragma('busy_timeout = 100');
    try {
      other.exec('BEGIN IMMEDIATE');
      const word = unique('busy');
      const by = speaker(unique('busy-speaker'));
      const calls = Array.from({ length: 8 }, (_, i) => t.repos.writes.ingestDocument(article(word, i, by).doc, [by], []));
      const settled = await Promise.allSettled(calls);
      expect(settled.map((s) => (s.status === 'rejected' && s.reason instanceof AppError ? s.reason.code : s.status))).toEqual(Array(8).fill('database_busy'));
      // Over HTTP: a 503 problem the client can retry, not a 500.
      const response = await t.api().post('/v1/documents').send({ text: `${by.name} said: “${word} over HTTP.”`, extract: true });
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ code: 'database_busy', status: 503 });
    } finally {
      other.exec('ROLLBACK');
      other.close();
      await t.close();
    }
  });
});
