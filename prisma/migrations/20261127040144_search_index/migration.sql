-- AlterTable
ALTER TABLE "Quote" ADD COLUMN "filedOn" TEXT;

-- CreateIndex
CREATE INDEX "Quote_filedOn_idx" ON "Quote"("filedOn");

-- Dates quotes are filed under: said on, else first published.
UPDATE "Quote" SET "filedOn" = COALESCE("saidOn", (
    SELECT MIN(d."publishedOn") FROM "Occurrence" o JOIN "Document" d ON d."id" = o."documentId"
    WHERE o."quoteId" = "Quote"."id"));

-- The search index becomes contentless (contentless_delete=1) with a second
-- column of single-token filter tags (speaker, organisation at the time said,
-- outlet, language, kind). The tags depend on other tables (occurrences,
-- documents, affiliations), so the application writes the index in the same
-- transaction as the data (src/repositories/prisma/write.repository.ts);
-- a contentless table can drop a row by rowid without its old values, so a
-- row whose tags changed elsewhere can always be replaced safely. Snippets
-- and match offsets are computed by the application from "Quote"."text".
DROP TRIGGER IF EXISTS "quote_fts_after_insert";
DROP TRIGGER IF EXISTS "quote_fts_after_delete";
DROP TRIGGER IF EXISTS "quote_fts_after_update";
DROP TABLE IF EXISTS "quote_fts";

CREATE VIRTUAL TABLE "quote_fts" USING fts5(
    text,
    tags,
    content='',
    contentless_delete=1,
    tokenize="unicode61 remove_diacritics 2"
);
-- Rank = bm25 over the quote text only; the tags column weighs nothing.
INSERT INTO "quote_fts"("quote_fts", "rank") VALUES ('rank', 'bm25(1.0, 0.0)');

-- Per-column document counts of each term, for the query planner's estimates.
CREATE VIRTUAL TABLE "quote_fts_vocab" USING fts5vocab("quote_fts", 'col');

-- Keep in step with indexQuotesSql() in src/repositories/sqlite/search-index.sql.ts.
INSERT INTO "quote_fts"(rowid, text, tags)
SELECT q."id", q."text",
    'sp' || q."speakerId" || ' ki' || q."kind"
    || ' ' || COALESCE((SELECT group_concat(DISTINCT 'ou' || lower(hex(lower(trim(d."outlet")))))
        FROM "Occurrence" o JOIN "Document" d ON d."id" = o."documentId"
        WHERE o."quoteId" = q."id" AND trim(COALESCE(d."outlet", '')) <> ''), '')
    || ' ' || COALESCE((SELECT group_concat(DISTINCT 'la' || lower(hex(lower(d."language"))))
        FROM "Occurrence" o JOIN "Document" d ON d."id" = o."documentId" WHERE o."quoteId" = q."id"), '')
    || ' ' || COALESCE((SELECT group_concat(DISTINCT 'or' || af."organizationId") FROM "Affiliation" af
        WHERE af."speakerId" = q."speakerId"
          AND (af."validFrom" IS NULL OR q."filedOn" IS NULL OR af."validFrom" <= substr(q."filedOn", 1, length(af."validFrom")))
          AND (af."validTo" IS NULL OR q."filedOn" IS NULL OR substr(q."filedOn", 1, length(af."validTo")) <= af."validTo")), '')
    || ' ' || COALESCE((SELECT group_concat('or' || og."id") FROM "Organization" og WHERE og."speakerId" = q."speakerId"), '')
FROM "Quote" q;

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
