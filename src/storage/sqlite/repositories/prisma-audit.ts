import type { Prisma } from '../../../generated/prisma/client.ts';
import { currentActor } from '../../../domain/actor.ts';
import { auditParams, INSERT_AUDIT_SQL } from './audit.sql.ts';
import { sqliteTimestamp } from './timestamp.ts';

/** Records who made a change, inside the (Prisma) transaction that makes it. */
export async function audit(tx: Prisma.TransactionClient, action: string, entityType: string, entityId: number): Promise<void> {
  await tx.$executeRawUnsafe(INSERT_AUDIT_SQL, ...auditParams(currentActor(), action, entityType, entityId, sqliteTimestamp()));
}
