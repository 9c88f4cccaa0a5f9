import type { SqlConnection } from '../database.ts';
import type { RevisionEntityType, RevisionPageRequest, RevisionRecord, RevisionRepository } from '../../ports/index.ts';
import { REVISION_SELECT, toRevision, type RevisionRow } from './revision.sql.ts';
import { StatementCache } from './statements.ts';

/** Revisions on the read connection; the (entityType, entityId, id) index gives a history newest first without sorting. */
export class SqliteRevisionRepository implements RevisionRepository {
  private readonly statements: StatementCache;

  constructor(sql: SqlConnection) {
    this.statements = new StatementCache(sql);
  }

  async history(entityType: RevisionEntityType, entityId: number, page: RevisionPageRequest): Promise<RevisionRecord[]> {
    const rows = this.statements
      .get(`${REVISION_SELECT} WHERE r.entityType = ? AND r.entityId = ? AND r.id < ? ORDER BY r.id DESC LIMIT ?`)
      .all(entityType, entityId, page.beforeId ?? Number.MAX_SAFE_INTEGER, page.limit) as RevisionRow[];
    return rows.map(toRevision);
  }

  async findById(id: number): Promise<RevisionRecord | null> {
    const row = this.statements.get(`${REVISION_SELECT} WHERE r.id = ?`).get(id) as RevisionRow | undefined;
    return row === undefined ? null : toRevision(row);
  }
}
