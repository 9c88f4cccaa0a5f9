import type { ImportedStatus, MaintenanceWriteRepository } from '../../ports/index.ts';
import { rows } from '../connection.ts';
import type { Connections } from '../connection.ts';
import type { LshIndex } from '../lsh-index.ts';
import { audit } from './audit.ts';
import { syncAllQuotes } from './search-sync.ts';

/** Deletions and index upkeep: one transaction each, the filter tags kept in step (corrections are SQLite-only yet). */
export class PostgresMaintenanceWriteRepository implements Omit<MaintenanceWriteRepository, 'updateQuote'> {
  constructor(
    private readonly connections: Connections,
    private readonly lsh: LshIndex,
  ) {}

  deleteQuote(id: number): Promise<boolean> {
    return this.connections.transaction(async (ctx) => {
      // Occurrences and their relays go with it (ON DELETE CASCADE); its verify keys in the same transaction.
      const deleted = await ctx.client.query('DELETE FROM quote WHERE id = $1', [id]);
      if ((deleted.rowCount ?? 0) === 0) return false;
      await this.lsh.remove(ctx.client, [id]);
      await audit(ctx, 'delete', 'Quote', id);
      return true;
    });
  }

  /** The status is a column the search reads, not a tag: nothing else to refresh. */
  restoreQuoteStatuses(statuses: ImportedStatus[]): Promise<number> {
    if (statuses.length === 0) return Promise.resolve(0);
    return this.connections.transaction(async (ctx) => {
      const changed = await rows(
        ctx.client,
        `UPDATE quote q SET status = s.status, status_reason = s.reason, status_changed_at = s.changed_at, status_changed_by = s.changed_by
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) AS s(id, status, reason, changed_at, changed_by)
         WHERE q.id = s.id AND (q.status, q.status_reason, q.status_changed_at, q.status_changed_by)
           IS DISTINCT FROM (s.status, s.reason, s.changed_at, s.changed_by)
         RETURNING q.id`,
        [
          statuses.map((s) => s.quoteId),
          statuses.map((s) => s.status),
          statuses.map((s) => s.statusNote?.reason ?? null),
          statuses.map((s) => s.statusNote?.changedAt ?? null),
          statuses.map((s) => s.statusNote?.changedBy ?? null),
        ],
      );
      return changed.length;
    });
  }

  rebuildSearchIndex(): Promise<number> {
    // The tsvector is generated from the text: only the dates and the filter tags can be stale.
    return this.connections.transaction((ctx) => syncAllQuotes(ctx.client));
  }

  reconcileLshIndex(): Promise<{ indexed: number; removed: number; complete: boolean }> {
    return this.lsh.reconcile();
  }
}
