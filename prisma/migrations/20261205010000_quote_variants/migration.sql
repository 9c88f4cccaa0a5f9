-- A near-duplicate of a stored quote (Paper B prints "I will now resign" where Paper A printed "I will not
-- resign") is a quote of its own, linked to the quote it resembles, instead of a second occurrence of it.
-- Added in place rather than by redefining "Quote" (what `prisma migrate diff` writes): the same column and
-- foreign key, without copying every quote. SQLite accepts REFERENCES on an added column whose default is NULL.
-- AlterTable
ALTER TABLE "Quote" ADD COLUMN "variantOfId" INTEGER REFERENCES "Quote" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
-- Partial: most quotes are no variant, so most quote inserts leave it alone. Reads ask for "variantOfId = ?", which
-- implies its condition; so does the foreign key's check when a quote is deleted. Prisma 6.19 cannot model a partial
-- index and does not see it (schema.prisma says so at "Quote").
CREATE INDEX "Quote_variantOfId_idx" ON "Quote"("variantOfId") WHERE "variantOfId" IS NOT NULL;

-- Occurrences filed under a near-duplicate's quote before this release hold words other than their quote's.
-- Telling which needs the application's text normalisation (Unicode NFKC and typography folding, over UTF-16
-- offsets), which SQL cannot do: this flag asks the next open of the database to split them off
-- (src/storage/sqlite/evidence-repair.ts), in one transaction that also clears it.
PRAGMA user_version = 1;
