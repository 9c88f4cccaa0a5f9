import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../bench/corpus/generate.ts';
import { runAs, type Actor } from '../src/domain/actor.ts';
import { AppError } from '../src/domain/errors.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { openSqliteStorage, sqliteStorage, type SqliteStorage } from '../src/storage/sqlite/sqlite.storage.ts';
import { WriteThread } from '../src/storage/sqlite/write-thread/write-thread.ts';
import type { NewCitedQuote } from '../src/storage/ports/index.ts';

/**
 * The write thread (docs/decisions/0025): a server's corrections that re-file a much-quoted speaker's
 * quotes run on a thread with a write connection of its own. The answers, the errors, the record of who
 * wrote and the search index are what the serving thread's own write gives; readers see the state
 * before the write until it commits.
 */
let dir: string;
let storage: SqliteStorage;
const NOTE = { reason: 'write-thread test' };
const EDITOR: Actor = { keyId: null, role: 'editor', via: 'api', name: 'thread editor' };
/** The corpus's speakers are numbered by how often they are quoted: 1 the most, 2 next. */
const MOST_QUOTED = 1;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-write-thread-'));
  const db = path.join(dir, 'corpus.db');
  await buildCorpus({ quotes: 3_000, db });
  storage = await openSqliteStorage({ databasePath: db }, { prepared: true, serving: true });
  // The thread says when its connection is open; until then writes run on the serving thread.
  const until = Date.now() + 60_000;
  while (!storage.db.writeThread.available && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
}, 120_000);

afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const quotesOf = (speaker: number) => storage.db.sql.prepare('SELECT COUNT(*) FROM Quote WHERE speakerId = ?').pluck().get(speaker) as number;
/** Both speakers' quote counts from one statement, so from one snapshot: two statements could straddle the thread's commit. */
const countsOf = (a: number, b: number) => {
  const row = storage.db.sql.prepare('SELECT COALESCE(SUM(speakerId = ?), 0) AS a, COALESCE(SUM(speakerId = ?), 0) AS b FROM Quote WHERE speakerId IN (?, ?)').get(a, b, a, b) as { a: number; b: number };
  return `${row.a}/${row.b}`;
};
/** FTS5's own check of the search index against the quotes it indexes (throws when they differ). */
const searchIndexChecks = () => storage.db.writer.prepare(`INSERT INTO quote_fts(quote_fts, rank) VALUES ('integrity-check', 1)`).run();
const affiliation = (organization: string) => ({ organization, organizationKind: null, role: 'adviser', asStated: null, validFrom: null, validTo: null, sourceDocumentId: null });

