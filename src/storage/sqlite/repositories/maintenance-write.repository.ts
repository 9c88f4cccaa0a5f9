import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts';
import type { LshIndexWriter, ReconcileReport } from '../verify-index/lsh-index.writer.ts';
import type { WriteLock } from '../write-lock.ts';
import { audit } from './prisma-audit.ts';
import type { MaintenanceWriteRepository, QuotePatch } from '../../ports/index.ts';
import {
  OPTIMIZE_INDEX_SQL,
  REBUILD_INDEX_SQL,
  refreshFiledOnSql,
  refreshTagsSql,
  syncQuotesSql,
  unindexQuotesSql,
} from '../search/search-index.sql.ts';

/**
 * The low-rate writes, through Prisma: quote corrections and deletions, the
 * index rebuild. Each method is one interactive transaction, run under the
 * process's write lock (the raw ingest writer shares the file; see
 * src/storage/sqlite/write-lock.ts). The search index is written in the same transaction
 * as the data it reflects, with the SQL of search-index.sql.ts; the verify
 * index follows the commit (src/storage/sqlite/verify-index/lsh-index.writer.ts).
 */
const TX_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;
/** A full rebuild at a million quotes takes minutes, not seconds. */
const REBUILD_TX_OPTIONS = { maxWait: 30_000, timeout: 30 * 60_000 } as const;

/** Re-indexes one quote: out with the old values, filing date and tags recomputed, in again. */
async function syncQuote(tx: Prisma.TransactionClient, id: number): Promise<void> {
  for (const sql of syncQuotesSql('one')) await tx.$executeRawUnsafe(sql, id);
}

export class PrismaMaintenanceWriteRepository implements MaintenanceWriteRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly lock: WriteLock,
    private readonly lshIndex: LshIndexWriter,
  ) {}

  updateQuote(id: number, patch: QuotePatch): Promise<boolean> {
    return this.lock.run(() =>
      this.prisma.$transaction(async (tx) => {
        // Unindex before the row changes: the index must be told the values it holds.
        await tx.$executeRawUnsafe(unindexQuotesSql('one'), id);
        const { count } = await tx.quote.updateMany({ where: { id }, data: { ...patch, searchTags: '' } });
        if (count === 0) return false;
        await syncQuote(tx, id);
        await audit(tx, 'update', 'Quote', id);
        return true;
      }, TX_OPTIONS),
    );
  }

  async deleteQuote(id: number): Promise<boolean> {
    const deleted = await this.lock.run(() =>
      this.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(unindexQuotesSql('one'), id);
        const { count } = await tx.quote.deleteMany({ where: { id } });
        if (count > 0) await audit(tx, 'delete', 'Quote', id);
        return count > 0;
      }, TX_OPTIONS),
    );
    // An index in another file has no foreign key to cascade from: told explicitly, once the delete is committed.
    if (deleted) this.lshIndex.remove([id]);
    return deleted;
  }

  rebuildSearchIndex(): Promise<number> {
    return this.lock.run(() =>
      this.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(refreshFiledOnSql('all'));
        await tx.$executeRawUnsafe(refreshTagsSql('all'));
        await tx.$executeRawUnsafe(REBUILD_INDEX_SQL);
        await tx.$executeRawUnsafe(OPTIMIZE_INDEX_SQL);
        return tx.quote.count();
      }, REBUILD_TX_OPTIONS),
    );
  }

  reconcileLshIndex(): Promise<ReconcileReport> {
    return this.lshIndex.reconcile();
  }
}
