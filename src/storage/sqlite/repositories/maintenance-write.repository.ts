import type { LshIndexWriter, ReconcileReport } from '../verify-index/lsh-index.writer.ts';
import type { SqlWriter } from '../sql-writer.ts';
import type { MaintenanceWriteRepository, QuotePatch } from '../../ports/index.ts';
import {
  OPTIMIZE_INDEX_SQL,
  REBUILD_INDEX_SQL,
  refreshFiledOnSql,
  refreshTagsSql,
  syncQuotesSql,
  unindexQuotesSql,
} from '../search/search-index.sql.ts';
import { WriteStatements } from './write-statements.ts';

/** The columns a correction may set (QuotePatch), by name: nothing else reaches the SQL. */
const PATCHABLE = ['kind', 'saidOn', 'venue', 'aboutSpeakerId'] as const satisfies readonly (keyof QuotePatch)[];

/**
 * Quote corrections and deletions, and the index rebuild: one transaction
 * each on the one write connection (sql-writer.ts). The search index is written
 * in the same transaction as the data it reflects (search-index.sql.ts); the
 * verify index follows the commit (verify-index/lsh-index.writer.ts).
 */
export class SqliteMaintenanceWriteRepository implements MaintenanceWriteRepository {
  private readonly sql: WriteStatements;

  constructor(
    private readonly writer: SqlWriter,
    private readonly lshIndex: LshIndexWriter,
  ) {
    this.sql = new WriteStatements(writer);
  }

  updateQuote(id: number, patch: QuotePatch): Promise<boolean> {
    const columns = PATCHABLE.filter((c) => patch[c] !== undefined);
    const set = [...columns.map((c) => `${c} = @${c}`), "searchTags = ''", 'updatedAt = @now'].join(', ');
    return this.writer.write((ctx) => {
      // Unindex before the row changes: the index must be told the values it holds.
      this.sql.cache.get(unindexQuotesSql('one')).run(id);
      const values = Object.fromEntries(columns.map((c) => [c, patch[c]]));
      const { changes } = this.sql.cache.get(`UPDATE Quote SET ${set} WHERE id = @id`).run({ ...values, id, now: ctx.now });
      if (changes === 0) return false;
      for (const sql of syncQuotesSql('one')) this.sql.cache.get(sql).run(id);
      this.sql.audit(ctx, 'update', 'Quote', id);
      return true;
    });
  }

  async deleteQuote(id: number): Promise<boolean> {
    const deleted = await this.writer.write((ctx) => {
      this.sql.cache.get(unindexQuotesSql('one')).run(id);
      // Occurrences and their relays go with it (ON DELETE CASCADE).
      const { changes } = this.sql.cache.get('DELETE FROM Quote WHERE id = ?').run(id);
      if (changes > 0) this.sql.audit(ctx, 'delete', 'Quote', id);
      return changes > 0;
    });
    // An index in another file has no foreign key to cascade from: told explicitly, once the delete is committed.
    if (deleted) this.lshIndex.remove([id]);
    return deleted;
  }

  rebuildSearchIndex(): Promise<number> {
    return this.writer.write(() => {
      const connection = this.writer.connection;
      connection.exec(refreshFiledOnSql('all'));
      connection.exec(refreshTagsSql('all'));
      connection.exec(REBUILD_INDEX_SQL);
      connection.exec(OPTIMIZE_INDEX_SQL);
      return connection.prepare('SELECT COUNT(*) FROM Quote').pluck().get() as number;
    });
  }

  reconcileLshIndex(): Promise<ReconcileReport> {
    return this.lshIndex.reconcile();
  }
}
