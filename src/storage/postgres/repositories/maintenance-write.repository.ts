import type { MaintenanceWriteRepository, QuotePatch } from '../../ports/index.ts';
import { Params, type Connections } from '../connection.ts';
import type { LshIndex } from '../lsh-index.ts';
import { audit } from './audit.ts';
import { syncAllQuotes, syncQuotes } from './search-sync.ts';

/** The columns a correction may set, by field: nothing else reaches the SQL. */
const PATCHABLE = { kind: 'kind', saidOn: 'said_on', venue: 'venue', aboutSpeakerId: 'about_speaker_id' } as const satisfies Record<keyof QuotePatch, string>;

/** Corrections, deletions and index upkeep: one transaction each, the filter tags kept in step. */
export class PostgresMaintenanceWriteRepository implements MaintenanceWriteRepository {
  constructor(
    private readonly connections: Connections,
    private readonly lsh: LshIndex,
  ) {}

  updateQuote(id: number, patch: QuotePatch): Promise<boolean> {
    return this.connections.transaction(async (ctx) => {
      const p = new Params();
      const set = (Object.keys(PATCHABLE) as (keyof QuotePatch)[]).filter((k) => patch[k] !== undefined).map((k) => `${PATCHABLE[k]} = ${p.add(patch[k])}`);
      const updated = await ctx.client.query(`UPDATE quote SET ${[...set, `updated_at = ${p.add(ctx.now)}`].join(', ')} WHERE id = ${p.add(id)}`, p.values);
      if ((updated.rowCount ?? 0) === 0) return false;
      await syncQuotes(ctx.client, [id]);
      await audit(ctx, 'update', 'Quote', id);
      return true;
    });
  }

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
