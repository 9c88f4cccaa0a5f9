-- CreateTable
CREATE TABLE "Speaker" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SpeakerAlias" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "speakerId" INTEGER NOT NULL,
    "alias" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    CONSTRAINT "SpeakerAlias_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Speaker" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExternalId" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "speakerId" INTEGER NOT NULL,
    "scheme" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "ExternalId_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Speaker" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "speakerId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Organization_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Speaker" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Affiliation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "speakerId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "asStated" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "sourceDocumentId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Affiliation_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Speaker" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Affiliation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Affiliation_sourceDocumentId_fkey" FOREIGN KEY ("sourceDocumentId") REFERENCES "Document" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Document" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "outlet" TEXT,
    "title" TEXT,
    "url" TEXT,
    "publishedOn" TEXT,
    "dateline" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "text" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Quote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "speakerId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "normalizedText" TEXT NOT NULL,
    "normalizedHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "saidOn" TEXT,
    "venue" TEXT,
    "aboutSpeakerId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Quote_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Speaker" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Quote_aboutSpeakerId_fkey" FOREIGN KEY ("aboutSpeakerId") REFERENCES "Speaker" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Occurrence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "quoteId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "cueText" TEXT,
    "cueStart" INTEGER,
    "cueEnd" INTEGER,
    "speakerMentionText" TEXT,
    "speakerMentionStart" INTEGER,
    "speakerMentionEnd" INTEGER,
    "confidence" REAL NOT NULL DEFAULT 1,
    "attributedBy" TEXT NOT NULL,
    "extractorVersion" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Occurrence_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "Quote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Occurrence_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Relay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "occurrenceId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "organizationId" INTEGER,
    "mentionText" TEXT,
    "mentionStart" INTEGER,
    "mentionEnd" INTEGER,
    CONSTRAINT "Relay_occurrenceId_fkey" FOREIGN KEY ("occurrenceId") REFERENCES "Occurrence" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Relay_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Speaker_slug_key" ON "Speaker"("slug");

-- CreateIndex
CREATE INDEX "SpeakerAlias_normalized_idx" ON "SpeakerAlias"("normalized");

-- CreateIndex
CREATE UNIQUE INDEX "SpeakerAlias_speakerId_normalized_key" ON "SpeakerAlias"("speakerId", "normalized");

-- CreateIndex
CREATE INDEX "ExternalId_speakerId_idx" ON "ExternalId"("speakerId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalId_scheme_value_key" ON "ExternalId"("scheme", "value");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_speakerId_key" ON "Organization"("speakerId");

-- CreateIndex
CREATE INDEX "Affiliation_organizationId_idx" ON "Affiliation"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Affiliation_speakerId_organizationId_role_key" ON "Affiliation"("speakerId", "organizationId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Document_sha256_key" ON "Document"("sha256");

-- CreateIndex
CREATE INDEX "Document_publishedOn_idx" ON "Document"("publishedOn");

-- CreateIndex
CREATE INDEX "Quote_normalizedHash_idx" ON "Quote"("normalizedHash");

-- CreateIndex
CREATE INDEX "Quote_saidOn_idx" ON "Quote"("saidOn");

-- CreateIndex
CREATE UNIQUE INDEX "Quote_speakerId_normalizedHash_key" ON "Quote"("speakerId", "normalizedHash");

-- CreateIndex
CREATE INDEX "Occurrence_documentId_idx" ON "Occurrence"("documentId");

-- CreateIndex
CREATE UNIQUE INDEX "Occurrence_quoteId_documentId_start_end_key" ON "Occurrence"("quoteId", "documentId", "start", "end");

-- CreateIndex
CREATE UNIQUE INDEX "Relay_occurrenceId_position_key" ON "Relay"("occurrenceId", "position");


-- Full-text index over quote text. External content: the words live once, in
-- "Quote"; the index holds only tokens. Prisma cannot model virtual tables, so
-- the FTS5 tables are created here and hidden from Prisma Migrate
-- (src/db/prisma-migrate-adapter.ts). A migration that redefines "Quote"
-- (Prisma's copy-and-rename) drops these triggers: recreate them in it.
CREATE VIRTUAL TABLE "quote_fts" USING fts5(
    text,
    content='Quote',
    content_rowid='id',
    tokenize="unicode61 remove_diacritics 2"
);

-- Kept in sync in the same transaction as every write to "Quote".
CREATE TRIGGER "quote_fts_after_insert" AFTER INSERT ON "Quote" BEGIN
    INSERT INTO "quote_fts"(rowid, text) VALUES (new."id", new."text");
END;

CREATE TRIGGER "quote_fts_after_delete" AFTER DELETE ON "Quote" BEGIN
    INSERT INTO "quote_fts"("quote_fts", rowid, text) VALUES ('delete', old."id", old."text");
END;

CREATE TRIGGER "quote_fts_after_update" AFTER UPDATE OF "text" ON "Quote" BEGIN
    INSERT INTO "quote_fts"("quote_fts", rowid, text) VALUES ('delete', old."id", old."text");
    INSERT INTO "quote_fts"(rowid, text) VALUES (new."id", new."text");
END;
