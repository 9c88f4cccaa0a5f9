import BetterSqlite3 from 'better-sqlite3';
import type { Actor } from '../../domain/actor.ts';
import { attestedWords } from '../../domain/evidence.ts';
import { sha256Hex } from '../../domain/text.ts';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';
import { auditParams, INSERT_AUDIT_SQL } from './repositories/audit.sql.ts';
import { sqliteTimestamp } from './repositories/timestamp.ts';
import { indexQuotesSql, refreshFiledOnSql, refreshTagsSql, unindexQuotesSql } from './search/search-index.sql.ts';

/**
 * The value of the main file's `PRAGMA user_version` that migration
 * 20261205010000_quote_variants sets: the stored occurrences have not been
 * checked against the evidence invariant (src/domain/evidence.ts) yet.
 */
export const EVIDENCE_CHECK_PENDING = 1;

export interface EvidenceRepairReport {
  /** Occurrences checked. */
  checked: number;
  /** Occurrences moved to the quote their words are. */
  moved: number;
  /** Occurrences dropped: the same words at the same offsets were already recorded for the right quote, or the offsets lie outside the text. */
  dropped: number;
  /** Quotes created for words that were filed under a near-duplicate. */
  quotesCreated: number;
  /** Quotes left with no document holding their words, removed. */
  quotesRemoved: number;
}

interface OccurrenceRow {
  id: number;
  quoteId: number;
  speakerId: number;
  documentId: number;
  start: number;
  end: number;
  normalizedText: string;
}

interface QuoteRow {
  id: number;
  kind: string;
  saidOn: string | null;
  venue: string | null;
  aboutSpeakerId: number | null;
  variantOfId: number | null;
}

/** Documents read per statement while checking: bounds memory on a large database. */
const DOCUMENTS_PER_BATCH = 500;

const MIGRATION: Actor = { keyId: null, role: null, via: 'cli', name: 'migration' };

/** An occurrence whose document does not hold its quote's words there, with the words it does hold. */
interface Misfiled extends OccurrenceRow {
  /** The document's words at the offsets: as written, and normalised (null: the offsets lie outside the text). */
  text: string;
  words: string | null;
}

/** Every occurrence whose document text at its offsets is not its quote's words. */
function findMisfiled(db: BetterSqlite3.Database): { checked: number; misfiled: Misfiled[] } {
  const documents = db.prepare('SELECT id, text FROM Document WHERE id > ? ORDER BY id LIMIT ?');
  const occurrences = db.prepare(`SELECT o.id, o.quoteId, q.speakerId, o.documentId, o.start, o."end" AS "end", q.normalizedText
    FROM Occurrence o JOIN Quote q ON q.id = o.quoteId WHERE o.documentId = ?`);
  const misfiled: Misfiled[] = [];
  let checked = 0;
  let after = 0;
  for (;;) {
    const batch = documents.all(after, DOCUMENTS_PER_BATCH) as { id: number; text: string }[];
    if (batch.length === 0) break;
    for (const doc of batch) {
      for (const o of occurrences.all(doc.id) as OccurrenceRow[]) {
        checked++;
        const words = attestedWords(doc.text, o.start, o.end);
        if (words !== o.normalizedText) misfiled.push({ ...o, text: doc.text.slice(o.start, o.end), words });
      }
    }
    after = (batch[batch.length - 1] as { id: number }).id;
  }
  // Earliest recorded first: the first occurrence of some words gives their new quote its text.
  misfiled.sort((a, b) => a.id - b.id);
  return { checked, misfiled };
}

/**
 * Splits off the occurrences filed under a quote whose words their document
 * does not hold at their offsets (before variants existed, ingest filed a
 * near-duplicate as a second occurrence of the quote it resembled). Each moves,
 * with its relays, to the speaker's quote of the words it does hold — created
 * as a variant of the original's root when there is none — and the search
 * index follows in the same transaction. A quote left with no occurrence (no
 * document holds its words) is removed, its variants re-rooted on the first of
 * them. The verify index picks the changed quotes up when it next reconciles
 * (every server start). Every change is audited.
 */
