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
