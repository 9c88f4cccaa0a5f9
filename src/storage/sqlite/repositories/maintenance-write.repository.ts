import type { LshIndexWriter, ReconcileReport } from '../verify-index/lsh-index.writer.ts';
import type { SqlWriter, WriteContext } from '../sql-writer.ts';
import type { MaintenanceWriteRepository, QuotePatch } from '../../ports/index.ts';
import {
  OPTIMIZE_INDEX_SQL,
  REBUILD_INDEX_SQL,
  refreshFiledOnSql,
  refreshTagsSql,
  syncQuotesSql,
  unindexQuotesSql,
} from '../search/search-index.sql.ts';
import { auditParams, INSERT_AUDIT_SQL } from './audit.sql.ts';
import { StatementCache } from './statements.ts';

/** The columns a correction may set (QuotePatch), by name: nothing else reaches the SQL. */
const PATCHABLE = ['kind', 'saidOn', 'venue', 'aboutSpeakerId'] as const satisfies readonly (keyof QuotePatch)[];

/**
 * Quote corrections and deletions, and the index rebuild: one transaction
 * each on the one write connection (sql-writer.ts). The search index is written
 * in the same transaction as the data it reflects (search-index.sql.ts); the
 * verify index follows the commit (verify-index/lsh-index.writer.ts).
 */
export class SqliteMaintenanceWriteRepository implements MaintenanceWriteRepository {
  private readonly statements: StatementCache;

  constructor(
    private readonly writer: SqlWriter,
    private readonly lshIndex: LshIndexWriter,
  ) {
    this.statements = new StatementCache(writer.connection);
  }

  updateQuote(id: number, patch: QuotePatch): Promise<boolean> {
    const columns = PATCHABLE.filter((c) => patch[c] !== undefined);
    const set = [...columns.map((c) => `${c} = @${c}`), "searchTags = ''", 'updatedAt = @now'].join(', ');
    return this.writer.write((ctx) => {
      // Unindex before the row changes: the index must be told the values it holds.
      this.statements.get(unindexQuotesSql('one')).run(id);
      const values = Object.fromEntries(columns.map((c) => [c, patch[c]]));
      const { changes } = this.statements.get(`UPDATE Quote SET ${set} WHERE id = @id`).run({ ...values, id, now: ctx.now });
      if (changes === 0) return false;
      for (const sql of syncQuotesSql('one')) this.statements.get(sql).run(id);
      this.audit(ctx, 'update', id);
      return true;
    });
  }

  async deleteQuote(id: number): Promise<boolean> {
    const deleted = await this.writer.write((ctx) => {
      this.statements.get(unindexQuotesSql('one')).run(id);
      // Occurrences and their relays go with it (ON DELETE CASCADE).
      const { changes } = this.statements.get('DELETE FROM Quote WHERE id = ?').run(id);
      if (changes > 0) this.audit(ctx, 'delete', id);
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

  private audit(ctx: WriteContext, action: string, quoteId: number): void {
    this.statements.get(INSERT_AUDIT_SQL).run(...auditParams(ctx.actor, action, 'Quote', quoteId, ctx.now));
  }
}
