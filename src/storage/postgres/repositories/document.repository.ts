import type { DocumentSummary } from '../../../domain/models.ts';
import type { DocumentQuote, DocumentReadRepository } from '../../ports/index.ts';
import { row, rows, type Queryable } from '../connection.ts';
import { DOCUMENT_COLUMNS, SPEAKER_COLUMNS, toDocument, type DocumentRow } from './rows.ts';
import { toDocumentQuote, type DocumentQuoteRow } from '../../shared/rows.ts';

export class PostgresDocumentRepository implements DocumentReadRepository {
  constructor(private readonly db: Queryable) {}

  async findById(id: number): Promise<(DocumentSummary & { text: string }) | null> {
    const r = await row<DocumentRow & { text: string }>(this.db, `SELECT ${DOCUMENT_COLUMNS}, d.text FROM document d WHERE d.id = $1`, [id]);
    return r === null ? null : { ...toDocument(r), text: r.text };
  }

  async findBySha256(sha256: string): Promise<DocumentSummary | null> {
    const r = await row<DocumentRow>(this.db, `SELECT ${DOCUMENT_COLUMNS} FROM document d WHERE d.sha256 = $1`, [sha256]);
    return r === null ? null : toDocument(r);
  }

  async texts(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const found = await rows<{ id: number; text: string }>(this.db, 'SELECT id, text FROM document WHERE id = ANY($1::int[])', [[...new Set(ids)]]);
    return new Map(found.map((r) => [r.id, r.text]));
  }

  async quotesIn(documentId: number): Promise<DocumentQuote[]> {
    const found = await rows<DocumentQuoteRow>(
      this.db,
      `SELECT o.id AS "occurrenceId", o.quote_id AS "quoteId", o.start, o."end", q.kind AS "quoteKind", ${SPEAKER_COLUMNS}
       FROM occurrence o JOIN quote q ON q.id = o.quote_id JOIN speaker s ON s.id = q.speaker_id
       WHERE o.document_id = $1 ORDER BY o.start, o."end" DESC, o.id`,
      [documentId],
    );
    return found.map(toDocumentQuote);
  }
}
