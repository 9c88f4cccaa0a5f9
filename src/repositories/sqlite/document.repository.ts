import type { SqlConnection } from '../../db/database.ts';
import type { DocumentSummary, QuoteKind } from '../../domain/models.ts';
import type { DocumentQuote, DocumentReadRepository } from '../ports.ts';
import { DOCUMENT_COLUMNS, toDocument, toSpeaker, type DocumentRow, type SpeakerRow } from './rows.ts';
import { StatementCache } from './statements.ts';

export class SqliteDocumentRepository implements DocumentReadRepository {
  private readonly statements: StatementCache;

  constructor(sql: SqlConnection) {
    this.statements = new StatementCache(sql);
  }

  findById(id: number): (DocumentSummary & { text: string }) | null {
    const row = this.statements.get(`SELECT ${DOCUMENT_COLUMNS}, d.text FROM Document d WHERE d.id = ?`).get(id) as
      | (DocumentRow & { text: string })
      | undefined;
    return row === undefined ? null : { ...toDocument(row), text: row.text };
  }

  findBySha256(sha256: string): DocumentSummary | null {
    const row = this.statements.get(`SELECT ${DOCUMENT_COLUMNS} FROM Document d WHERE d.sha256 = ?`).get(sha256) as
      | DocumentRow
      | undefined;
    return row === undefined ? null : toDocument(row);
  }

  texts(ids: number[]): Map<number, string> {
    const texts = new Map<number, string>();
    const statement = this.statements.get('SELECT text FROM Document WHERE id = ?').pluck();
    for (const id of new Set(ids)) {
      const text = statement.get(id) as string | undefined;
      if (text !== undefined) texts.set(id, text);
    }
    return texts;
  }

  quotesIn(documentId: number): DocumentQuote[] {
    const rows = this.statements
      .get(
        `SELECT o.id AS occurrenceId, o.quoteId, o.start, o."end", q.kind AS quoteKind, s.id, s.slug, s.name, s.kind, s.description
         FROM Occurrence o JOIN Quote q ON q.id = o.quoteId JOIN Speaker s ON s.id = q.speakerId
         WHERE o.documentId = ? ORDER BY o.start, o."end" DESC, o.id`,
      )
      .all(documentId) as (SpeakerRow & { occurrenceId: number; quoteId: number; start: number; end: number; quoteKind: string })[];
    return rows.map((r) => ({
      occurrenceId: r.occurrenceId,
      quoteId: r.quoteId,
      start: r.start,
      end: r.end,
      kind: r.quoteKind as QuoteKind,
      speaker: toSpeaker(r),
    }));
  }
}
