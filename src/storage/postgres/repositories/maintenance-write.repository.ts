import type { MaintenanceWriteRepository } from '../../ports/index.ts';
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

  rebuildSearchIndex(): Promise<number> {
    // The tsvector is generated from the text: only the dates and the filter tags can be stale.
    return this.connections.transaction((ctx) => syncAllQuotes(ctx.client));
  }

  reconcileLshIndex(): Promise<{ indexed: number; removed: number; complete: boolean }> {
    return this.lsh.reconcile();
  }
}
