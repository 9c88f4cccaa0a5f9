import type { LshIndexWriter, ReconcileReport } from '../verify-index/lsh-index.writer.ts';
import type { SqlWriter } from '../sql-writer.ts';
import type { MaintenanceWriteRepository } from '../../ports/index.ts';
import {
  OPTIMIZE_INDEX_SQL,
  REBUILD_INDEX_SQL,
  refreshFiledOnSql,
  refreshTagsSql,
  unindexQuotesSql,
} from '../search/search-index.sql.ts';
import { WriteStatements } from './write-statements.ts';

/**
 * Physical deletion of a quote (not exposed through the API: docs/editorial.md) and the index rebuild: one transaction
 * each on the one write connection (sql-writer.ts). The search index is written
 * in the same transaction as the data it reflects (search-index.sql.ts); the
 * verify index follows the commit (verify-index/lsh-index.writer.ts).
 */
export class SqliteMaintenanceWriteRepository implements Omit<MaintenanceWriteRepository, 'updateQuote'> {
  private readonly sql: WriteStatements;

  constructor(
    private readonly writer: SqlWriter,
    private readonly lshIndex: LshIndexWriter,
  ) {
    this.sql = new WriteStatements(writer);
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
