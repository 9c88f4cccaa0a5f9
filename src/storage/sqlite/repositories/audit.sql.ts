import type { Actor } from '../../../domain/actor.ts';

/**
 * One audit row per created or changed entity, written in the transaction
 * that makes the change. One definition for both write connections: the raw
 * writer runs it as a prepared statement, Prisma as raw SQL.
 */
export const INSERT_AUDIT_SQL = `INSERT INTO AuditEvent (apiKeyId, via, action, entityType, entityId, createdAt) VALUES (?, ?, ?, ?, ?, ?)`;

/** The audit rows of a table's rows after an id (the ones a transaction created), in id order: INSERT_AUDIT_SQL's parameters, the id last. */
const auditRowsAfterSql = (table: 'Quote' | 'Document') => `INSERT INTO AuditEvent (apiKeyId, via, action, entityType, entityId, createdAt)
  SELECT ?, ?, ?, ?, t.id, ? FROM "${table}" t WHERE t.id > ? ORDER BY t.id`;

export const AUDIT_QUOTES_AFTER_SQL = auditRowsAfterSql('Quote');
export const AUDIT_DOCUMENTS_AFTER_SQL = auditRowsAfterSql('Document');

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
