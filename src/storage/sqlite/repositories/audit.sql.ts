import type { Actor } from '../../../domain/actor.ts';

/**
 * One audit row per created or changed entity, written in the transaction
 * that makes the change. One definition for both write connections: the raw
 * writer runs it as a prepared statement, Prisma as raw SQL.
 */
export const INSERT_AUDIT_SQL = `INSERT INTO AuditEvent (apiKeyId, via, action, entityType, entityId, createdAt) VALUES (?, ?, ?, ?, ?, ?)`;

/** The audit rows of the quotes after an id (the ones a transaction created), in id order: INSERT_AUDIT_SQL's parameters, the id last. */
export const AUDIT_QUOTES_AFTER_SQL = `INSERT INTO AuditEvent (apiKeyId, via, action, entityType, entityId, createdAt)
  SELECT ?, ?, ?, ?, q.id, ? FROM Quote q WHERE q.id > ? ORDER BY q.id`;

/** The parameters of INSERT_AUDIT_SQL, in order. */
export function auditParams(
  actor: Actor,
  action: string,
  entityType: string,
  entityId: number,
  at: string,
): [number | null, string, string, string, number, string] {
  return [actor.keyId, actor.via, action, entityType, entityId, at];
}
