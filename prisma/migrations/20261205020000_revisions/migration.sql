-- Corrections on the record (docs/editorial.md): one row per change, written in the change's transaction.
-- CreateTable
CREATE TABLE "Revision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entityType" TEXT NOT NULL,
    "entityId" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "apiKeyId" INTEGER,
    "actorName" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revertsRevisionId" INTEGER,
    CONSTRAINT "Revision_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Revision_revertsRevisionId_fkey" FOREIGN KEY ("revertsRevisionId") REFERENCES "Revision" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Revision_revertsRevisionId_key" ON "Revision"("revertsRevisionId");

-- CreateIndex
CREATE INDEX "Revision_entityType_entityId_id_idx" ON "Revision"("entityType", "entityId", "id");

-- CreateIndex
CREATE INDEX "Revision_apiKeyId_idx" ON "Revision"("apiKeyId");

