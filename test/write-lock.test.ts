import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/domain/text.ts';
import { WriteLock } from '../src/storage/sqlite/write-lock.ts';
import { addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { useTestApp, unique } from './support/test-app.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('WriteLock', () => {
  it('runs writes one at a time, in arrival order, and passes results and errors through', async () => {
    const lock = new WriteLock();
    const events: string[] = [];
    const slow = lock.run(async () => {
      events.push('a start');
      await tick();
      events.push('a end');
      return 'a';
    });
    const failing = lock.run(() => {
      events.push('b');
      throw new Error('b failed');
    });
    const sync = lock.run(() => {
      events.push('c');
      return 'c';
    });
    await expect(slow).resolves.toBe('a');
    await expect(failing).rejects.toThrow('b failed');
    await expect(sync).resolves.toBe('c');
    expect(events).toEqual(['a start', 'a end', 'b', 'c']);
  });
});

/**
 * Every write, whatever its route, goes through the one write connection under
 * the one lock (src/storage/sqlite/sql-writer.ts). Real SQLite file, real HTTP.
 */
describe('writes on the one write connection', () => {
  const t = useTestApp();

  it('when another process holds the database past the busy timeout, then every write route answers 503 database_busy with Retry-After, and reads keep working', async () => {
    const speaker = await addSpeaker(t);
    const quoteId = await addQuote(t, { speaker: speaker.slug, text: `${unique('busy')} words on record` });
    const other = new BetterSqlite3(t.databasePath);
    t.db.writer.pragma('busy_timeout = 50');
    try {
      other.exec('BEGIN IMMEDIATE');
      const text = `${speaker.name} said: “${unique('busy')} over HTTP.”`;
      const writes = {
        'POST /v1/documents': t.api().post('/v1/documents').send({ text, extract: true }),
        'POST /v1/speakers': t.api().post('/v1/speakers').send({ name: `Busy ${unique('Sp')}`, kind: 'person' }),
        'PATCH /v1/quotes/{id}': t.api().patch(`/v1/quotes/${quoteId}`).send({ kind: 'indirect', reason: 'The source paraphrases.' }),
        'POST /v1/quotes/{id}/retract': t.api().post(`/v1/quotes/${quoteId}/retract`).send({ reason: 'Misattributed.' }),
        'POST /v1/keys': t.api('admin').post('/v1/keys').send({ role: 'reader', name: 'busy' }),
      };
      for (const [route, pending] of Object.entries(writes)) {
        const response = await pending;
        expect(response.status, route).toBe(503);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.headers['retry-after']).toBe('1');
        expect(response.body).toMatchObject({ code: 'database_busy', status: 503 });
      }
      await t.api().get(`/v1/quotes/${quoteId}`).expect(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      t.db.writer.pragma('busy_timeout = 5000');
    }
    // Nothing half-written: the quote is as it was, and writes work again.
    const after = await t.api().get(`/v1/quotes/${quoteId}`).expect(200);
    expect(after.body.kind).toBe('direct');
    await t.api().patch(`/v1/quotes/${quoteId}`).send({ kind: 'indirect', reason: 'The source paraphrases.' }).expect(200);
  });

  it('when the disk is full, then a write answers 507 storage_full, nothing is half-written, and reads keep working', async () => {
    const speaker = await addSpeaker(t);
    const quoteId = await addQuote(t, { speaker: speaker.slug, text: `${unique('full')} words on record` });
    // A file that may not grow is what SQLite reports as a full disk (SQLITE_FULL).
    const pages = t.db.writer.pragma('page_count', { simple: true }) as number;
    t.db.writer.pragma(`max_page_count = ${pages}`);
    try {
      const filler = 'x'.repeat(200_000);
      const text = `${unique('Full')} ${filler}`;
      const response = await t.api().post('/v1/documents').send({ text });
      expect(response.status).toBe(507);
      expect(response.body).toMatchObject({ code: 'storage_full', status: 507 });
      await t.api().get(`/v1/quotes/${quoteId}`).expect(200);
      expect(await t.repos.documents.findBySha256(sha256Hex(text))).toBeNull();
    } finally {
      t.db.writer.pragma('max_page_count = 4294967294');
    }
    await t.api().post('/v1/documents').send({ text: `${unique('Room')} again.` }).expect(201);
  });

  it('concurrent quote edits and deletes and document ingests all succeed and nothing is lost', async () => {
    const w = unique('mix');
    const speaker = await addSpeaker(t);
    const quotes: number[] = [];
    for (let i = 0; i < 12; i++) quotes.push(await addQuote(t, { speaker: speaker.slug, text: `${w} statement number ${i}` }));
    const edited = quotes.filter((_, i) => i % 3 !== 0);
    const deleted = quotes.filter((_, i) => i % 3 === 0);
    const cap = (v: string) => v.charAt(0).toUpperCase() + v.slice(1);
    const ingests = Array.from({ length: 12 }, (_, i) => {
      const last = cap(unique('ruiz').replace(/[0-9]/g, 'y'));
      return {
        last,
        text: `Ana ${last}, a professor at the ${last} Institute, said the plan would fail.\n“Nobody has read the ${w} print ${i},” ${last} said.`,
      };
    });

    const responses = await Promise.all([
      ...edited.map((id) => t.api().patch(`/v1/quotes/${id}`).send({ kind: 'indirect', saidOn: '2019-05-05', reason: 'The source paraphrases.' })),
      ...deleted.map((id) => t.api().post(`/v1/quotes/${id}/retract`).send({ reason: 'Misattributed.' })),
      ...ingests.map((d) => t.api().post('/v1/documents').send({ text: d.text, extract: true, outlet: 'Lock Wire', publishedOn: '2024-03-03' })),
    ]);
    const statuses = responses.map((r) => r.status);
    const bodies = responses.filter((r) => r.status >= 400).map((r) => JSON.stringify(r.body));
    expect(bodies).toEqual([]);
    expect(statuses).toEqual([...edited.map(() => 200), ...deleted.map(() => 200), ...ingests.map(() => 201)]);

    // Every edit landed, in the data and in the index; every retraction too (kept, out of the default view).
    for (const id of edited) {
      const got = await t.api().get(`/v1/quotes/${id}`).expect(200);
      expect(got.body).toMatchObject({ kind: 'indirect', saidOn: '2019-05-05' });
    }
    for (const id of deleted) expect((await t.api().get(`/v1/quotes/${id}`).expect(200)).body.status).toBe('retracted');
    const statements = await search(t, { q: `${w} statement`, kind: 'indirect', limit: 50 });
    expect(ids(statements)).toEqual(edited);

    // Every ingest landed: its document, its quote, searchable, audited.
    const ingested = await search(t, { q: `${w} print`, outlet: 'Lock Wire', limit: 50 });
    expect(ingested.items).toHaveLength(ingests.length);
    const documentIds = responses.slice(edited.length + deleted.length).map((r) => r.body.document.id as number);
    expect(new Set(documentIds).size).toBe(ingests.length);
    const audited = t.db.sql
      .prepare(`SELECT COUNT(*) FROM AuditEvent WHERE entityType = 'Document' AND entityId IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(JSON.stringify(documentIds));
    expect(audited).toBe(ingests.length);
    const updates = t.db.sql
      .prepare(`SELECT COUNT(*) FROM AuditEvent WHERE action = 'updated' AND entityType = 'Quote' AND entityId IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(JSON.stringify(edited));
    expect(updates).toBe(edited.length);
  });
});
