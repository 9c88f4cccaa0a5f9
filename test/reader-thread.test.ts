import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../bench/corpus/generate.ts';
import { queryMix, corpusWords } from '../bench/search.bench.ts';
import { COST_FAMILIES } from '../bench/cost/families.ts';
import { article } from '../bench/event-loop/worst-requests.ts';
import { sha256Hex } from '../src/domain/text.ts';
import { cursorCodec } from '../src/services/cursor.ts';
import { searchQuotes, searchScopeOf, type SearchRequest } from '../src/services/search.service.ts';
import { verifyClaim } from '../src/services/verify.service.ts';
import { openSqliteStorage, type SqliteStorage } from '../src/storage/sqlite/sqlite.storage.ts';
import { ReadCalls } from '../src/storage/sqlite/reader/read-calls.ts';
import { ReaderThread } from '../src/storage/sqlite/reader/reader-thread.ts';
import { SqliteDocumentRepository } from '../src/storage/sqlite/repositories/document.repository.ts';
import { SqliteQuoteRepository } from '../src/storage/sqlite/repositories/quote.repository.ts';
import { SqliteVerifyRepository } from '../src/storage/sqlite/repositories/verify.repository.ts';
import { lshIndexPath } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { attribution } from './support/ingest-fixtures.ts';
import type { Repositories } from '../src/storage/ports/index.ts';

/**
 * The reader thread (docs/decisions/0022): statements the planners estimate
 * long run on a thread with a read-only connection of its own. Whichever
 * thread runs them, the answers are the same, and a write acknowledged before
 * a read is seen by it.
 */
let dir: string;
let storage: SqliteStorage;
/** The repositories as the server has them, and two more: one that never uses the thread, one that sends it all it can. */
let served: Repositories;
let here: Repositories;
let there: Repositories;
const words = corpusWords();
const cursors = cursorCodec(randomBytes(32).toString('base64url'));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-reader-'));
  const db = path.join(dir, 'corpus.db');
  await buildCorpus({ quotes: 6_000, db });
  storage = await openSqliteStorage({ databasePath: db }, { prepared: true, serving: true });
  served = storage.repos;
  const { sql, reader, lshIndex } = storage.db;
  here = {
    ...served,
    quotes: new SqliteQuoteRepository(sql),
    verify: new SqliteVerifyRepository(sql, lshIndex),
    documents: new SqliteDocumentRepository(sql),
  };
  there = {
    ...served,
    quotes: new SqliteQuoteRepository(sql, reader, 0),
    verify: new SqliteVerifyRepository(sql, lshIndex, reader, 0),
    documents: new SqliteDocumentRepository(sql, reader, 0),
  };
}, 120_000);

afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The search requests of the bench mix and of the cost families of GET /v1/quotes, as the service takes them. */
function requests(): SearchRequest[] {
  const fromFamilies = COST_FAMILIES.filter((f) => f.route === 'GET /v1/quotes').flatMap((f) =>
    f.sizes.map((size) => {
      const query = new URL(f.build(size, words).path, 'http://x').searchParams;
      const request: Record<string, unknown> = { limit: 20 };
      for (const [key, value] of query) request[key] = key === 'facets' || key === 'status' ? value.split(',') : key === 'limit' ? Number(value) : value;
      return request as unknown as SearchRequest;
    }),
  );
  return [...queryMix(words).map((m) => ({ ...m.request, limit: 20 }) as SearchRequest), ...fromFamilies];
}

