import { AppError } from '../../../domain/errors.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import { isQuoteField, mentionValue, OCCURRENCE_FIELD, QUOTE_FIELDS, type QuoteField } from '../../quote-fields.ts';
import { row, rows, value, type Queryable, type WriteContext } from '../connection.ts';
import type { RevisableEntity } from './revisions.ts';
import { timestamp } from './rows.ts';
import { syncQuotes } from './search-sync.ts';

/** The column of each correctable quote field. */
const COLUMN: Record<QuoteField, string> = { kind: 'kind', saidOn: 'said_on', venue: 'venue', aboutSpeakerId: 'about_speaker_id', speakerId: 'speaker_id', status: 'status' };

const WITHDRAWN_SQL = "('retracted', 'rejected')";

/** Withdrawn evidence of quote $1 under its current speaker (all of it when the quote is withdrawn), tombstoned at $2. */
export const WITHDRAW_TOMBSTONES_SQL = `INSERT INTO tombstone (document_sha256, start, "end", speaker_id, quote_id, reason, created_at)
    SELECT d.sha256, o.start, o."end", q.speaker_id, q.id, CASE WHEN q.status IN ${WITHDRAWN_SQL} THEN q.status ELSE o.status END, $2
    FROM quote q JOIN occurrence o ON o.quote_id = q.id JOIN document d ON d.id = o.document_id
    WHERE q.id = $1 AND (q.status IN ${WITHDRAWN_SQL} OR o.status IN ${WITHDRAWN_SQL})
    ON CONFLICT (document_sha256, start, "end", speaker_id) DO NOTHING`;

const SQL = {
  quote: `SELECT ${QUOTE_FIELDS.map((f) => `${COLUMN[f]} AS "${f}"`).join(', ')} FROM quote WHERE id = $1`,
  occurrence: 'SELECT status, speaker_mention_text, speaker_mention_start, speaker_mention_end FROM occurrence WHERE id = $1 AND quote_id = $2',
  sameWords: 'SELECT o.id FROM quote o JOIN quote q ON q.normalized_hash = o.normalized_hash WHERE q.id = $1 AND o.speaker_id = $2 AND o.id <> q.id',
  occurrenceStatus: 'UPDATE occurrence SET status = $3, status_reason = $4, status_changed_at = $5, status_changed_by = $6 WHERE id = $1 AND quote_id = $2',
  occurrenceMention: 'UPDATE occurrence SET speaker_mention_text = $3, speaker_mention_start = $4, speaker_mention_end = $5 WHERE id = $1 AND quote_id = $2',
  // Tombstones of a move: the words at these offsets are not the old speaker's (docs/editorial.md#tombstones).
  moveOut: `INSERT INTO tombstone (document_sha256, start, "end", speaker_id, quote_id, reason, created_at)
    SELECT d.sha256, o.start, o."end", $2, o.quote_id, 'moved', $3 FROM occurrence o JOIN document d ON d.id = o.document_id
    WHERE o.quote_id = $1 ON CONFLICT (document_sha256, start, "end", speaker_id) DO NOTHING`,
  moveBack: `DELETE FROM tombstone WHERE quote_id = $1 AND speaker_id = $2 AND reason = 'moved'`,
  clearWithdrawn: `DELETE FROM tombstone WHERE quote_id = $1 AND reason <> 'moved'`,
  withdraw: WITHDRAW_TOMBSTONES_SQL,
} as const;

interface OccurrenceRow {
  status: string;
  speaker_mention_text: string | null;
  speaker_mention_start: number | null;
  speaker_mention_end: number | null;
}

/**
 * A quote's correctable fields (and its occurrences' status and speaker mention), read and written inside
 * the caller's transaction, with the filter tags and the tombstones kept in step: what corrections, status
 * changes, review decisions and their undo all run (as the SQLite backend's QuoteCorrections).
 */
export class QuoteCorrections implements RevisableEntity {
  async current(db: Queryable, id: number, fields: readonly string[]): Promise<Record<string, RevisionValue> | null> {
    const quote = await row<Record<QuoteField, RevisionValue>>(db, SQL.quote, [id]);
    if (quote === null) return null;
    const values: Record<string, RevisionValue> = {};
    for (const field of fields) {
      if (isQuoteField(field)) values[field] = quote[field];
      const occurrence = OCCURRENCE_FIELD.exec(field);
      if (occurrence === null) continue;
      const o = await row<OccurrenceRow>(db, SQL.occurrence, [Number(occurrence[1]), id]);
      if (o === null) values[field] = null;
      else if (occurrence[2] === 'status') values[field] = o.status;
      else values[field] = o.speaker_mention_text === null ? null : { text: o.speaker_mention_text, start: o.speaker_mention_start, end: o.speaker_mention_end };
    }
    return values;
  }

  /** Sets the fields; a new speaker must not have the same words on record already (`speaker_has_same_words`). */
  async apply(ctx: WriteContext, id: number, values: Record<string, RevisionValue>, reason: string): Promise<void> {
    const db = ctx.client;
    const before = await value<number>(db, 'SELECT speaker_id FROM quote WHERE id = $1 FOR UPDATE', [id]);
    if (before === null) throw new AppError('not_found', `No quote with id "${id}".`);
    if ('speakerId' in values && values.speakerId !== before) await this.move(ctx, id, before, values.speakerId as number);
    const columns = QUOTE_FIELDS.filter((c) => c in values);
    if (columns.length > 0) {
      const params: unknown[] = [id, ctx.now];
      const set = columns.map((c) => `${COLUMN[c]} = $${params.push(values[c])}`);
      if ('status' in values) set.push(`status_reason = $${params.push(reason)}`, `status_changed_at = $${params.push(timestamp(ctx.now))}`, `status_changed_by = $${params.push(ctx.actor.name)}`);
      await rows(db, `UPDATE quote SET ${set.join(', ')}, updated_at = $2 WHERE id = $1`, params);
    }
    for (const [field, v] of Object.entries(values)) {
      const occurrence = OCCURRENCE_FIELD.exec(field);
      if (occurrence === null) continue;
      const target = [Number(occurrence[1]), id];
      if (occurrence[2] === 'status') await rows(db, SQL.occurrenceStatus, [...target, v, reason, timestamp(ctx.now), ctx.actor.name]);
      else {
        const mention = mentionValue(v);
        await rows(db, SQL.occurrenceMention, [...target, mention.text, mention.start, mention.end]);
      }
    }
    await rows(db, SQL.clearWithdrawn, [id]);
    await rows(db, SQL.withdraw, [id, ctx.now]);
    await syncQuotes(db, [id]);
  }

  /** The quote's words leave one speaker for another: tombstones keep a re-ingest from filing them under the old one again. */
  private async move(ctx: WriteContext, id: number, from: number, to: number): Promise<void> {
    const existing = await value<number>(ctx.client, SQL.sameWords, [id, to]);
    if (existing !== null) {
      throw new AppError('speaker_has_same_words', `The new speaker already has these words on record as quote #${existing}; retract one of the two instead.`, { existingId: existing });
    }
    await rows(ctx.client, SQL.moveBack, [id, to]);
    await rows(ctx.client, SQL.moveOut, [id, from, ctx.now]);
  }
}
