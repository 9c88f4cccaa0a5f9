import { rows, type WriteContext } from '../connection.ts';

/** One audit row per created or changed entity, in the transaction that makes the change. */
export async function audit(ctx: WriteContext, action: string, entityType: string, entityId: number): Promise<void> {
  await rows(ctx.client, 'INSERT INTO audit_event (api_key_id, via, action, entity_type, entity_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    ctx.actor.keyId,
    ctx.actor.via,
    action,
    entityType,
    entityId,
    ctx.now,
  ]);
}
