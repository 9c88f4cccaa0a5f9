-- AlterTable
ALTER TABLE "Quote" ADD COLUMN "filedOn" TEXT;
ALTER TABLE "Quote" ADD COLUMN "searchTags" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Quote_filedOn_idx" ON "Quote"("filedOn");

-- CreateIndex
CREATE INDEX "Quote_speakerId_filedOn_idx" ON "Quote"("speakerId", "filedOn");

-- Dates quotes are filed under: said on, else first published.
UPDATE "Quote" SET "filedOn" = COALESCE("saidOn", (
    SELECT MIN(d."publishedOn") FROM "Occurrence" o JOIN "Document" d ON d."id" = o."documentId"
    WHERE o."quoteId" = "Quote"."id"));

-- The search index gets a second column of single-token filter tags (speaker,
-- organisation at the time said, outlet, language, kind). The tags depend on
-- other tables (occurrences, documents, affiliations), so the application
-- computes them into "Quote"."searchTags" and writes the index in the same
-- transaction as the data (src/repositories/prisma/write.repository.ts), no
-- longer through triggers. It stays external-content: "Quote" keeps exactly
-- what was indexed, so a row can always be removed with its old values and
-- bm25's statistics stay exact (a contentless_delete index was tried: its
-- deletes leave the document count and lengths behind).
DROP TRIGGER IF EXISTS "quote_fts_after_insert";
DROP TRIGGER IF EXISTS "quote_fts_after_delete";
DROP TRIGGER IF EXISTS "quote_fts_after_update";
DROP TABLE IF EXISTS "quote_fts";

CREATE VIRTUAL TABLE "quote_fts" USING fts5(
    text,
    searchTags,
    content='Quote',
    content_rowid='id',
    tokenize="unicode61 remove_diacritics 2"
);
-- Rank = bm25 over the quote text only; the tags column weighs nothing.
INSERT INTO "quote_fts"("quote_fts", "rank") VALUES ('rank', 'bm25(1.0, 0.0)');

-- Keep in step with TAGS_SQL in src/repositories/sqlite/search-index.sql.ts.
UPDATE "Quote" AS q SET "searchTags" =
    'sp' || q."speakerId" || ' ki' || q."kind"
    || ' ' || COALESCE((SELECT group_concat(DISTINCT 'ou' || lower(hex(lower(trim(d."outlet")))))
        FROM "Occurrence" o JOIN "Document" d ON d."id" = o."documentId"
        WHERE o."quoteId" = q."id" AND trim(COALESCE(d."outlet", '')) <> ''), '')
    || ' ' || COALESCE((SELECT group_concat(DISTINCT 'la' || lower(hex(lower(trim(d."language")))))
        FROM "Occurrence" o JOIN "Document" d ON d."id" = o."documentId" WHERE o."quoteId" = q."id"), '')
    || ' ' || COALESCE((SELECT group_concat('or' || "organizationId") FROM (
        SELECT af."organizationId" FROM "Affiliation" af WHERE af."speakerId" = q."speakerId"
          AND (af."validFrom" IS NULL OR q."filedOn" IS NULL OR af."validFrom" <= substr(q."filedOn", 1, length(af."validFrom")))
          AND (af."validTo" IS NULL OR q."filedOn" IS NULL OR substr(q."filedOn", 1, length(af."validTo")) <= af."validTo")
        UNION SELECT og."id" FROM "Organization" og WHERE og."speakerId" = q."speakerId")), '');
INSERT INTO "quote_fts"("quote_fts") VALUES ('rebuild');

-- Trigram index over folded speaker names and aliases, for lookups tolerant of
-- transliteration and typos ("Yuri Ushakov" → Yury Ushakov). Aliases are few
-- and written rarely, so triggers keep it in sync.
CREATE VIRTUAL TABLE "speaker_alias_fts" USING fts5(
    normalized,
    content='SpeakerAlias',
    content_rowid='id',
    tokenize="trigram remove_diacritics 1"
);
CREATE TRIGGER "speaker_alias_fts_after_insert" AFTER INSERT ON "SpeakerAlias" BEGIN
    INSERT INTO "speaker_alias_fts"(rowid, normalized) VALUES (new."id", new."normalized");
END;
CREATE TRIGGER "speaker_alias_fts_after_delete" AFTER DELETE ON "SpeakerAlias" BEGIN
    INSERT INTO "speaker_alias_fts"("speaker_alias_fts", rowid, normalized) VALUES ('delete', old."id", old."normalized");
END;
CREATE TRIGGER "speaker_alias_fts_after_update" AFTER UPDATE OF "normalized" ON "SpeakerAlias" BEGIN
    INSERT INTO "speaker_alias_fts"("speaker_alias_fts", rowid, normalized) VALUES ('delete', old."id", old."normalized");
    INSERT INTO "speaker_alias_fts"(rowid, normalized) VALUES (new."id", new."normalized");
END;
INSERT INTO "speaker_alias_fts"("speaker_alias_fts") VALUES ('rebuild');
