import type { RevisionValue } from '../../../domain/revision.ts';
import type { DocumentFields } from '../../ports/index.ts';
import { column, row, rows, type Queryable, type WriteContext } from '../connection.ts';
import type { RevisableEntity } from './revisions.ts';
import { syncQuotes } from './search-sync.ts';

/** The document columns a correction (or its undo) may set, by name: nothing else reaches the SQL. The text is evidence: never. */
export const DOCUMENT_FIELDS = ['outlet', 'title', 'url', 'publishedOn', 'dateline', 'language'] as const satisfies readonly (keyof DocumentFields)[];
type DocumentField = (typeof DOCUMENT_FIELDS)[number];

const COLUMN: Record<DocumentField, string> = { outlet: 'outlet', title: 'title', url: 'url', publishedOn: 'published_on', dateline: 'dateline', language: 'language' };

const isDocumentField = (field: string): field is DocumentField => (DOCUMENT_FIELDS as readonly string[]).includes(field);

/**
 * A document's metadata, read and written inside the caller's transaction: what corrections and their
 * undo both run (as the SQLite backend's DocumentCorrections). Its quotes are re-filed for search (the
 * date they are filed under, the outlets and languages they are found by follow the document).
 */
export class DocumentCorrections implements RevisableEntity {
  async current(db: Queryable, id: number, fields: readonly string[]): Promise<Record<string, RevisionValue> | null> {
    const found = await row<Record<DocumentField, RevisionValue>>(db, `SELECT ${DOCUMENT_FIELDS.map((f) => `${COLUMN[f]} AS "${f}"`).join(', ')} FROM document WHERE id = $1`, [id]);
    if (found === null) return null;
    return Object.fromEntries(fields.filter(isDocumentField).map((f) => [f, found[f]]));
  }

  async apply(ctx: WriteContext, id: number, values: Record<string, RevisionValue>): Promise<void> {
    const columns = DOCUMENT_FIELDS.filter((c) => c in values);
    if (columns.length === 0) return;
    const params: unknown[] = [id];
    await rows(ctx.client, `UPDATE document SET ${columns.map((c) => `${COLUMN[c]} = $${params.push(values[c])}`).join(', ')} WHERE id = $1`, params);
    await syncQuotes(ctx.client, await column<number>(ctx.client, 'SELECT DISTINCT quote_id FROM occurrence WHERE document_id = $1', [id]));
  }
}
