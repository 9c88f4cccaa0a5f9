import type { Prisma } from '../../generated/prisma/client.ts';
import { currentActor } from '../../domain/actor.ts';

/** Records who made a change, inside the transaction that makes it. */
export async function audit(tx: Prisma.TransactionClient, action: string, entityType: string, entityId: number): Promise<void> {
  const actor = currentActor();
  await tx.auditEvent.create({ data: { apiKeyId: actor.keyId, via: actor.via, action, entityType, entityId } });
}