/** What a search answers, without its timing (cursors are deterministic: the same position signs the same). */
async function answer(repos: Repositories, request: SearchRequest): Promise<unknown> {
  try {
    return { ...(await searchQuotes({ ...repos, cursors }, request)), dbMs: 0 };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('the reader thread', () => {
  it('when every search statement that can go to the thread goes there, then each search answers as on the serving thread', async () => {
    const before = storage.db.reader.stats.offThread;
    for (const request of requests()) {
      expect(await answer(there, request), JSON.stringify(request)).toEqual(await answer(here, request));
    }
    expect(storage.db.reader.stats.offThread - before).toBeGreaterThan(50);
    expect(storage.db.reader.stats.inline).toBe(0);
  }, 120_000);

  it('when newest-first pages are read here in slices of rowids (budgets from none to a few), then every page holds the rows the serving thread alone gives', async () => {
    const maxId = await here.quotes.maxId();
    const before = storage.db.reader.stats.offThread;
    let slices = 0;
    for (const budgetUs of [0, 90, 150, 400, 2_000]) {
      const sliced = new SqliteQuoteRepository(storage.db.sql, storage.db.reader, budgetUs);
      for (const request of requests()) {
        let scope;
        try {
          scope = await searchScopeOf({ ...here, cursors }, request);
        } catch {
          continue; // refused queries (prefixes past the caps) have no page
        }
        for (const offset of [0, 20, 200]) {
          const page = { ...scope, maxId, order: 'recent' as const, limit: 21, offset };
          const wanted = await here.quotes.search(page);
          const sqlBefore = storage.db.reader.stats.offThread;
          expect(await sliced.search(page), `${budgetUs} µs, offset ${offset}: ${JSON.stringify(request)}`).toEqual(wanted);
          if (wanted.length > 0 && storage.db.reader.stats.offThread === sqlBefore && budgetUs > 0 && budgetUs < 2_000) slices++;
        }
      }
    }
    // Pages were read here in slices, and others finished on the thread below them.
    expect(slices).toBeGreaterThan(10);
    expect(storage.db.reader.stats.offThread - before).toBeGreaterThan(10);
  }, 240_000);

  it('when the server decides, then long statements go to the thread and short ones stay', async () => {
    const before = storage.db.reader.stats.offThread;
    await answer(served, { q: words[40_000] as string, limit: 20 });
    expect(storage.db.reader.stats.offThread).toBe(before);
    await answer(served, { q: `${words[0] as string} OR ${words[1] as string} OR ${words[2] as string}`, limit: 100 });
    expect(storage.db.reader.stats.offThread).toBeGreaterThan(before);
  });

  it('when verification lookups go to the thread, then every verdict is the one the serving thread gives', async () => {
    const claims = COST_FAMILIES.filter((f) => f.route === 'POST /v1/verify').flatMap((f) => f.sizes.map((size) => f.build(size, words).body as { text: string; speaker?: string }));
    for (const claim of claims) {
      const request = { text: claim.text, speaker: claim.speaker, limit: 20 };
      expect(await verifyClaim(there, request), claim.text.slice(0, 60)).toEqual(await verifyClaim(here, request));
    }
    // Claims with a source: stored quotes, a word left out of each.
    const stored = storage.db.sql.prepare('SELECT text FROM Quote WHERE id % 600 = 0 ORDER BY id LIMIT 10').pluck().all() as string[];
    for (const text of stored.flatMap((t) => [t, t.split(' ').filter((_, i) => i !== 2).join(' ')])) {
      const request = { text, limit: 20 };
      const verdict = await verifyClaim(there, request);
      expect(verdict, text.slice(0, 60)).toEqual(await verifyClaim(here, request));
    }
  }, 120_000);

  it('when a quote was just stored, then a search on the thread finds it (the thread reads every committed write)', async () => {
    const word = `readyourwrites${Date.now().toString(36)}`;
    const text = `The minister said “we will ${word} the talks” on Tuesday.`;
    const words = `we will ${word} the talks`;
    await served.writes.ingestDocument(
      { outlet: 'Reader Wire', title: null, url: null, publishedOn: '2025-03-04', dateline: null, language: 'en', text, sha256: sha256Hex(text) },
      [{ slug: `reader-${word}`, name: `Reader ${word}`, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [] }],
      [attribution(text, words, `reader-${word}`, { saidOn: '2025-03-03', confidence: 0.95 })],
    );
    const found = await searchQuotes({ ...there, cursors }, { q: word, limit: 5 });
    expect(found.items.map((i) => i.text)).toEqual([words]);
  });

  it('when a long document is read on the thread, then its text is the one stored, to the last character', async () => {
    const text = `${article(200_000, 'reader')} 🙂 é`;
    const { id } = await served.writes.createDocument({ outlet: 'Reader Wire', title: null, url: null, publishedOn: null, dateline: null, language: 'en', text, sha256: sha256Hex(text) });
    const before = storage.db.reader.stats.offThread;
    expect((await served.documents.findById(id))?.text).toBe(text);
    expect(storage.db.reader.stats.offThread).toBe(before + 1);
    expect((await here.documents.findById(id))?.text).toBe(text);
  });

  it('when the thread cannot start, then its reads run on the calling thread, with the same answers', async () => {
    const { databasePath, sql } = { databasePath: storage.db.path, sql: storage.db.sql };
    const failing = new ReaderThread({ databasePath, indexPath: lshIndexPath(databasePath) }, () => new ReadCalls(sql), {
      workerModule: new URL('./support/failing-worker.ts', import.meta.url),
    });
    const call = { op: 'all', sql: 'SELECT id FROM Quote ORDER BY id LIMIT 3', params: [], mode: 'pluck' } as const;
    expect(await failing.run(call)).toEqual([1, 2, 3]);
    // The first call may have been sent before the thread failed: it is run here then.
    expect(await failing.run(call)).toEqual([1, 2, 3]);
    expect(failing.stats.inline).toBeGreaterThanOrEqual(1);
    await failing.close();
  });
});
