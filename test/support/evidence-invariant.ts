import { attestedWords } from '../../src/domain/evidence.ts';
import type { Database } from '../../src/storage/sqlite/database.ts';

interface Row {
  occurrenceId: number;
  quoteId: number;
  start: number;
  end: number;
  normalizedText: string;
  documentText: string;
}

/**
 * What breaks the evidence invariant in the database, read underneath the
 * ports: every occurrence whose document text at its offsets, normalised, is
 * not its quote's words; every variant link that chains (points at a
 * variant) or crosses speakers. Empty when all holds.
 */
export function evidenceViolations(db: Database): string[] {
  const rows = db.sql
    .prepare(
      `SELECT o.id AS occurrenceId, o.quoteId, o.start, o."end" AS "end", q.normalizedText, d.text AS documentText
       FROM Occurrence o JOIN Quote q ON q.id = o.quoteId JOIN Document d ON d.id = o.documentId`,
    )
    .all() as Row[];
  const violations = rows
    .filter((r) => attestedWords(r.documentText, r.start, r.end) !== r.normalizedText)
    .map((r) => `occurrence #${r.occurrenceId} of quote #${r.quoteId} holds "${r.documentText.slice(r.start, r.end)}", not "${r.normalizedText}"`);
  const links = db.sql
    .prepare(
      `SELECT q.id, q.variantOfId, r.variantOfId AS rootLink, q.speakerId = r.speakerId AS sameSpeaker
       FROM Quote q JOIN Quote r ON r.id = q.variantOfId WHERE r.variantOfId IS NOT NULL OR q.speakerId <> r.speakerId`,
    )
    .all() as { id: number; variantOfId: number; rootLink: number | null; sameSpeaker: number }[];
  for (const l of links) violations.push(`quote #${l.id} is a variant of #${l.variantOfId}, which ${l.sameSpeaker ? `is itself a variant of #${l.rootLink}` : "is another speaker's"}`);
  return violations;
}