export function repairEvidence(db: BetterSqlite3.Database): EvidenceRepairReport {
  const { checked, misfiled } = findMisfiled(db);
  const report: EvidenceRepairReport = { checked, moved: 0, dropped: 0, quotesCreated: 0, quotesRemoved: 0 };
  if (misfiled.length === 0) return report;
  const now = sqliteTimestamp();
  const insertAudit = db.prepare(INSERT_AUDIT_SQL);
  const audit = (action: string, entityType: string, id: number) => insertAudit.run(...auditParams(MIGRATION, action, entityType, id, now));
  const quote = db.prepare('SELECT id, kind, saidOn, venue, aboutSpeakerId, variantOfId FROM Quote WHERE id = ?');
  const byWords = db.prepare('SELECT id, variantOfId FROM Quote WHERE normalizedHash = ? AND speakerId = ?');
  const hasVariants = db.prepare('SELECT 1 FROM Quote WHERE variantOfId = ? LIMIT 1');
  const insertQuote = db.prepare(`INSERT INTO Quote (speakerId, aboutSpeakerId, text, normalizedText, normalizedHash, kind, saidOn, venue, variantOfId, createdAt, updatedAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const duplicate = db.prepare('SELECT 1 FROM Occurrence WHERE quoteId = ? AND documentId = ? AND start = ? AND "end" = ?');
  const deleteOccurrence = db.prepare('DELETE FROM Occurrence WHERE id = ?');
  const moveOccurrence = db.prepare('UPDATE Occurrence SET quoteId = ? WHERE id = ?');
  const unindexOne = db.prepare(unindexQuotesSql('one'));
  const link = db.prepare('UPDATE Quote SET variantOfId = ?, updatedAt = ? WHERE id = ?');
  const touched = new Set<number>();
  // Out of the search index with the values it was indexed with, before anything changes.
  const originals = [...new Set(misfiled.map((o) => o.quoteId))];
  db.prepare(unindexQuotesSql('ids')).run(JSON.stringify(originals));
  for (const id of originals) touched.add(id);

  for (const o of misfiled) {
    if (o.words === null) {
      deleteOccurrence.run(o.id);
      audit('delete', 'Occurrence', o.id);
      report.dropped++;
      continue;
    }
    const original = quote.get(o.quoteId) as QuoteRow;
    const root = original.variantOfId ?? original.id;
    const hash = sha256Hex(o.words);
    let target = byWords.get(hash, o.speakerId) as { id: number; variantOfId: number | null } | undefined;
    if (target === undefined) {
      const id = Number(
        insertQuote.run(o.speakerId, original.aboutSpeakerId, o.text, o.words, hash, original.kind, original.saidOn, original.venue, root, now, now).lastInsertRowid,
      );
      audit('create', 'Quote', id);
      report.quotesCreated++;
      target = { id, variantOfId: root };
    } else {
      if (!touched.has(target.id)) unindexOne.run(target.id);
      // Linked unless that would chain links: a quote with a link, or with variants of its own, keeps its place.
      if (target.id !== root && target.variantOfId === null && hasVariants.get(target.id) === undefined) {
        link.run(root, now, target.id);
        audit('update', 'Quote', target.id);
      }
    }
    touched.add(target.id);
    if (duplicate.get(target.id, o.documentId, o.start, o.end) !== undefined) {
      deleteOccurrence.run(o.id);
      audit('delete', 'Occurrence', o.id);
      report.dropped++;
    } else {
      // Its relays stay with it (Relay.occurrenceId).
      moveOccurrence.run(target.id, o.id);
      audit('update', 'Occurrence', o.id);
      report.moved++;
    }
  }

  for (const id of originals) {
    if (db.prepare('SELECT 1 FROM Occurrence WHERE quoteId = ? LIMIT 1').get(id) !== undefined) continue;
    const first = db.prepare('SELECT MIN(id) FROM Quote WHERE variantOfId = ?').pluck().get(id) as number | null;
    if (first !== null) {
      db.prepare('UPDATE Quote SET variantOfId = ?, updatedAt = ? WHERE variantOfId = ? AND id <> ?').run(first, now, id, first);
      link.run(null, now, first);
    }
    db.prepare('DELETE FROM Quote WHERE id = ?').run(id);
    audit('delete', 'Quote', id);
    touched.delete(id);
    report.quotesRemoved++;
  }

  const ids = JSON.stringify([...touched]);
  db.prepare(refreshFiledOnSql('ids')).run(ids);
  db.prepare(refreshTagsSql('ids')).run(ids);
  db.prepare(indexQuotesSql('ids')).run(ids);
  return report;
}

/**
 * Runs `repairEvidence` on the database file when its migration asked for it
 * (EVIDENCE_CHECK_PENDING), in one transaction that also clears the request:
 * a crash leaves it to the next open. Null when nothing was pending.
 */
export function repairEvidenceIfPending(databasePath: string): EvidenceRepairReport | null {
  const db = new BetterSqlite3(databasePath, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  try {
    if (db.pragma('user_version', { simple: true }) !== EVIDENCE_CHECK_PENDING) return null;
    db.pragma('foreign_keys = ON');
    return db
      .transaction(() => {
        // Another process may have done it while this one waited for the lock.
        if (db.pragma('user_version', { simple: true }) !== EVIDENCE_CHECK_PENDING) return null;
        const report = repairEvidence(db);
        db.pragma('user_version = 0');
        return report;
      })
      .immediate();
  } finally {
    db.close();
  }
}
