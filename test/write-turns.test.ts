import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { createTestApp, useTestApp, unique, type TestApp } from './support/test-app.ts';
import { SqlWriter } from '../src/storage/sqlite/sql-writer.ts';
import { Checkpointer, FALLBACK_AUTOCHECKPOINT_PAGES, ROUND_AT_FRAMES } from '../src/storage/sqlite/checkpointer.ts';
import { WriteLock } from '../src/storage/sqlite/write-lock.ts';
import { oneSpeakerDocument } from './support/one-speaker-document.ts';

/**
 * Writes spread over turns of the event loop (docs/decisions/0023): one transaction whatever
 * happens between its steps, the search index in step with the data after the longest ones, and
 * the WAL checkpointed by a thread of its own rather than inside a COMMIT of the serving thread.
 */
describe('writes in turns', () => {
  const t = useTestApp();
  const NOTE = { reason: 'write-turns test' };

  /** One document of `count` quotes by a new speaker (written in turns: more than a group commit takes). */
  async function muchQuoted(count: number, app: TestApp = t) {
    const { tag, write } = muchQuotedWrite(count, app);
    const stored = await write();
    return { id: stored.speakers[0]?.id as number, tag };
  }

  /** The write of `muchQuoted`, not started yet, and the words every one of its quotes holds. */
  function muchQuotedWrite(count: number, app: TestApp = t) {
    const tag = unique('w');
    const lines = Array.from({ length: count }, (_, i) => `Item ${i} of ${tag} stays open`);
    const write = oneSpeakerDocument(app.repos, lines, 'Turns Wire');
    return { tag, write };
  }

  /** The quotes holding `tag`, as the read connection sees them now. */
  const quotesTagged = (tag: string, app: TestApp = t) => app.db.sql.prepare('SELECT COUNT(*) FROM Quote WHERE text LIKE ?').pluck().get(`%${tag}%`) as number;
  const WRITER_CACHE = -65536;

  /** FTS5's own check of the search index against the quotes it indexes (throws when they differ). */
  const searchIndexChecks = () => t.db.writer.prepare(`INSERT INTO quote_fts(quote_fts, rank) VALUES ('integrity-check', 1)`).run();

  it('when a write has steps, then other callbacks run between them, and a step that throws late rolls back every earlier one', async () => {
    const writer = new SqlWriter(t.db.writer, t.db.writeLock);
    const key = `turns-${unique('k')}`;
    let between = 0;
    const ticking = setInterval(() => between++, 0);
    await expect(
      writer.writeInTurns(function* () {
        for (let i = 0; i < 200; i++) {
          t.db.writer.prepare('INSERT INTO ChangeEpoch (name, value) VALUES (?, ?)').run(`${key}-${i}`, i);
          const until = performance.now() + 1;
          while (performance.now() < until);
          yield;
        }
        throw new Error('the last step fails');
      }),
    ).rejects.toThrow('the last step fails');
    clearInterval(ticking);
    expect(between).toBeGreaterThan(5);
    expect(t.db.sql.prepare('SELECT COUNT(*) FROM ChangeEpoch WHERE name LIKE ?').pluck().get(`${key}-%`)).toBe(0);
    // The connection is free again: the next write commits.
    await writer.write(() => t.db.writer.prepare('INSERT INTO ChangeEpoch (name, value) VALUES (?, 1)').run(key));
    expect(t.db.sql.prepare('SELECT value FROM ChangeEpoch WHERE name = ?').pluck().get(key)).toBe(1);
  });

  it('when a much-quoted speaker gains an affiliation, is merged and has the change undone, then the search index matches the data after each', async () => {
    const a = await muchQuoted(300);
    const b = await muchQuoted(250);
    const added = { organization: `Turns Org ${unique('o')}`, organizationKind: null, role: 'adviser', asStated: null, validFrom: null, validTo: null, sourceDocumentId: null };
    const correction = await t.repos.writes.correctSpeaker(a.id, { affiliations: { add: [added] } }, NOTE);
    expect(searchIndexChecks).not.toThrow();
    await t.repos.writes.mergeSpeakers(a.id, b.id, NOTE);
    expect(searchIndexChecks).not.toThrow();
    expect(t.db.sql.prepare('SELECT COUNT(*) FROM Quote WHERE speakerId = ?').pluck().get(b.id)).toBe(550);
    await expect(t.repos.writes.undoRevision(correction?.revision?.id as number, NOTE)).rejects.toMatchObject({ code: 'not_found' });
    const later = await t.repos.writes.correctSpeaker(b.id, { affiliations: { add: [{ ...added, organization: `Later ${added.organization}` }] } }, NOTE);
    await t.repos.writes.undoRevision(later?.revision?.id as number, NOTE);
    expect(searchIndexChecks).not.toThrow();
  });

  it('when the writer commits, then a thread checkpoints the WAL into the database file and the writer itself never does', async () => {
    await muchQuoted(250);
    // The thread started with the first commit: the writer's own automatic checkpoint is off.
    expect(t.db.writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const file = t.db.path;
    const before = statSync(file).mtimeMs;
    await muchQuoted(250);
    const deadline = Date.now() + 5_000;
    while (statSync(file).mtimeMs === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(file).mtimeMs).toBeGreaterThan(before);
  });

  it('when the disk fills midway through a long write, then it fails storage_full, nothing of it is stored, and the page cache is as the writer set it', async () => {
    const { tag, write } = muchQuotedWrite(400);
    const pages = t.db.writer.pragma('page_count', { simple: true }) as number;
    // A file that may not grow is what SQLite reports as a full disk; room for the first steps only.
    t.db.writer.pragma(`max_page_count = ${pages + 40}`);
    try {
      await expect(write()).rejects.toMatchObject({ code: 'storage_full' });
    } finally {
      t.db.writer.pragma('max_page_count = 4294967294');
    }
    expect(quotesTagged(tag)).toBe(0);
    expect(t.db.writer.inTransaction).toBe(false);
    expect(t.db.writer.pragma('cache_size', { simple: true })).toBe(WRITER_CACHE);
    expect(searchIndexChecks).not.toThrow();
    const again = muchQuotedWrite(250);
    await again.write();
    expect(quotesTagged(again.tag)).toBe(250);
  });

  it('when a long write commits or a late step of one throws, then the page cache is as the writer set it again', async () => {
    await muchQuoted(300);
    expect(t.db.writer.pragma('cache_size', { simple: true })).toBe(WRITER_CACHE);
    const writer = new SqlWriter(t.db.writer, t.db.writeLock);
    await expect(
      writer.writeInTurns(function* () {
        for (let i = 0; i < 20; i++) {
          const until = performance.now() + 2;
          while (performance.now() < until);
          yield;
        }
        throw new Error('late');
      }),
    ).rejects.toThrow('late');
    expect(t.db.writer.pragma('cache_size', { simple: true })).toBe(WRITER_CACHE);
  });

  it('when searches run while a long write is between its steps, then each sees all of it or none of it', async () => {
    const { tag, write } = muchQuotedWrite(400);
    let done = false;
    const writing = write().finally(() => {
      done = true;
    });
    const seen: number[] = [];
    while (!done) {
      seen.push(quotesTagged(tag));
      const response = await request(t.app).get('/v1/quotes').query({ q: tag, limit: 5 });
      expect(response.status).toBe(200);
      const shown = (response.body.items as unknown[]).length;
      seen.push(shown === 5 ? 400 : shown);
    }
    await writing;
    expect(seen.every((n) => n === 0 || n === 400)).toBe(true);
    expect(quotesTagged(tag)).toBe(400);
  });

  it('when the database is closed while a long write is in flight, then the write commits whole before the connections go', async () => {
    const app = await createTestApp();
    const { tag, write } = muchQuotedWrite(400, app);
    const path = app.databasePath;
    const writing = write();
    // Closing waits for the write; the copy is taken once every connection is gone.
    await app.storage.close();
    await expect(writing).resolves.toMatchObject({ created: true });
    const reopened = new BetterSqlite3(path, { readonly: true });
    try {
      expect(reopened.prepare('SELECT COUNT(*) FROM Quote WHERE text LIKE ?').pluck().get(`%${tag}%`)).toBe(400);
    } finally {
      reopened.close();
    }
    await app.close();
  });
});

describe('the checkpointer thread', () => {
  const t = useTestApp();

  /** A WAL database of its own, written by a connection set up as the app's writer is. */
  function writerOf(file: string) {
    const writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    writer.exec('CREATE TABLE IF NOT EXISTS t (x)');
    return writer;
  }

  /**
   * Frames the WAL holds now: `mxFrame` of the WAL-index header (https://sqlite.org/walformat.html), read as a file
   * without taking part. (A checkpoint by another connection would report them too, but having copied them all it
   * lets the next write start the WAL over, whether a round ran or not.)
   */
  function walFrames(file: string): number {
    const header = readFileSync(`${file}-shm`).subarray(0, 20);
    return endianness() === 'LE' ? header.readUInt32LE(16) : header.readUInt32BE(16);
  }

  it('when a round has run, then the next write starts the WAL over instead of appending to it', async () => {
    const file = `${t.databasePath}.${unique('cp')}.db`;
    const writer = writerOf(file);
    const lock = new WriteLock();
    const checkpointer = new Checkpointer(file, writer, lock, 60_000);
    try {
      checkpointer.start();
      const insert = writer.prepare('INSERT INTO t (x) VALUES (?)');
      for (let i = 0; i < 300; i++) insert.run(unique('row'));
      const round = await checkpointer.checkpointNow();
      expect(round).toMatchObject({ busy: 0 });
      expect(round?.checkpointed).toBe(round?.log);
      expect(round?.log).toBeGreaterThanOrEqual(300);
      await lock.run(() => insert.run(unique('row')));
      // One commit's frames, from the start of the file: not 300 and more.
      expect(walFrames(file)).toBeLessThan(10);
      expect(writer.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(301);
    } finally {
      await checkpointer.stop();
      writer.close();
    }
  });

  it('when a reader still reads an older state, then the round leaves the WAL as it is and the writes go on', async () => {
    const file = `${t.databasePath}.${unique('cp')}.db`;
    const writer = writerOf(file);
    const lock = new WriteLock();
    const checkpointer = new Checkpointer(file, writer, lock, 60_000);
    const reader = new BetterSqlite3(file, { readonly: true });
    try {
      checkpointer.start();
      const insert = writer.prepare('INSERT INTO t (x) VALUES (?)');
      insert.run(unique('row'));
      reader.exec('BEGIN');
      const seen = reader.prepare('SELECT COUNT(*) FROM t').pluck().get();
      for (let i = 0; i < 50; i++) insert.run(unique('row'));
      const round = await checkpointer.checkpointNow();
      expect(round?.busy).toBe(1);
      expect(round?.checkpointed).toBeLessThan(round?.log ?? 0);
      await lock.run(() => insert.run(unique('row')));
      // The reader's state is intact; once it has moved on, the next round starts the WAL over.
      expect(reader.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(seen);
      reader.exec('COMMIT');
      expect(await checkpointer.checkpointNow()).toMatchObject({ busy: 0 });
      await lock.run(() => insert.run(unique('row')));
      expect(walFrames(file)).toBeLessThan(10);
    } finally {
      reader.close();
      await checkpointer.stop();
      writer.close();
    }
  });

  /** A database of its own, its writer and a checkpointer that rounds only on the WAL's length (the timer's rounds are 10 minutes apart). */
  function walBound() {
    const file = `${t.databasePath}.${unique('cp')}.db`;
    const writer = writerOf(file);
    // Durable enough for a test of WAL lengths; a sync per commit would make these 10,000s of commits slow.
    writer.pragma('synchronous = NORMAL');
    const lock = new WriteLock();
    const checkpointer = new Checkpointer(file, writer, lock, 600_000);
    const insert = writer.prepare('INSERT INTO t (x) VALUES (?)');
    return {
      checkpointer,
      /** `count` commits of one frame each, the checkpointer told of each. */
      commit(count: number) {
        for (let i = 0; i < count; i++) {
          insert.run(unique('row'));
          checkpointer.committed();
        }
      },
      /** Writes now and then until a write finds the WAL started over (a round ran), or 20 s have passed; the WAL's frames then. */
      async untilStartedOver() {
        const deadline = Date.now() + 20_000;
        let frames = walFrames(file);
        while (frames >= 10 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          // As the app's writer does: every commit tells the checkpointer (which reads the WAL's length at most every few ms).
          await lock.run(() => insert.run(unique('row')));
          checkpointer.committed();
          frames = walFrames(file);
        }
        return frames;
      },
      async close() {
        await checkpointer.stop();
        writer.close();
      },
    };
  }

  it('when the WAL grows past its bound between two rounds of the timer, then a round starts it over at once', async () => {
    const db = walBound();
    try {
      db.commit(ROUND_AT_FRAMES + 1);
      expect(await db.untilStartedOver()).toBeLessThan(10);
    } finally {
      await db.close();
    }
  });

  it('when the WAL grows past its bound again after a round started it over, then the next round starts when the new WAL reaches the bound', async () => {
    const db = walBound();
    try {
      db.commit(ROUND_AT_FRAMES / 2);
      expect(await db.checkpointer.checkpointNow()).toMatchObject({ busy: 0 });
      // The round's RESTART leaves the WAL's length as it was until the next write starts it over: the bound counts from 0.
      db.commit(ROUND_AT_FRAMES + 1);
      expect(await db.untilStartedOver()).toBeLessThan(10);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('when its thread cannot open the database, then the writer checkpoints on its own again', async () => {
    const file = `${t.databasePath}.${unique('cp')}.db`;
    const writer = writerOf(file);
    try {
      const checkpointer = new Checkpointer(`${file}.missing`, writer, new WriteLock(), 10);
      checkpointer.start();
      expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const deadline = Date.now() + 10_000;
      while (writer.pragma('wal_autocheckpoint', { simple: true }) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
      await checkpointer.stop();
    } finally {
      writer.close();
    }
  });

  it('when it is stopped, then its last checkpoint has copied every commit into the database file', async () => {
    const file = `${t.databasePath}.${unique('cp')}.db`;
    const writer = writerOf(file);
    try {
      const checkpointer = new Checkpointer(file, writer, new WriteLock(), 60_000);
      checkpointer.start();
      writer.prepare('INSERT INTO t (x) VALUES (?)').run(unique('row'));
      await checkpointer.stop();
      // The database file alone, without its WAL, holds the row.
      copyFileSync(file, `${file}.alone`);
      const alone = new BetterSqlite3(`${file}.alone`, { readonly: true });
      try {
        expect(alone.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(1);
      } finally {
        alone.close();
      }
    } finally {
      writer.close();
    }
  });
});
