import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { lshIndexPath } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/storage/sqlite/group-commit.ts';
import { WriteLock } from '../src/storage/sqlite/write-lock.ts';
import { AppError } from '../src/domain/errors.ts';
import { article, at, officeTakeover, speaker } from './support/ingest-fixtures.ts';
import { ids, search } from './support/search-fixtures.ts';
import { createTestApp, useTestApp, unique } from './support/test-app.ts';

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

/** One group for certain: SQLite's write lock held while the articles queue (test/ingest-burst.test.ts has the rest, on both backends). */
describe('ingestDocument in one group behind the write lock', () => {
  const t = useTestApp();

  it('a speaker that takes over an organisation takes its search tag from the former one, in the same group too', async () => {
    const word = unique('link');
    const office = officeTakeover(word, unique);
    await office.storeBefore(t.repos.writes);
    // One group: the former speaker's new quote first, then the article that moves the link.
    const busy = await holdLock(t.db.writeLock);
    const written = office.writeTogether(t.repos.writes);
    busy.release();
    const [, last] = await written;
    const found = await search(t, { q: word, organization: office.organization.name });
    expect(ids(found)).toEqual([at(last.saved, 0).quoteId]);
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
