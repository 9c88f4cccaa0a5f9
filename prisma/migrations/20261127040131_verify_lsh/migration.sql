-- CreateTable
CREATE TABLE "QuoteLshBucket" (
    "band" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "quoteId" INTEGER NOT NULL,

    PRIMARY KEY ("band", "bucket", "quoteId"),
    CONSTRAINT "QuoteLshBucket_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "Quote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "QuoteLshBucket_quoteId_idx" ON "QuoteLshBucket"("quoteId");

-- Document frequency per term and column of the quote index, read by the verifier's
-- frequency-capped full-text fallback. Hand-written: Prisma cannot model
-- virtual tables (hidden from Prisma Migrate by src/db/fts-tables.ts). It is a
-- view over "quote_fts" resolved at query time, so it survives a rebuild of it.
CREATE VIRTUAL TABLE "quote_fts_vocab" USING fts5vocab('quote_fts', 'col');