describe('the write thread of a server', () => {
  it('when a much-quoted speaker gains an affiliation and the change is undone, then the thread writes both, on behalf of the caller, and every quote is re-filed', async () => {
    expect(storage.db.writeThread.available).toBe(true);
    const before = storage.db.writeThread.offThread;
    const organization = `Thread Organisation ${Date.now()}`;
    const correction = await runAs(EDITOR, () => storage.repos.writes.correctSpeaker(MOST_QUOTED, { affiliations: { add: [affiliation(organization)] } }, NOTE));
    expect(storage.db.writeThread.offThread).toBe(before + 1);
    expect(correction?.revision).toMatchObject({ entityType: 'speaker', entityId: MOST_QUOTED, actor: { name: EDITOR.name } });
    const organizationId = storage.db.sql.prepare('SELECT id FROM Organization WHERE name = ?').pluck().get(organization) as number;
    const tagged = () => storage.db.sql.prepare(`SELECT COUNT(*) FROM Quote WHERE speakerId = ? AND ' ' || replace(searchTags, ',', ' ') || ' ' LIKE ?`).pluck().get(MOST_QUOTED, `% or${organizationId} %`) as number;
    expect(tagged()).toBe(quotesOf(MOST_QUOTED));
    expect(searchIndexChecks).not.toThrow();

    const undo = await runAs(EDITOR, () => storage.repos.writes.undoRevision(correction?.revision?.id as number, NOTE));
    expect(storage.db.writeThread.offThread).toBe(before + 2);
    expect(undo).toMatchObject({ revertsRevisionId: correction?.revision?.id, actor: { name: EDITOR.name } });
    expect(tagged()).toBe(0);
    expect(searchIndexChecks).not.toThrow();
  });

  it('when a much-quoted speaker is merged on the thread, then reads meanwhile see all of the state before or all of it after, never half', async () => {
    const from = 2;
    const [fromCount, intoCount] = [quotesOf(from), quotesOf(MOST_QUOTED)];
    expect(fromCount).toBeGreaterThan(100);
    const seen = new Set<string>();
    const merging = storage.repos.writes.mergeSpeakers(from, MOST_QUOTED, NOTE);
    let done = false;
    void merging.finally(() => (done = true));
    while (!done) {
      seen.add(countsOf(from, MOST_QUOTED));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const merge = await merging;
    seen.add(countsOf(from, MOST_QUOTED));
    expect(merge.moved.quotes).toBe(fromCount);
    expect([...seen].every((s) => s === `${fromCount}/${intoCount}` || s === `0/${fromCount + intoCount}`)).toBe(true);
    expect(seen.has(`0/${fromCount + intoCount}`)).toBe(true);
    expect(searchIndexChecks).not.toThrow();
  });

  it('when a server saves an upload\'s batch of cited quotes, then the thread writes them with their citations, audit rows and search and verify index entries, and the same batch again adds nothing', async () => {
    const run = `${Date.now()}-${Math.random()}`;
    const quotes: NewCitedQuote[] = Array.from({ length: 40 }, (_, i) => {
      const text = `Cited on the write thread ${run} number ${i}, with words to index.`;
      const normalizedText = normalizeQuoteText(text);
      return {
        speakerId: MOST_QUOTED,
        aboutSpeakerId: null,
        text,
        normalizedText,
        normalizedHash: sha256Hex(normalizedText),
        kind: 'direct',
        saidOn: null,
        venue: null,
        citations: [0, 1].map((c) => ({ url: `https://example.org/${run}/${i}/${c}`, seenOn: '2026-12-01', confidence: i % 2 === 0 ? 0.95 : 0.5, source: 'quotebank', sourceQuoteId: `${run}-${i}` })),
      };
    });
    const before = storage.db.writeThread.offThread;
    const saved = await runAs(EDITOR, () => storage.repos.writes.saveCitedQuotes(quotes));
    expect(storage.db.writeThread.offThread).toBe(before + 1);
    expect(saved.map((s) => [s.quoteCreated, s.citationsCreated])).toEqual(quotes.map(() => [true, 2]));
    const ids = saved.map((s) => s.quoteId);
    const inIds = `(${ids.join(',')})`;
    const stored = storage.db.sql.prepare(`SELECT text, status FROM Quote WHERE id IN ${inIds} ORDER BY id`).all() as { text: string; status: string }[];
    expect(stored.map((q) => q.text)).toEqual(quotes.map((q) => q.text));
    // The source's confidence decides on arrival, below the review threshold as on the serving thread.
    expect(stored.map((q) => q.status)).toEqual(quotes.map((_, i) => (i % 2 === 0 ? 'active' : 'needs_review')));
    expect(storage.db.sql.prepare(`SELECT COUNT(*) FROM Citation WHERE quoteId IN ${inIds}`).pluck().get()).toBe(2 * quotes.length);
    expect(storage.db.sql.prepare(`SELECT COUNT(*) FROM AuditEvent WHERE entityType = 'Quote' AND action = 'create' AND entityId IN ${inIds}`).pluck().get()).toBe(quotes.length);
    expect(storage.db.sql.prepare(`SELECT COUNT(*) FROM quote_fts WHERE quote_fts MATCH ?`).pluck().get(`"${run}"`)).toBe(quotes.length);
    expect(searchIndexChecks).not.toThrow();
    await storage.db.lshIndex.settled();
    const lsh = new BetterSqlite3(`${storage.db.path}.lsh`, { readonly: true });
    try {
      expect(lsh.prepare(`SELECT COUNT(*) FROM quote_lsh_docsize WHERE id IN ${inIds}`).pluck().get()).toBe(quotes.length);
    } finally {
      lsh.close();
    }

    const again = await storage.repos.writes.saveCitedQuotes(quotes);
    expect(again).toEqual(saved.map((s) => ({ ...s, quoteCreated: false, citationsCreated: 0 })));
    expect(storage.db.sql.prepare(`SELECT COUNT(*) FROM Citation WHERE quoteId IN ${inIds}`).pluck().get()).toBe(2 * quotes.length);
  });

  it("when a server resolves an import's speakers, then the thread stores the new ones with their QIDs, finds the known ones, and the same names again create nothing", async () => {
    const run = `${Date.now()}`;
    const named = [
      { name: `Thread Speaker ${run} A`, qid: `Q${run}1` },
      { name: `Thread Speaker ${run} B`, qid: null },
    ];
    const before = storage.db.writeThread.offThread;
    const resolved = await runAs(EDITOR, () => storage.repos.writes.resolveImportedSpeakers(named));
    expect(storage.db.writeThread.offThread).toBe(before + 1);
    expect(resolved.map((r) => [r.speaker.name, r.created])).toEqual(named.map((n) => [n.name, true]));
    const first = resolved[0]?.speaker.id as number;
    expect(storage.db.sql.prepare(`SELECT speakerId FROM ExternalId WHERE scheme = 'wikidata' AND value = ?`).pluck().get(named[0]?.qid)).toBe(first);
    expect(storage.db.sql.prepare(`SELECT COUNT(*) FROM AuditEvent WHERE entityType = 'Speaker' AND action = 'create' AND entityId IN (?, ?)`).pluck().get(first, resolved[1]?.speaker.id)).toBe(2);

    const again = await storage.repos.writes.resolveImportedSpeakers(named);
    expect(again.map((r) => [r.speaker.id, r.created])).toEqual(resolved.map((r) => [r.speaker.id, false]));
  });

  it("when the thread's write is refused, then the caller gets the same AppError the serving thread gives, code and details", async () => {
    const before = storage.db.writeThread.offThread;
    await expect(storage.repos.writes.mergeSpeakers(MOST_QUOTED, MOST_QUOTED, NOTE)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(storage.repos.writes.mergeSpeakers(MOST_QUOTED + 1_000_000, MOST_QUOTED, NOTE)).rejects.toMatchObject({ code: 'not_found' });
    await expect(storage.repos.writes.mergeSpeakers(MOST_QUOTED + 1_000_000, MOST_QUOTED, NOTE)).rejects.toBeInstanceOf(AppError);
    expect(storage.db.writeThread.offThread).toBe(before + 3);
  });

  it('when another process holds the database past the busy timeout, then a write on the thread answers database_busy, as every write path does, and the serving thread keeps running meanwhile', async () => {
    const other = new BetterSqlite3(storage.db.path);
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 10);
    try {
      await expect(storage.repos.writes.correctSpeaker(MOST_QUOTED, { affiliations: { add: [affiliation(`Busy ${Date.now()}`)] } }, NOTE)).rejects.toMatchObject({
        code: 'database_busy',
      });
    } finally {
      clearInterval(ticking);
      other.exec('ROLLBACK');
      other.close();
    }
    // The busy timeout (5 s) was waited for on the thread: the serving thread's timers ran all along.
    expect(ticks).toBeGreaterThan(100);
  }, 30_000);
});

describe('a write thread that dies during a write', () => {
  it('when the thread dies with its write half done, then the caller is told to retry (database_busy), nothing of it is stored, and the retry runs on the serving thread', async () => {
    const db = openDatabase(storage.db.path);
    const dying = new WriteThread({ databasePath: db.path }, new URL('./support/dying-write.worker.ts', import.meta.url));
    const other = sqliteStorage({ ...db, writeThread: dying }, [], { serving: true });
    try {
      const until = Date.now() + 60_000;
      while (!dying.available && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(dying.available).toBe(true);
      const speaker = 3;
      const name = () => storage.db.sql.prepare('SELECT name FROM Speaker WHERE id = ?').pluck().get(speaker) as string;
      const before = name();
      const description = `Corrected after a crash ${Date.now()}`;
      const correct = () => other.repos.writes.correctSpeaker(speaker, { description }, NOTE);

      const failed = await correct().then(
        () => null,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(AppError);
      expect(failed).toMatchObject({ code: 'database_busy' });
      expect(name()).toBe(before);
      expect(dying.available).toBe(false);

      // The thread's transaction went with it: the database takes writes again, on the serving thread.
      await expect(correct()).resolves.toMatchObject({ revision: { entityId: speaker } });
      expect(storage.db.sql.prepare('SELECT description FROM Speaker WHERE id = ?').pluck().get(speaker)).toBe(description);
      expect(name()).toBe(before);
    } finally {
      await other.close();
      await dying.close();
    }
  }, 120_000);
});
