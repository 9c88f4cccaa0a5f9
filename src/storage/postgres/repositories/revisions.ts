import { AppError } from '../../../domain/errors.ts';
import { sameRevisionValue, type RevisionActor, type RevisionChanges, type RevisionEntityType, type RevisionRecord, type RevisionValue } from '../../../domain/revision.ts';
import type { RevisionPageRequest, RevisionRepository } from '../../ports/index.ts';
import { changesBetween, checkedReason, type RevisionDraft } from '../../quote-fields.ts';
import { row, rows, value, type Queryable, type WriteContext } from '../connection.ts';
import { audit } from './audit.ts';
import { timestamp } from './rows.ts';

/** A revision with the undo that reverted it, if any. */
const REVISION_SELECT = `SELECT r.id, r.entity_type, r.entity_id, r.action, r.changes, r.reason, r.api_key_id, r.actor_name, r.via,
    r.created_at, r.reverts_revision_id, u.id AS reverted_by
  FROM revision r LEFT JOIN revision u ON u.reverts_revision_id = r.id`;

interface RevisionRow {
  id: number;
  entity_type: string;
  entity_id: number;
  action: string;
  changes: RevisionChanges;
  reason: string;
  api_key_id: number | null;
  actor_name: string;
  via: string;
  created_at: Date;
  reverts_revision_id: number | null;
  reverted_by: number | null;
}

const toRevision = (r: RevisionRow): RevisionRecord => ({
  id: r.id,
  entityType: r.entity_type as RevisionEntityType,
  entityId: r.entity_id,
  action: r.action,
  changes: r.changes,
  reason: r.reason,
  actor: { keyId: r.api_key_id, name: r.actor_name, via: r.via as RevisionActor['via'] },
  createdAt: timestamp(r.created_at),
  revertsRevisionId: r.reverts_revision_id,
  revertedByRevisionId: r.reverted_by,
});

/** The audit trail's name of an entity type, as the SQLite backend's (its table's name). */
const AUDIT_ENTITY: Record<RevisionEntityType, string> = { quote: 'Quote', speaker: 'Speaker', document: 'Document', occurrence: 'Occurrence' };

/** How an undo reads and puts back the fields of one entity type, inside the caller's transaction. */
export interface RevisableEntity {
  current(db: Queryable, id: number, fields: readonly string[]): Promise<Record<string, RevisionValue> | null>;
  apply(ctx: WriteContext, id: number, values: Record<string, RevisionValue>, reason: string): Promise<void>;
}

async function findRevision(db: Queryable, id: number): Promise<RevisionRecord | null> {
  const r = await row<RevisionRow>(db, `${REVISION_SELECT} WHERE r.id = $1`, [id]);
  return r === null ? null : toRevision(r);
}

/** Revisions on the read pool; the (entity_type, entity_id, id) index gives a history newest first. */
export class PostgresRevisionRepository implements RevisionRepository {
  constructor(private readonly db: Queryable) {}

  async history(entityType: RevisionEntityType, entityId: number, page: RevisionPageRequest): Promise<RevisionRecord[]> {
    const found = await rows<RevisionRow>(this.db, `${REVISION_SELECT} WHERE r.entity_type = $1 AND r.entity_id = $2 AND r.id < $3 ORDER BY r.id DESC LIMIT $4`, [
      entityType,
      entityId,
      page.beforeId ?? 2 ** 31 - 1,
      page.limit,
    ]);
    return found.map(toRevision);
  }

  findById(id: number): Promise<RevisionRecord | null> {
    return findRevision(this.db, id);
  }
}

/**
 * The one way a correction is put on the record: its revision and its audit row, in the transaction of the
 * change itself, and undo over any registered entity type (as the SQLite backend's RevisionWrites).
 */
export class RevisionWrites {
  private readonly entities = new Map<RevisionEntityType, RevisableEntity>();

  register(entityType: RevisionEntityType, entity: RevisableEntity): void {
    this.entities.set(entityType, entity);
  }

  async record(ctx: WriteContext, draft: RevisionDraft): Promise<RevisionRecord> {
    const id = (await value<number>(
      ctx.client,
      `INSERT INTO revision (entity_type, entity_id, action, changes, reason, api_key_id, actor_name, via, created_at, reverts_revision_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [draft.entityType, draft.entityId, draft.action, JSON.stringify(draft.changes), checkedReason(draft.reason), ctx.actor.keyId, ctx.actor.name, ctx.actor.via, ctx.now, draft.revertsRevisionId ?? null],
    )) as number;
    await audit(ctx, draft.action, AUDIT_ENTITY[draft.entityType], draft.entityId);
    return (await findRevision(ctx.client, id)) as RevisionRecord;
  }

  /** Reverts a revision whose fields still hold the values it set (else a later change is in the way). */
  async undo(ctx: WriteContext, revisionId: number, reason: string): Promise<RevisionRecord> {
    // Locked: two undos of one revision at once would both see it not undone yet.
    await rows(ctx.client, 'SELECT id FROM revision WHERE id = $1 FOR UPDATE', [revisionId]);
    const revision = await findRevision(ctx.client, revisionId);
    if (revision === null) throw new AppError('not_found', `No revision with id "${revisionId}".`);
    if (revision.revertedByRevisionId !== null) {
      throw new AppError('already_undone', `Revision #${revisionId} was undone by revision #${revision.revertedByRevisionId}.`, { undoneBy: revision.revertedByRevisionId });
    }
    const entity = this.entities.get(revision.entityType);
    if (entity === undefined) throw new Error(`No undo is registered for ${revision.entityType} revisions`);
    const fields = Object.keys(revision.changes);
    const current = await entity.current(ctx.client, revision.entityId, fields);
    if (current === null) throw new AppError('not_found', `The ${revision.entityType} of revision #${revisionId} no longer exists.`);
    const moved = fields.filter((f) => !sameRevisionValue(current[f], revision.changes[f]?.after));
    if (moved.length > 0) {
      const later = (await rows<RevisionRow>(ctx.client, `${REVISION_SELECT} WHERE r.entity_type = $1 AND r.entity_id = $2 AND r.id > $3 ORDER BY r.id`, [revision.entityType, revision.entityId, revision.id]))
        .map(toRevision)
        .filter((r) => moved.some((f) => f in r.changes))
        .map((r) => r.id);
      throw new AppError(
        'revision_superseded',
        `Revision #${revisionId} cannot be undone: ${moved.join(', ')} changed since${later.length > 0 ? ` (revision ${later.map((id) => `#${id}`).join(', ')})` : ''}; undo the later change first.`,
        { fields: moved, laterRevisions: later },
      );
    }
    const before = Object.fromEntries(fields.map((f) => [f, revision.changes[f]?.before ?? null]));
    await entity.apply(ctx, revision.entityId, before, checkedReason(reason));
    return this.record(ctx, { entityType: revision.entityType, entityId: revision.entityId, action: 'undo', changes: changesBetween(current, before), reason, revertsRevisionId: revision.id });
  }
}
