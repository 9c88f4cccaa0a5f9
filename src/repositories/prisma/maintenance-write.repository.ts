import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { WriteLock } from '../../db/write-lock.ts';
import { lshBuckets } from '../../verification/minhash.ts';
import { SKELETON_BAND } from '../../verification/skeleton.ts';
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

/**
 * The low-rate writes, through Prisma: quote corrections and deletions, the
 * index rebuild and the LSH backfill. Each method is one interactive
 * transaction, run under the process's write lock (the raw ingest writer
 * shares the file; see src/db/write-lock.ts). The search index is written in
 * the same transaction as the data it reflects, with the SQL of
 * search-index.sql.ts.
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

  async backfillLshBuckets(): Promise<number> {
    const BATCH = 500;
    let indexed = 0;
    let after = 0;
    for (;;) {
      const page = await this.prisma.quote.findMany({
        // Every quote has a skeleton row once indexed; one without was stored before that band existed (or at all).
        where: { id: { gt: after }, lshBuckets: { none: { band: SKELETON_BAND } } },
        select: { id: true, normalizedText: true },
        orderBy: { id: 'asc' },
        take: BATCH,
      });
      const last = page.at(-1);
      if (last === undefined) return indexed;
      after = last.id;
      // Only the rows a quote lacks: most have their MinHash bands already (cheaper than rewriting all 13).
      const present = await this.prisma.quoteLshBucket.findMany({
        where: { quoteId: { in: page.map((q) => q.id) } },
        select: { quoteId: true, band: true },
      });
      const has = new Set(present.map((r) => `${r.quoteId}:${r.band}`));
      const data = page
        .flatMap((q) => lshBuckets(q.normalizedText).map((b) => ({ ...b, quoteId: q.id })))
        .filter((row) => !has.has(`${row.quoteId}:${row.band}`));
      await this.lock.run(() => this.prisma.quoteLshBucket.createMany({ data }));
      indexed += page.length;
    }
  }
}
