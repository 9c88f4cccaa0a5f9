-- One unique index on (normalizedHash, speakerId) replaces the unique (speakerId, normalizedHash) key and the
-- normalizedHash index: it serves the per-speaker dedupe and verify's exact lookup by hash alone. The saidOn index
-- had no reader (search filters and sorts on filedOn). The pair was already unique, so the new key cannot fail.
-- DropIndex
DROP INDEX "Quote_speakerId_normalizedHash_key";

-- DropIndex
DROP INDEX "Quote_saidOn_idx";

-- DropIndex
DROP INDEX "Quote_normalizedHash_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Quote_normalizedHash_speakerId_key" ON "Quote"("normalizedHash", "speakerId");
