import type { DocumentSummary, QuoteDetail, SpeakerDetail } from '../../../domain/models.ts';
import type { ArchiveReadRepository } from '../../ports/index.ts';
import { column, rows, type Queryable } from '../connection.ts';
import type { PostgresQuoteRepository } from './quote.repository.ts';
import { DOCUMENT_COLUMNS, toDocument, type DocumentRow } from './rows.ts';
import type { PostgresSpeakerRepository } from './speaker.repository.ts';

type ArchivedSpeaker = SpeakerDetail & { organization: { name: string; kind: string | null } | null };

/** The database in id order, a slice at a time: ids by primary key range, each item read as its page reads it. */
export class PostgresArchiveRepository implements ArchiveReadRepository {
  constructor(
    private readonly db: Queryable,
    private readonly speakerReads: PostgresSpeakerRepository,
    private readonly quoteReads: PostgresQuoteRepository,
  ) {}

  async documents(afterId: number, limit: number): Promise<(DocumentSummary & { text: string })[]> {
    const found = await rows<DocumentRow & { text: string }>(this.db, `SELECT ${DOCUMENT_COLUMNS}, d.text FROM document d WHERE d.id > $1 ORDER BY d.id LIMIT $2`, [afterId, limit]);
    return found.map((r) => ({ ...toDocument(r), text: r.text }));
  }

  async speakers(afterId: number, limit: number): Promise<ArchivedSpeaker[]> {
    const ids = await column<number>(this.db, 'SELECT id FROM speaker WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
    const found = await Promise.all(ids.map((id) => this.speakerReads.findByRef(String(id))));
    const organizations = await rows<{ speaker_id: number; name: string; kind: string | null }>(
      this.db,
      'SELECT DISTINCT ON (speaker_id) speaker_id, name, kind FROM organization WHERE speaker_id = ANY($1::int[]) ORDER BY speaker_id, id',
      [ids],
    );
    const byId = new Map(organizations.map((o) => [o.speaker_id, { name: o.name, kind: o.kind }]));
    return found.filter((s): s is SpeakerDetail => s !== null).map((s) => ({ ...s, organization: byId.get(s.id) ?? null }));
  }

  async quotes(afterId: number, limit: number): Promise<QuoteDetail[]> {
    const ids = await column<number>(this.db, 'SELECT id FROM quote WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
    const found = await Promise.all(ids.map((id) => this.quoteReads.findById(id)));
    return found.filter((q): q is QuoteDetail => q !== null);
  }
}
