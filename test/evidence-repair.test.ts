import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import { EVIDENCE_CHECK_PENDING } from '../src/storage/sqlite/evidence-repair.ts';
import { syncQuotesSql } from '../src/storage/sqlite/search/search-index.sql.ts';
import { evidenceViolations } from './support/evidence-invariant.ts';
import { useTestApp } from './support/test-app.ts';

const MIGRATION = '20261205010000_quote_variants';

/** Ids of the rows the older release left, for the assertions. */
const ids = { speaker: 0, paperA: 0, paperB: 0, notResign: 0, three: 0, fourDoc: 0, four: 0, fourElsewhere: 0, lone: 0, loneDoc: 0, occB: 0 };

/**
 * A database as the release before variants left it: ingest filed near-duplicate words as another
 * occurrence of the quote they resembled. Built by SQL, then the variants migration is undone.
 */
function olderRelease(file: string): void {
  const db = new BetterSqlite3(file);
  db.exec(`DELETE FROM _prisma_migrations WHERE migration_name = '${MIGRATION}';
    DROP INDEX Quote_variantOfId_idx; ALTER TABLE Quote DROP COLUMN variantOfId; PRAGMA user_version = 0;`);
  const now = '2026-01-01T00:00:00.000+00:00';
  ids.speaker = Number(db.prepare("INSERT INTO Speaker (slug, name, kind, updatedAt) VALUES ('alma-reyesova', 'Alma Reyesova', 'person', ?)").run(now).lastInsertRowid);
  const doc = (outlet: string, text: string) =>
    Number(
      db
        .prepare("INSERT INTO Document (outlet, publishedOn, language, text, sha256) VALUES (?, '2026-03-02', 'en', ?, ?)")
        .run(outlet, text, sha256Hex(text)).lastInsertRowid,
    );
  const quote = (text: string) => {
    const normalized = normalizeQuoteText(text);
    return Number(
      db
        .prepare("INSERT INTO Quote (speakerId, text, normalizedText, normalizedHash, kind, updatedAt) VALUES (?, ?, ?, ?, 'direct', ?)")
        .run(ids.speaker, text, normalized, sha256Hex(normalized), now).lastInsertRowid,
    );
  };
  const occurrence = (quoteId: number, documentId: number, text: string, words: string) => {
    const start = text.indexOf(words);
    return Number(
      db
        .prepare("INSERT INTO Occurrence (quoteId, documentId, start, \"end\", attributedBy) VALUES (?, ?, ?, ?, 'extractor')")
        .run(quoteId, documentId, start, start + words.length).lastInsertRowid,
    );
  };
  const textA = '“I will not resign,” Governor Alma Reyesova said on Monday.';
  const textB = '“I will now resign,” Governor Alma Reyesova said, according to Reuters.';
  ids.paperA = doc('Paper A', textA);
  ids.paperB = doc('Paper B', textB);
  ids.notResign = quote('I will not resign');
  occurrence(ids.notResign, ids.paperA, textA, 'I will not resign');
  // The wrong merge: Paper B's words filed under Paper A's quote, with a relay.
  ids.occB = occurrence(ids.notResign, ids.paperB, textB, 'I will now resign');
  db.prepare("INSERT INTO Relay (occurrenceId, position, name, mentionText) VALUES (?, 1, 'Reuters', 'Reuters')").run(ids.occB);

  // Differing by a number, where the right quote is already stored (from a third paper).
  const text3 = '“Inflation will fall to 3 percent by the end of next year,” Reyesova said.';
  const text4 = '“Inflation will fall to 4 percent by the end of next year,” Reyesova told Paper D.';
  const text4b = 'Later: “Inflation will fall to 4 percent by the end of next year,” Reyesova said.';
  ids.three = quote('Inflation will fall to 3 percent by the end of next year');
  occurrence(ids.three, doc('Paper C', text3), text3, 'Inflation will fall to 3 percent by the end of next year');
  ids.fourDoc = doc('Paper D', text4);
  occurrence(ids.three, ids.fourDoc, text4, 'Inflation will fall to 4 percent by the end of next year');
  ids.four = quote('Inflation will fall to 4 percent by the end of next year');
  ids.fourElsewhere = doc('Paper E', text4b);
  occurrence(ids.four, ids.fourElsewhere, text4b, 'Inflation will fall to 4 percent by the end of next year');

  // A quote whose only occurrence holds other words: no document is evidence for it.
  const loneText = '“We shall open the border in spring,” Reyesova said.';
  ids.loneDoc = doc('Paper F', loneText);
  ids.lone = quote('We shall open the border in autumn');
  occurrence(ids.lone, ids.loneDoc, loneText, 'We shall open the border in spring');

  // Indexed for search as that release did.
  for (const sql of syncQuotesSql('all')) db.prepare(sql).run();
  db.close();
}

