-- AlterTable
ALTER TABLE "Quote" ADD COLUMN "lshVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Quote_lshVersion_idx" ON "Quote"("lshVersion");

-- The verification LSH index moves from the "QuoteLshBucket" B-tree (13 rows per quote at random
-- places of a (band, bucket, quoteId) key: ~80 random pages written per small commit) to an FTS5
-- table, written by the application (hand-written; Prisma cannot model it): one row per quote,
-- rowid = quote id, one token per bucket. FTS5 buffers and writes its segments sequentially, which
-- suits an index written at ingest rate (BENCHMARKS.md, "Ingest").
-- Contentless with contentless_delete=1, so a quote's row is deleted by rowid alone (a plain
-- contentless table needs the original tokens to delete); detail=none: only "which quotes hold
-- this token" is ever asked. contentless_delete=1 refuses columnsize=0, so the docsize table stays.
CREATE VIRTUAL TABLE "quote_lsh" USING fts5(
    buckets,
    content='',
    contentless_delete=1,
    detail=none
);

-- Existing rows carried over, for the quotes fully indexed (they have the skeleton band, 12); the
-- others stay at lshVersion 0 and the startup backfill indexes them. The token expression is a
-- FROZEN COPY of lshToken() in src/verification/lsh-token.ts ("b{band}x{bucket as unsigned 32-bit}"),
-- for LSH_VERSION 1 (src/verification/minhash.ts); a later format change bumps that version instead.
INSERT INTO "quote_lsh" (rowid, buckets)
SELECT "quoteId", group_concat('b' || "band" || 'x' || ("bucket" & 4294967295), ' ')
FROM (SELECT "quoteId", "band", "bucket" FROM "QuoteLshBucket"
      WHERE "quoteId" IN (SELECT "quoteId" FROM "QuoteLshBucket" WHERE "band" = 12)
      ORDER BY "quoteId", "band")
GROUP BY "quoteId";
-- One segment, as the bulk loader leaves it: the fewest pages per lookup.
INSERT INTO "quote_lsh" ("quote_lsh") VALUES ('optimize');
UPDATE "Quote" SET "lshVersion" = 1 WHERE "id" IN (SELECT "quoteId" FROM "QuoteLshBucket" WHERE "band" = 12);

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "QuoteLshBucket";
PRAGMA foreign_keys=on;
