-- The verification LSH index leaves this file for one of its own ("<database>.lsh", src/db/lsh-index.store.ts),
-- written by a thread of its own after each commit instead of inside the ingest transaction (BENCHMARKS.md,
-- "Ingest"). That file records which quotes it holds, so "Quote"."lshVersion" has no use left. The new file is
-- filled from "Quote" when the database is next opened by a server (reconciliation, src/db/lsh-index.writer.ts).
DROP TABLE IF EXISTS "quote_lsh";

-- DropIndex
DROP INDEX "Quote_lshVersion_idx";

-- AlterTable
ALTER TABLE "Quote" DROP COLUMN "lshVersion";
