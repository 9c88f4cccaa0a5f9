import { attestedWords } from '../../src/domain/evidence.ts';
import type { TestApp } from './test-app.ts';

interface Row {
  occurrenceId: number;
  quoteId: number;
  start: number;
  end: number;
  normalizedText: string;
  documentText: string;
}

interface Link {
  id: number;
  variantOfId: number;
  rootLink: number | null;
  sameSpeaker: number;
}

/**
 * What breaks the evidence invariant in the database, read underneath the
 * ports: every occurrence whose document text at its offsets, normalised, is
 * not its quote's words; every variant link that chains (points at a
 * variant) or crosses speakers. Empty when all holds.
 */
export async function evidenceViolations(t: Pick<TestApp, 'backend' | 'db' | 'postgres'>): Promise<string[]> {
  const [rows, links] =
    t.backend === 'postgres'
      ? await Promise.all([
          t.postgres.connections.write
            .query<Row>(
              `SELECT o.id AS "occurrenceId", o.quote_id AS "quoteId", o.start, o."end", q.normalized_text AS "normalizedText", d.text AS "documentText"
               FROM occurrence o JOIN quote q ON q.id = o.quote_id JOIN document d ON d.id = o.document_id`,
            )
            .then((r) => r.rows),
          t.postgres.connections.write
            .query<Link>(
              `SELECT q.id, q.variant_of_id AS "variantOfId", r.variant_of_id AS "rootLink", (q.speaker_id = r.speaker_id)::int AS "sameSpeaker"
               FROM quote q JOIN quote r ON r.id = q.variant_of_id WHERE r.variant_of_id IS NOT NULL OR q.speaker_id <> r.speaker_id`,
            )
            .then((r) => r.rows),
        ])
      : [
          t.db.sql
            .prepare(
              `SELECT o.id AS occurrenceId, o.quoteId, o.start, o."end" AS "end", q.normalizedText, d.text AS documentText
               FROM Occurrence o JOIN Quote q ON q.id = o.quoteId JOIN Document d ON d.id = o.documentId`,
            )
            .all() as Row[],
          t.db.sql
            .prepare(
              `SELECT q.id, q.variantOfId, r.variantOfId AS rootLink, q.speakerId = r.speakerId AS sameSpeaker
               FROM Quote q JOIN Quote r ON r.id = q.variantOfId WHERE r.variantOfId IS NOT NULL OR q.speakerId <> r.speakerId`,
            )
            .all() as Link[],
        ];
  const violations = rows
    .filter((r) => attestedWords(r.documentText, r.start, r.end) !== r.normalizedText)
    .map((r) => `occurrence #${r.occurrenceId} of quote #${r.quoteId} holds "${r.documentText.slice(r.start, r.end)}", not "${r.normalizedText}"`);
  for (const l of links) violations.push(`quote #${l.id} is a variant of #${l.variantOfId}, which ${l.sameSpeaker ? `is itself a variant of #${l.rootLink}` : "is another speaker's"}`);
  return violations;
}
