import type { RevisionValue } from '../../../domain/revision.ts';
import type { WriteContext } from '../sql-writer.ts';
import type { DocumentFields } from '../../ports/index.ts';
import type { RevisableEntity } from './revision-writes.ts';
import type { WriteStatements } from './write-statements.ts';

/** The document columns a correction (or its undo) may set, by name: nothing else reaches the SQL. The text is evidence: never. */
export const DOCUMENT_FIELDS = ['outlet', 'title', 'url', 'publishedOn', 'dateline', 'language'] as const satisfies readonly (keyof DocumentFields)[];
type DocumentField = (typeof DOCUMENT_FIELDS)[number];

const isDocumentField = (field: string): field is DocumentField => (DOCUMENT_FIELDS as readonly string[]).includes(field);

/**
 * A document's metadata, read and written inside the caller's transaction: what corrections and
 * their undo both run. Its quotes are re-filed for search (the date they are filed under, the
 * outlets and languages they are found by follow the document).
 */
export class DocumentCorrections implements RevisableEntity {
  constructor(private readonly sql: WriteStatements) {}

  current(id: number, fields: readonly string[]): Record<string, RevisionValue> | null {
    const row = this.sql.cache.get(`SELECT ${DOCUMENT_FIELDS.join(', ')} FROM Document WHERE id = ?`).get(id) as Record<DocumentField, RevisionValue> | undefined;
    if (row === undefined) return null;
    return Object.fromEntries(fields.filter(isDocumentField).map((f) => [f, row[f]]));
  }

  apply(_ctx: WriteContext, id: number, values: Record<string, RevisionValue>): void {
    const columns = DOCUMENT_FIELDS.filter((c) => c in values);
    if (columns.length === 0) return;
    this.sql.cache
      .get(`UPDATE Document SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
      .run({ ...Object.fromEntries(columns.map((c) => [c, values[c]])), id });
    const quotes = this.sql.cache.get('SELECT DISTINCT quoteId FROM Occurrence WHERE documentId = ?').pluck().all(id) as number[];
    this.sql.resyncLater({ quotes });
  }
}
