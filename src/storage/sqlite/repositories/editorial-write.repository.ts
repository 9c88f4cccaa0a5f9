import type { SqlWriter } from '../sql-writer.ts';
import type { EditorialWriteRepository, RevisionNote, RevisionRecord } from '../../ports/index.ts';
import type { RevisionWrites } from './revision-writes.ts';

/** Corrections on the record: one transaction each on the one write connection, its revision written inside it (revision-writes.ts). */
export class SqliteEditorialWriteRepository implements EditorialWriteRepository {
  constructor(
    private readonly writer: SqlWriter,
    private readonly revisions: RevisionWrites,
  ) {}

  undoRevision(revisionId: number, note: RevisionNote): Promise<RevisionRecord> {
    return this.writer.write((ctx) => this.revisions.undo(ctx, revisionId, note.reason));
  }
}
