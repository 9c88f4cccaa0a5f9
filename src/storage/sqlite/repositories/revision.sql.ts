import type { RevisionActor, RevisionChanges, RevisionEntityType, RevisionRecord } from '../../ports/index.ts';

/** A revision with the undo that reverted it, if any: the one shape both connections read. */
export const REVISION_SELECT = `SELECT r.id, r.entityType, r.entityId, r.action, r.changes, r.reason, r.apiKeyId, r.actorName, r.via,
    r.createdAt, r.revertsRevisionId, u.id AS revertedBy
  FROM Revision r LEFT JOIN Revision u ON u.revertsRevisionId = r.id`;

export const INSERT_REVISION_SQL = `INSERT INTO Revision (entityType, entityId, action, changes, reason, apiKeyId, actorName, via, createdAt, revertsRevisionId)
  VALUES (@entityType, @entityId, @action, @changes, @reason, @apiKeyId, @actorName, @via, @createdAt, @revertsRevisionId)`;

export interface RevisionRow {
  id: number;
  entityType: string;
  entityId: number;
  action: string;
  changes: string;
  reason: string;
  apiKeyId: number | null;
  actorName: string;
  via: string;
  createdAt: string;
  revertsRevisionId: number | null;
  revertedBy: number | null;
}

export function toRevision(r: RevisionRow): RevisionRecord {
  return {
    id: r.id,
    entityType: r.entityType as RevisionEntityType,
    entityId: r.entityId,
    action: r.action,
    changes: JSON.parse(r.changes) as RevisionChanges,
    reason: r.reason,
    actor: { keyId: r.apiKeyId, name: r.actorName, via: r.via as RevisionActor['via'] },
    createdAt: r.createdAt,
    revertsRevisionId: r.revertsRevisionId,
    revertedByRevisionId: r.revertedBy,
  };
}

/** The audit trail's name of an entity type (AuditEvent.entityType is the table's name). */
export const AUDIT_ENTITY: Record<RevisionEntityType, string> = {
  quote: 'Quote',
  speaker: 'Speaker',
  document: 'Document',
  occurrence: 'Occurrence',
};
