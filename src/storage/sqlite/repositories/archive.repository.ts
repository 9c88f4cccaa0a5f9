import type { SqlConnection } from '../database.ts';
import type { DocumentSummary, QuoteDetail, SpeakerDetail } from '../../../domain/models.ts';
import type { ArchiveReadRepository } from '../../ports/index.ts';
import type { SqliteQuoteRepository } from './quote.repository.ts';
import { DOCUMENT_COLUMNS, toDocument, type DocumentRow } from './rows.ts';
import type { SqliteSpeakerRepository } from './speaker.repository.ts';
import { StatementCache } from './statements.ts';

/** The database in id order, a slice at a time: ids by primary key range, each item read as its page reads it. */
export class SqliteArchiveRepository implements ArchiveReadRepository {
  private readonly statements: StatementCache;

  constructor(
    sql: SqlConnection,
    private readonly speakerReads: SqliteSpeakerRepository,
    private readonly quoteReads: SqliteQuoteRepository,
  ) {
    this.statements = new StatementCache(sql);
  }

  async documents(afterId: number, limit: number): Promise<(DocumentSummary & { text: string })[]> {
    const rows = this.statements.get(`SELECT ${DOCUMENT_COLUMNS}, d.text FROM Document d WHERE d.id > ? ORDER BY d.id LIMIT ?`).all(afterId, limit) as (DocumentRow & {
      text: string;
    })[];
    return rows.map((r) => ({ ...toDocument(r), text: r.text }));
  }

  async speakers(afterId: number, limit: number): Promise<(SpeakerDetail & { organization: { name: string; kind: string | null } | null })[]> {
    const found = await Promise.all(this.ids('Speaker', afterId, limit).map((id) => this.speakerReads.findByRef(String(id))));
    const organization = this.statements.get('SELECT name, kind FROM Organization WHERE speakerId = ? ORDER BY id LIMIT 1');
    return found
      .filter((s): s is SpeakerDetail => s !== null)
      .map((s) => ({ ...s, organization: (organization.get(s.id) as { name: string; kind: string | null } | undefined) ?? null }));
  }

  async quotes(afterId: number, limit: number): Promise<QuoteDetail[]> {
    const found = await Promise.all(this.ids('Quote', afterId, limit).map((id) => this.quoteReads.findById(id)));
    return found.filter((q): q is QuoteDetail => q !== null);
  }

  private ids(table: 'Speaker' | 'Quote', afterId: number, limit: number): number[] {
    return this.statements.get(`SELECT id FROM "${table}" WHERE id > ? ORDER BY id LIMIT ?`).pluck().all(afterId, limit) as number[];
  }
}
