-- A near-duplicate of a stored quote (Paper B prints "I will now resign" where Paper A printed "I will not
-- resign") is a quote of its own, linked to the quote it resembles, instead of a second occurrence of it.
-- Added in place rather than by redefining "Quote" (what `prisma migrate diff` writes): the same column and
-- foreign key, without copying every quote. SQLite accepts REFERENCES on an added column whose default is NULL.
-- AlterTable
ALTER TABLE "Quote" ADD COLUMN "variantOfId" INTEGER REFERENCES "Quote" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "Quote_variantOfId_idx" ON "Quote"("variantOfId");

-- Occurrences filed under a near-duplicate's quote before this release hold words other than their quote's.
-- Telling which needs the application's text normalisation (Unicode NFKC and typography folding, over UTF-16
-- offsets), which SQL cannot do: this flag asks the next open of the database to split them off
-- (src/storage/sqlite/evidence-repair.ts), in one transaction that also clears it.
PRAGMA user_version = 1;
