import type { WriteContext } from '../sql-writer.ts';
import { AppError } from '../../../domain/errors.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import { WITHDRAWN_STATUSES } from '../../../domain/status.ts';
import { isQuoteField, mentionValue, OCCURRENCE_FIELD, QUOTE_FIELDS, type QuoteField } from '../../quote-fields.ts';
import { syncQuotesSql, unindexQuotesSql } from '../search/search-index.sql.ts';
import type { RevisableEntity } from './revision-writes.ts';
import type { WriteStatements } from './write-statements.ts';

const WITHDRAWN_SQL = `(${WITHDRAWN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Tombstones of the quote's withdrawn evidence under its current speaker (docs/editorial.md#tombstones): all
 * of it when the quote is withdrawn, else its withdrawn occurrences. Parameters @quoteId, @now.
 */
export const WITHDRAW_TOMBSTONES_SQL = `INSERT INTO Tombstone (documentSha256, start, "end", speakerId, quoteId, reason, createdAt)
    SELECT d.sha256, o.start, o."end", q.speakerId, q.id, CASE WHEN q.status IN ${WITHDRAWN_SQL} THEN q.status ELSE o.status END, @now
    FROM Quote q JOIN Occurrence o ON o.quoteId = q.id JOIN Document d ON d.id = o.documentId
    WHERE q.id = @quoteId AND (q.status IN ${WITHDRAWN_SQL} OR o.status IN ${WITHDRAWN_SQL})
    ON CONFLICT (documentSha256, start, "end", speakerId) DO NOTHING`;

const SQL = {
  quote: `SELECT ${QUOTE_FIELDS.join(', ')} FROM Quote WHERE id = ?`,
  occurrence: `SELECT status, speakerMentionText, speakerMentionStart, speakerMentionEnd FROM Occurrence WHERE id = ? AND quoteId = ?`,
  sameWords: `SELECT o.id FROM Quote o JOIN Quote q ON q.normalizedHash = o.normalizedHash WHERE q.id = ? AND o.speakerId = ? AND o.id <> q.id`,
  occurrenceStatus: `UPDATE Occurrence SET status = @status, statusReason = @reason, statusChangedAt = @now, statusChangedBy = @by
    WHERE id = @id AND quoteId = @quoteId`,
  occurrenceMention: `UPDATE Occurrence SET speakerMentionText = @text, speakerMentionStart = @start, speakerMentionEnd = @end
    WHERE id = @id AND quoteId = @quoteId`,
  // Tombstones of a move: the words at these offsets are not the old speaker's (docs/editorial.md#tombstones).
  moveOut: `INSERT INTO Tombstone (documentSha256, start, "end", speakerId, quoteId, reason, createdAt)
    SELECT d.sha256, o.start, o."end", @from, o.quoteId, 'moved', @now FROM Occurrence o JOIN Document d ON d.id = o.documentId
    WHERE o.quoteId = @quoteId ON CONFLICT (documentSha256, start, "end", speakerId) DO NOTHING`,
  moveBack: `DELETE FROM Tombstone WHERE quoteId = ? AND speakerId = ? AND reason = 'moved'`,
  clearWithdrawn: `DELETE FROM Tombstone WHERE quoteId = ? AND reason <> 'moved'`,
  withdraw: WITHDRAW_TOMBSTONES_SQL,
} as const;

interface OccurrenceRow {
  status: string;
  speakerMentionText: string | null;
  speakerMentionStart: number | null;
  speakerMentionEnd: number | null;
}

/**
 * A quote's correctable fields (and its occurrences' status and speaker
 * mention), read and written inside the caller's transaction, with the search
 * index and the tombstones kept in step: what corrections, status changes,
 * review decisions and their undo all run.
 */
export class QuoteCorrections implements RevisableEntity {
  constructor(private readonly sql: WriteStatements) {}

  current(id: number, fields: readonly string[]): Record<string, RevisionValue> | null {
    const row = this.sql.cache.get(SQL.quote).get(id) as Record<QuoteField, RevisionValue> | undefined;
    if (row === undefined) return null;
    const values: Record<string, RevisionValue> = {};
    for (const field of fields) {
      if (isQuoteField(field)) values[field] = row[field];
      const occurrence = OCCURRENCE_FIELD.exec(field);
      if (occurrence === null) continue;
      const o = this.sql.cache.get(SQL.occurrence).get(Number(occurrence[1]), id) as OccurrenceRow | undefined;
      if (o === undefined) values[field] = null;
      else if (occurrence[2] === 'status') values[field] = o.status;
      else values[field] = o.speakerMentionText === null ? null : { text: o.speakerMentionText, start: o.speakerMentionStart, end: o.speakerMentionEnd };
    }
    return values;
  }

  /**
   * Sets the fields. A new speaker must not have the same words on record
   * already (`speaker_has_same_words`: the unique (words, speaker) key; the
   * editor retracts one of the two instead). A new status carries the
   * reason, time and key name as its note.
   */
  apply(ctx: WriteContext, id: number, values: Record<string, RevisionValue>, reason: string): void {
    const columns = QUOTE_FIELDS.filter((c) => c in values);
    const before = this.current(id, ['speakerId']);
    if (before === null) throw new AppError('not_found', `No quote with id "${id}".`);
    // Unindex before the row changes: the index must be told the values it holds.
    this.sql.cache.get(unindexQuotesSql('one')).run(id);
    if ('speakerId' in values && values.speakerId !== before.speakerId) this.move(ctx, id, before.speakerId as number, values.speakerId as number);
    if (columns.length > 0) {
      const status = 'status' in values ? ', statusReason = @reason, statusChangedAt = @now, statusChangedBy = @by' : '';
      const set = [...columns.map((c) => `${c} = @${c}`), "searchTags = ''", 'updatedAt = @now'].join(', ');
      this.sql.cache
        .get(`UPDATE Quote SET ${set}${status} WHERE id = @id`)
        .run({ ...Object.fromEntries(columns.map((c) => [c, values[c]])), id, now: ctx.now, reason, by: ctx.actor.name });
    }
    for (const [field, value] of Object.entries(values)) {
      const occurrence = OCCURRENCE_FIELD.exec(field);
      if (occurrence === null) continue;
      const target = { id: Number(occurrence[1]), quoteId: id };
      if (occurrence[2] === 'status') this.sql.run(SQL.occurrenceStatus, { ...target, status: value, reason, now: ctx.now, by: ctx.actor.name });
      else this.sql.run(SQL.occurrenceMention, { ...target, ...mentionValue(value) });
    }
    this.sql.run(SQL.clearWithdrawn, id);
    this.sql.run(SQL.withdraw, { quoteId: id, now: ctx.now });
    for (const sql of syncQuotesSql('one')) this.sql.cache.get(sql).run(id);
  }

  /** The quote's words leave one speaker for another: tombstones keep a re-ingest from filing them under the old one again. */
  private move(ctx: WriteContext, id: number, from: number, to: number): void {
    const existing = this.sql.id(SQL.sameWords, id, to);
    if (existing !== null) {
      throw new AppError('speaker_has_same_words', `The new speaker already has these words on record as quote #${existing}; retract one of the two instead.`, {
        existingId: existing,
      });
    }
    this.sql.run(SQL.moveBack, id, to);
    this.sql.run(SQL.moveOut, { from, quoteId: id, now: ctx.now });
  }
}
