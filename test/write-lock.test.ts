import { describe, expect, it } from 'vitest';
import { WriteLock } from '../src/storage/sqlite/write-lock.ts';
import { sha256Hex } from '../src/domain/text.ts';
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
 * Two connections write to one file in the server: the raw writer (ingest:
 * synchronous BEGIN IMMEDIATE) and Prisma (edits, deletes: async interactive
 * transactions). Real SQLite file, real HTTP.
 */
describe('writes on both connections under the one write lock', () => {
  const t = useTestApp();

  it('a raw write waits for an open Prisma transaction instead of failing with SQLITE_BUSY', async () => {
    const order: string[] = [];
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let wrote = (): void => undefined;
    const prismaWrote = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    const prismaWrite = t.db.writeLock.run(() =>
      t.db.prisma.$transaction(async (tx) => {
        // A write: from here on Prisma's connection holds SQLite's write lock until commit.
        await tx.organization.create({ data: { slug: unique('lock-org'), name: 'Lock Org' } });
        order.push('prisma wrote');
        wrote();
        await gate;
        order.push('prisma commits');
      }),
    );
    await prismaWrote;
    const text = `Held while Prisma writes. ${unique()}`;
    const rawWrite = t.repos.writes
      .createDocument({ outlet: null, title: null, url: null, publishedOn: null, dateline: null, language: 'en', text, sha256: sha256Hex(text) })
      .then(() => order.push('raw wrote'));
    await tick();
    // Without the lock the raw BEGIN IMMEDIATE would spin on the event loop and fail with SQLITE_BUSY;
    // with it, the event loop is free (this test runs on) and the raw write waits its turn.
    expect(order).toEqual(['prisma wrote']);
    release();
    await Promise.all([prismaWrite, rawWrite]);
    expect(order).toEqual(['prisma wrote', 'prisma commits', 'raw wrote']);
  });

  it('concurrent quote edits and deletes (Prisma) and document ingests (raw) all succeed and nothing is lost', async () => {
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
      ...edited.map((id) => t.api().patch(`/v1/quotes/${id}`).send({ kind: 'indirect', saidOn: '2019-05-05' })),
      ...deleted.map((id) => t.api().delete(`/v1/quotes/${id}`)),
      ...ingests.map((d) => t.api().post('/v1/documents').send({ text: d.text, extract: true, outlet: 'Lock Wire', publishedOn: '2024-03-03' })),
    ]);
    const statuses = responses.map((r) => r.status);
    const bodies = responses.filter((r) => r.status >= 400).map((r) => JSON.stringify(r.body));
    expect(bodies).toEqual([]);
    expect(statuses).toEqual([...edited.map(() => 200), ...deleted.map(() => 204), ...ingests.map(() => 201)]);

    // Every edit landed, in the data and in the index; every delete is gone from both.
    for (const id of edited) {
      const got = await t.api().get(`/v1/quotes/${id}`).expect(200);
      expect(got.body).toMatchObject({ kind: 'indirect', saidOn: '2019-05-05' });
    }
    for (const id of deleted) await t.api().get(`/v1/quotes/${id}`).expect(404);
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
      .prepare(`SELECT COUNT(*) FROM AuditEvent WHERE action = 'update' AND entityType = 'Quote' AND entityId IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(JSON.stringify(edited));
    expect(updates).toBe(edited.length);
  });
});
