-- Status instead of deletion (docs/editorial.md). Columns are added in place (constant defaults: no table
-- copy, so a large database migrates in moments); every existing quote and occurrence is active.
ALTER TABLE "Quote" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'active';
ALTER TABLE "Quote" ADD COLUMN "statusReason" TEXT;
ALTER TABLE "Quote" ADD COLUMN "statusChangedAt" DATETIME;
ALTER TABLE "Quote" ADD COLUMN "statusChangedBy" TEXT;
ALTER TABLE "Occurrence" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'active';
ALTER TABLE "Occurrence" ADD COLUMN "statusReason" TEXT;
ALTER TABLE "Occurrence" ADD COLUMN "statusChangedAt" DATETIME;
ALTER TABLE "Occurrence" ADD COLUMN "statusChangedBy" TEXT;

-- CreateIndex
CREATE INDEX "Occurrence_status_id_idx" ON "Occurrence"("status", "id");

-- CreateTable
CREATE TABLE "Tombstone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentSha256" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "speakerId" INTEGER NOT NULL,
    "quoteId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Tombstone_quoteId_idx" ON "Tombstone"("quoteId");

-- CreateIndex
CREATE UNIQUE INDEX "Tombstone_documentSha256_start_end_speakerId_key" ON "Tombstone"("documentSha256", "start", "end", "speakerId");
