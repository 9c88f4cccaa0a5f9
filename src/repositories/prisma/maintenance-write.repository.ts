import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { WriteLock } from '../../db/write-lock.ts';
import { lshIndexDocument } from '../../verification/lsh-signer.ts';
import { LSH_VERSION } from '../../verification/minhash.ts';
import { audit } from './audit.ts';
import type { MaintenanceWriteRepository, QuotePatch } from '../ports.ts';
import {
  OPTIMIZE_INDEX_SQL,
  REBUILD_INDEX_SQL,
  refreshFiledOnSql,
  refreshTagsSql,
  syncQuotesSql,
  unindexQuotesSql,
} from '../sqlite/search-index.sql.ts';
import { DELETE_LSH_IDS_SQL, DELETE_LSH_SQL, INSERT_LSH_PAIRS_SQL, MARK_LSH_VERSION_SQL } from '../sqlite/lsh-index.sql.ts';

/**
 * The low-rate writes, through Prisma: quote corrections and deletions, the
 * index rebuild and the LSH backfill. Each method is one interactive
 * transaction, run under the process's write lock (the raw ingest writer
 * shares the file; see src/db/write-lock.ts). The search index is written in
 * the same transaction as the data it reflects, with the SQL of
 * search-index.sql.ts; so is the verification LSH index (lsh-index.sql.ts).
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

  deleteQuote(id: number): Promise<boolean> {
    return this.lock.run(() =>
      this.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(unindexQuotesSql('one'), id);
        // An FTS5 row has no foreign key to cascade from: removed explicitly.
        await tx.$executeRawUnsafe(DELETE_LSH_SQL, id);
        const { count } = await tx.quote.deleteMany({ where: { id } });
        if (count > 0) await audit(tx, 'delete', 'Quote', id);
        return count > 0;
      }, TX_OPTIONS),
    );
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

  /**
   * Indexes every quote whose lshVersion is behind LSH_VERSION (stored before
   * the index, bulk-loaded without it, or indexed by an older lshBuckets()),
   * replacing any row it has. Each batch is read and written in one
   * transaction under the write lock, so a quote deleted meanwhile cannot get
   * a row back.
   */
  async backfillLshBuckets(): Promise<number> {
    const BATCH = 500;
    let indexed = 0;
    for (;;) {
      const done = await this.lock.run(() =>
        this.prisma.$transaction(async (tx) => {
          const page = await tx.quote.findMany({
            where: { lshVersion: { lt: LSH_VERSION } },
            select: { id: true, normalizedText: true },
            // In the index's own order: ORDER BY id alone made SQLite scan every quote (819 ms at 1M, on
            // each start, when none is behind); this is one index probe (0.1 ms).
            orderBy: [{ lshVersion: 'asc' }, { id: 'asc' }],
            take: BATCH,
          });
          if (page.length === 0) return 0;
          const ids = JSON.stringify(page.map((q) => q.id));
          await tx.$executeRawUnsafe(DELETE_LSH_IDS_SQL, ids);
          const pairs = page.map((q) => [q.id, lshIndexDocument(q.normalizedText)]);
          await tx.$executeRawUnsafe(INSERT_LSH_PAIRS_SQL, JSON.stringify(pairs));
          await tx.$executeRawUnsafe(MARK_LSH_VERSION_SQL, LSH_VERSION, ids);
          return page.length;
        }, TX_OPTIONS),
      );
      if (done === 0) return indexed;
      indexed += done;
    }
  }
}
