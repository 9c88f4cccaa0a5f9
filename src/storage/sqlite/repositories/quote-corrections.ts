import type { WriteContext } from '../sql-writer.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import type { QuotePatch } from '../../ports/index.ts';
import { syncQuotesSql, unindexQuotesSql } from '../search/search-index.sql.ts';
import type { RevisableEntity } from './revision-writes.ts';
import type { WriteStatements } from './write-statements.ts';

/** The quote columns a correction (or its undo) may set, by name: nothing else reaches the SQL. */
export const QUOTE_FIELDS = ['kind', 'saidOn', 'venue', 'aboutSpeakerId'] as const satisfies readonly (keyof QuotePatch)[];
export type QuoteField = (typeof QUOTE_FIELDS)[number];

const isQuoteField = (field: string): field is QuoteField => (QUOTE_FIELDS as readonly string[]).includes(field);

/**
 * A quote's correctable fields, read and written inside the caller's
 * transaction with the search index kept in step: what corrections and their
 * undo both run.
 */
export class QuoteCorrections implements RevisableEntity {
  constructor(private readonly sql: WriteStatements) {}

  current(id: number, fields: readonly string[]): Record<string, RevisionValue> | null {
    const row = this.sql.cache.get(`SELECT ${QUOTE_FIELDS.join(', ')} FROM Quote WHERE id = ?`).get(id) as Record<QuoteField, RevisionValue> | undefined;
    if (row === undefined) return null;
    return Object.fromEntries(fields.filter(isQuoteField).map((f) => [f, row[f]]));
  }

  apply(ctx: WriteContext, id: number, values: Record<string, RevisionValue>): void {
    const columns = QUOTE_FIELDS.filter((c) => c in values);
    if (columns.length === 0) return;
    const set = [...columns.map((c) => `${c} = @${c}`), "searchTags = ''", 'updatedAt = @now'].join(', ');
    // Unindex before the row changes: the index must be told the values it holds.
    this.sql.cache.get(unindexQuotesSql('one')).run(id);
    this.sql.cache.get(`UPDATE Quote SET ${set} WHERE id = @id`).run({ ...Object.fromEntries(columns.map((c) => [c, values[c]])), id, now: ctx.now });
    for (const sql of syncQuotesSql('one')) this.sql.cache.get(sql).run(id);
  }
}
