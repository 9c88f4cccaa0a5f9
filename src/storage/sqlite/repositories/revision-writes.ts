import type { WriteContext } from '../sql-writer.ts';
import { AppError } from '../../../domain/errors.ts';
import { sameRevisionValue, type RevisionEntityType, type RevisionRecord, type RevisionValue } from '../../../domain/revision.ts';
import { changesBetween, checkedReason, type RevisionDraft } from '../../quote-fields.ts';
import { AUDIT_ENTITY, INSERT_REVISION_SQL, REVISION_SELECT, toRevision, type RevisionRow } from './revision.sql.ts';
import type { WriteStatements } from './write-statements.ts';

/**
 * How an undo reads and puts back the fields of one entity type, inside the
 * caller's transaction. Each entity type with revisions registers one
 * (`RevisionWrites.register`); its `apply` is the same code its corrections
 * run, so an undo keeps the search and verify indexes in step as they do.
 */
export interface RevisableEntity {
  /** The fields' current values, as revisions record them; null when no such entity exists. */
  current(id: number, fields: readonly string[]): Record<string, RevisionValue> | null;
  /** Sets the fields to these values, for `reason`; throws an AppError to refuse (the transaction then changes nothing). */
  apply(ctx: WriteContext, id: number, values: Record<string, RevisionValue>, reason: string): void;
}

/**
 * The one way a correction is put on the record: its revision and its audit
 * row, written inside the transaction of the change itself (so a failed
 * correction leaves neither), and undo over any registered entity type.
 * Every correction of every write repository goes through `record`.
 */
export class RevisionWrites {
  private readonly entities = new Map<RevisionEntityType, RevisableEntity>();

  constructor(private readonly sql: WriteStatements) {}

  register(entityType: RevisionEntityType, entity: RevisableEntity): void {
    this.entities.set(entityType, entity);
  }

  /** Writes the revision and its audit row (action and entity as the revision's); the revision as stored. */
  record(ctx: WriteContext, draft: RevisionDraft): RevisionRecord {
    const id = this.sql.insert(INSERT_REVISION_SQL, {
      entityType: draft.entityType,
      entityId: draft.entityId,
      action: draft.action,
      changes: JSON.stringify(draft.changes),
      reason: checkedReason(draft.reason),
      apiKeyId: ctx.actor.keyId,
      actorName: ctx.actor.name,
      via: ctx.actor.via,
      createdAt: ctx.now,
      revertsRevisionId: draft.revertsRevisionId ?? null,
    });
    this.sql.audit(ctx, draft.action, AUDIT_ENTITY[draft.entityType], draft.entityId);
    return this.find(id) as RevisionRecord;
  }

  /** A revision as the write transaction sees it. */
  find(id: number): RevisionRecord | null {
    const row = this.sql.cache.get(`${REVISION_SELECT} WHERE r.id = ?`).get(id) as RevisionRow | undefined;
    return row === undefined ? null : toRevision(row);
  }

  /**
   * Reverts a revision inside the caller's transaction (see
   * EditorialWriteRepository.undoRevision). Its fields must still hold the
   * values it set: otherwise a later change is in the way, and undoing this
   * one would silently undo that one too.
   */
  undo(ctx: WriteContext, revisionId: number, reason: string): RevisionRecord {
    const revision = this.find(revisionId);
    if (revision === null) throw new AppError('not_found', `No revision with id "${revisionId}".`);
    if (revision.revertedByRevisionId !== null) {
      throw new AppError('already_undone', `Revision #${revisionId} was undone by revision #${revision.revertedByRevisionId}.`, {
        undoneBy: revision.revertedByRevisionId,
      });
    }
    const entity = this.entities.get(revision.entityType);
    if (entity === undefined) throw new Error(`No undo is registered for ${revision.entityType} revisions`);
    const fields = Object.keys(revision.changes);
    const current = entity.current(revision.entityId, fields);
    if (current === null) throw new AppError('not_found', `The ${revision.entityType} of revision #${revisionId} no longer exists.`);
    const moved = fields.filter((f) => !sameRevisionValue(current[f], revision.changes[f]?.after));
    if (moved.length > 0) {
      const later = this.laterTouching(revision, moved);
      throw new AppError(
        'revision_superseded',
        `Revision #${revisionId} cannot be undone: ${moved.join(', ')} changed since${later.length > 0 ? ` (revision ${later.map((id) => `#${id}`).join(', ')})` : ''}; undo the later change first.`,
        { fields: moved, laterRevisions: later },
      );
    }
    const before = Object.fromEntries(fields.map((f) => [f, revision.changes[f]?.before ?? null]));
    entity.apply(ctx, revision.entityId, before, checkedReason(reason));
    return this.record(ctx, {
      entityType: revision.entityType,
      entityId: revision.entityId,
      action: 'undo',
      changes: changesBetween(current, before),
      reason,
      revertsRevisionId: revision.id,
    });
  }

  /** Later revisions of the same entity that changed any of these fields, oldest first. */
  private laterTouching(revision: RevisionRecord, fields: readonly string[]): number[] {
    const rows = this.sql.cache
      .get(`${REVISION_SELECT} WHERE r.entityType = ? AND r.entityId = ? AND r.id > ? ORDER BY r.id`)
      .all(revision.entityType, revision.entityId, revision.id) as RevisionRow[];
    return rows.map(toRevision).filter((r) => fields.some((f) => f in r.changes)).map((r) => r.id);
  }
}
