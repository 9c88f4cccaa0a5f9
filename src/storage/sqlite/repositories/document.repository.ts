import type { SqlConnection } from '../database.ts';
import type { DocumentSummary } from '../../../domain/models.ts';
import type { DocumentQuote, DocumentReadRepository } from '../../ports/index.ts';
import { DOCUMENT_COLUMNS, toDocument, type DocumentRow } from './rows.ts';
import { StatementCache } from './statements.ts';
import type { ReadExecutor } from '../reader/reader-thread.ts';
import { toDocumentQuote, type DocumentQuoteRow } from '../../shared/rows.ts';

/**
 * Texts longer than this (UTF-8 bytes) are read on the reader thread: reading
 * a 500,000-character text here holds the serving thread ~1.6 ms (its pages
 * walked, its UTF-8 decoded), copying it from the thread a fraction of that.
 */
const LONG_TEXT_BYTES = 65_536;

export class SqliteDocumentRepository implements DocumentReadRepository {
  private readonly statements: StatementCache;

  /** `reader`: where texts longer than `longTextBytes` are read (none: all here). */
  constructor(
    sql: SqlConnection,
    private readonly reader: ReadExecutor | null = null,
    private readonly longTextBytes = LONG_TEXT_BYTES,
  ) {
    this.statements = new StatementCache(sql);
  }

  async findById(id: number): Promise<(DocumentSummary & { text: string }) | null> {
    // octet_length reads the text's length from its header, not its pages.
    const row = this.statements
      .get(`SELECT ${DOCUMENT_COLUMNS}, CASE WHEN octet_length(d.text) <= ${this.longTextBytes} THEN d.text END AS text FROM Document d WHERE d.id = ?`)
      .get(id) as (DocumentRow & { text: string | null }) | undefined;
    if (row === undefined) return null;
    const text = row.text ?? (await this.longText(id));
    return text === null ? null : { ...toDocument(row), text };
  }

  /** A long text, read on the reader thread when there is one. */
  private async longText(id: number): Promise<string | null> {
    const sql = 'SELECT text FROM Document WHERE id = ?';
    const found = this.reader === null ? this.statements.get(sql).pluck().all(id) : await this.reader.run({ op: 'all', sql, params: [id], mode: 'pluck' });
    return (found[0] as string | undefined) ?? null;
  }

  async findBySha256(sha256: string): Promise<DocumentSummary | null> {
    const row = this.statements.get(`SELECT ${DOCUMENT_COLUMNS} FROM Document d WHERE d.sha256 = ?`).get(sha256) as
      | DocumentRow
      | undefined;
    return row === undefined ? null : toDocument(row);
  }

  async texts(ids: number[]): Promise<Map<number, string>> {
    const texts = new Map<number, string>();
    const statement = this.statements.get('SELECT text FROM Document WHERE id = ?').pluck();
    for (const id of new Set(ids)) {
      const text = statement.get(id) as string | undefined;
      if (text !== undefined) texts.set(id, text);
    }
    return texts;
  }

  async quotesIn(documentId: number): Promise<DocumentQuote[]> {
    const rows = this.statements
      .get(
        `SELECT o.id AS occurrenceId, o.quoteId, o.start, o."end", q.kind AS quoteKind, s.id, s.slug, s.name, s.kind, s.description
         FROM Occurrence o JOIN Quote q ON q.id = o.quoteId JOIN Speaker s ON s.id = q.speakerId
         WHERE o.documentId = ? ORDER BY o.start, o."end" DESC, o.id`,
      )
      .all(documentId) as DocumentQuoteRow[];
    return rows.map(toDocumentQuote);
  }
}
