import type { DocumentSummary, QuoteKind } from '../../../domain/models.ts';
import type { DocumentQuote, DocumentReadRepository } from '../../ports/index.ts';
import { row, rows, type Queryable } from '../connection.ts';
import { DOCUMENT_COLUMNS, SPEAKER_COLUMNS, toDocument, toSpeaker, type DocumentRow, type SpeakerRow } from './rows.ts';

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
    const found = await rows<SpeakerRow & { occurrence_id: number; quote_id: number; start: number; end: number; quote_kind: string }>(
      this.db,
      `SELECT o.id AS occurrence_id, o.quote_id, o.start, o."end", q.kind AS quote_kind, ${SPEAKER_COLUMNS}
       FROM occurrence o JOIN quote q ON q.id = o.quote_id JOIN speaker s ON s.id = q.speaker_id
       WHERE o.document_id = $1 ORDER BY o.start, o."end" DESC, o.id`,
      [documentId],
    );
    return found.map((r) => ({
      occurrenceId: r.occurrence_id,
      quoteId: r.quote_id,
      start: r.start,
      end: r.end,
      kind: r.quote_kind as QuoteKind,
      speaker: toSpeaker(r),
    }));
  }
}
