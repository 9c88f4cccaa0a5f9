-- Citations: a quote reported at a URL whose text is not held (Quotebank's quotes-by-quote layout).
-- CreateTable
CREATE TABLE "Citation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "quoteId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "seenOn" TEXT,
    "confidence" REAL NOT NULL DEFAULT 1,
    "source" TEXT NOT NULL,
    "sourceQuoteId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Citation_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "Quote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Where the import of a file got to, so that a re-run resumes.
-- CreateTable
CREATE TABLE "ImportCheckpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "fileKey" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "totals" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Citation_quoteId_url_key" ON "Citation"("quoteId", "url");

-- CreateIndex
CREATE UNIQUE INDEX "ImportCheckpoint_fileKey_key" ON "ImportCheckpoint"("fileKey");
