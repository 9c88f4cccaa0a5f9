import type { ImportedOccurrenceStatus, ImportedStatus, MaintenanceWriteRepository } from '../../ports/index.ts';
import type { StatusNote } from '../../../domain/status.ts';
import { rows, type Queryable } from '../connection.ts';
import type { Connections } from '../connection.ts';
import type { LshIndex } from '../lsh-index.ts';
import { audit } from './audit.ts';
import { WITHDRAW_TOMBSTONES_SQL } from './quote-corrections.ts';
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

  /** The status is a column the search reads, not a tag: only the tombstones of what was withdrawn follow. */
  restoreStatuses(quotes: ImportedStatus[], occurrences: ImportedOccurrenceStatus[]): Promise<number> {
    if (quotes.length === 0 && occurrences.length === 0) return Promise.resolve(0);
    return this.connections.transaction(async (ctx) => {
      const changedOccurrences = await restore(ctx.client, 'occurrence', occurrences.map((o) => ({ id: o.occurrenceId, status: o.status, statusNote: o.statusNote })));
      const changedQuotes = await restore(ctx.client, 'quote', quotes.map((q) => ({ id: q.quoteId, status: q.status, statusNote: q.statusNote })));
      // What the decisions withdrew is tombstoned, as the editor's decision did where they were taken.
      for (const quoteId of new Set([...changedOccurrences, ...changedQuotes])) {
        await rows(ctx.client, WITHDRAW_TOMBSTONES_SQL, [quoteId, ctx.now]);
      }
      return changedOccurrences.length + changedQuotes.length;
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

/**
 * Sets the status and note of each row (an occurrence or a quote) that differs from what it is given;
 * returns the quote of each row changed.
 */
async function restore(db: Queryable, table: 'occurrence' | 'quote', statuses: { id: number; status: string; statusNote: StatusNote | null }[]): Promise<number[]> {
  if (statuses.length === 0) return [];
  const changed = await rows<{ quote_id: number }>(
    db,
    `UPDATE ${table} t SET status = s.status, status_reason = s.reason, status_changed_at = s.changed_at, status_changed_by = s.changed_by
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) AS s(id, status, reason, changed_at, changed_by)
     WHERE t.id = s.id AND (t.status, t.status_reason, t.status_changed_at, t.status_changed_by)
       IS DISTINCT FROM (s.status, s.reason, s.changed_at, s.changed_by)
     RETURNING ${table === 'quote' ? 't.id' : 't.quote_id'} AS quote_id`,
    [
      statuses.map((s) => s.id),
      statuses.map((s) => s.status),
      statuses.map((s) => s.statusNote?.reason ?? null),
      statuses.map((s) => s.statusNote?.changedAt ?? null),
      statuses.map((s) => s.statusNote?.changedBy ?? null),
    ],
  );
  return changed.map((r) => r.quote_id);
}
