import type { LshIndexWriter, ReconcileReport } from '../verify-index/lsh-index.writer.ts';
import type { SqlWriter } from '../sql-writer.ts';
import type { ImportedOccurrenceStatus, ImportedStatus, MaintenanceWriteRepository } from '../../ports/index.ts';
import {
  indexQuotesSql,
  OPTIMIZE_INDEX_SQL,
  REBUILD_INDEX_SQL,
  refreshFiledOnSql,
  refreshTagsSql,
  unindexQuotesSql,
} from '../search/search-index.sql.ts';
import { WITHDRAW_TOMBSTONES_SQL } from './quote-corrections.ts';
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

  restoreStatuses(quotes: ImportedStatus[], occurrences: ImportedOccurrenceStatus[]): Promise<number> {
    if (quotes.length === 0 && occurrences.length === 0) return Promise.resolve(0);
    return this.writer.write((ctx) => {
      const withdrawn = new Set<number>();
      let occurrencesChanged = 0;
      for (const { occurrenceId, status, statusNote } of occurrences) {
        const values = [status, statusNote?.reason ?? null, statusNote?.changedAt ?? null, statusNote?.changedBy ?? null];
        const quoteId = this.sql.cache
          .get(
            `UPDATE Occurrence SET status = ?, statusReason = ?, statusChangedAt = ?, statusChangedBy = ?
             WHERE id = ? AND (status IS NOT ? OR statusReason IS NOT ? OR statusChangedAt IS NOT ? OR statusChangedBy IS NOT ?) RETURNING quoteId`,
          )
          .pluck()
          .get(...values, occurrenceId, ...values) as number | undefined;
        if (quoteId === undefined) continue;
        occurrencesChanged++;
        withdrawn.add(quoteId);
      }
      const changed: number[] = [];
      for (const { quoteId, status, statusNote } of quotes) {
        const values = [status, statusNote?.reason ?? null, statusNote?.changedAt ?? null, statusNote?.changedBy ?? null];
        const { changes } = this.sql.run(
          `UPDATE Quote SET status = ?, statusReason = ?, statusChangedAt = ?, statusChangedBy = ?
           WHERE id = ? AND (status IS NOT ? OR statusReason IS NOT ? OR statusChangedAt IS NOT ? OR statusChangedBy IS NOT ?)`,
          ...values,
          quoteId,
          ...values,
        );
        if (changes > 0) changed.push(quoteId);
      }
      // What the decisions withdrew is tombstoned, as the editor's decision did where they were taken.
      for (const quoteId of new Set([...withdrawn, ...changed])) this.sql.run(WITHDRAW_TOMBSTONES_SQL, { quoteId, now: ctx.now });
      if (changed.length === 0) return occurrencesChanged;
      // The status is a search tag: out of the index with the old tags, back in with the new ones.
      const ids = JSON.stringify(changed);
      this.sql.run(unindexQuotesSql('ids'), ids);
      this.sql.run(refreshTagsSql('ids'), ids);
      this.sql.run(indexQuotesSql('ids'), ids);
      return changed.length + occurrencesChanged;
    });
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
