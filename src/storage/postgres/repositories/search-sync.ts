import { rows, type Queryable } from '../connection.ts';

/**
 * Re-files the selected quotes (filed_on: said on, else earliest publication)
 * and recomputes their filter tags (quote_search_tags, the migration's SQL
 * function) from the new date, in one statement. The tsvector follows the
 * text by itself (a generated column).
 */
const SYNC = (where: string) => `UPDATE quote q SET filed_on = f.filed_on, search_tags = quote_search_tags(q.id, q.speaker_id, q.kind, f.filed_on)
  FROM (SELECT id, quote_filed_on(id, said_on) AS filed_on FROM quote WHERE ${where}) f WHERE q.id = f.id`;

export async function syncQuotes(db: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await rows(db, SYNC('id = ANY($1::int[])'), [[...new Set(ids)]]);
}

export async function syncSpeakerQuotes(db: Queryable, speakerId: number): Promise<void> {
  await rows(db, SYNC('speaker_id = $1'), [speakerId]);
}

/** Every quote; returns how many. */
export async function syncAllQuotes(db: Queryable): Promise<number> {
  const result = await db.query(SYNC('true'));
  return result.rowCount ?? 0;
}