describe('the variants migration, on a database where ingest merged near-duplicates', () => {
  const t = useTestApp({ older: olderRelease });

  it('when the database is opened, then every misfiled occurrence moves, with its relays, to a quote of its own words, linked as a variant', async () => {
    expect(await evidenceViolations(t)).toEqual([]);
    expect(t.db.sql.pragma('user_version', { simple: true })).not.toBe(EVIDENCE_CHECK_PENDING);

    const found = await request(t.app).get('/v1/quotes').query({ q: '"now resign"' }).expect(200);
    expect(found.body.items).toHaveLength(1);
    const nowResign = found.body.items[0].id as number;
    expect(nowResign).not.toBe(ids.notResign);

    const quoteB = await request(t.app).get(`/v1/quotes/${nowResign}`).expect(200);
    expect(quoteB.body).toMatchObject({ text: 'I will now resign', speaker: { id: ids.speaker }, variantOf: { id: ids.notResign }, variants: [] });
    expect(quoteB.body.occurrences).toMatchObject([{ id: ids.occB, document: { id: ids.paperB }, relays: [{ name: 'Reuters' }] }]);
    const provenanceA = await request(t.app).get(`/v1/quotes/${ids.notResign}/provenance`).expect(200);
    expect(provenanceA.body.chains.map((c: { document: { id: number } }) => c.document.id)).toEqual([ids.paperA]);
    expect(provenanceA.body.variants.map((v: { id: number }) => v.id)).toEqual([nowResign]);

    for (const [words, quoteId, documentId] of [
      ['I will not resign', ids.notResign, ids.paperA],
      ['I will now resign', nowResign, ids.paperB],
    ] as const) {
      const answer = await request(t.app).post('/v1/verify').send({ text: words }).expect(200);
      expect(answer.body.verdict, words).toBe('accurate');
      expect(answer.body.matches[0]).toMatchObject({ quote: { id: quoteId }, provenance: { documents: 1, earliest: { documentId } } });
    }
  });

  it('when the right quote was already stored, then the occurrence joins it and it becomes a variant', async () => {
    const four = await request(t.app).get(`/v1/quotes/${ids.four}`).expect(200);
    expect(four.body.variantOf).toMatchObject({ id: ids.three });
    expect(four.body.occurrences.map((o: { document: { id: number } }) => o.document.id).sort()).toEqual([ids.fourDoc, ids.fourElsewhere].sort());
    const three = await request(t.app).get(`/v1/quotes/${ids.three}`).expect(200);
    expect(three.body.occurrences).toHaveLength(1);
    const answer = await request(t.app).post('/v1/verify').send({ text: 'Inflation will fall to 4 percent by the end of next year' }).expect(200);
    expect(answer.body).toMatchObject({ verdict: 'accurate', matches: [{ quote: { id: ids.four }, provenance: { documents: 2 } }] });
  });

  it('when no document holds a quote’s words, then that quote is removed and the words its document does hold are a quote', async () => {
    await request(t.app).get(`/v1/quotes/${ids.lone}`).expect(404);
    const found = await request(t.app).get('/v1/quotes').query({ q: '"border in spring"' }).expect(200);
    expect(found.body.items).toMatchObject([{ text: 'We shall open the border in spring', speaker: { id: ids.speaker } }]);
    const moved = await request(t.app).get(`/v1/quotes/${found.body.items[0].id}`).expect(200);
    expect(moved.body).toMatchObject({ variantOf: null, occurrences: [{ document: { id: ids.loneDoc } }] });
    const removed = t.db.sql.prepare("SELECT COUNT(*) FROM AuditEvent WHERE action = 'delete' AND entityType = 'Quote' AND entityId = ?").pluck().get(ids.lone);
    expect(removed).toBe(1);
    const moves = t.db.sql.prepare("SELECT COUNT(*) FROM AuditEvent WHERE action = 'update' AND entityType = 'Occurrence'").pluck().get();
    expect(moves).toBe(3);
  });
});
