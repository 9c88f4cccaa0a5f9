-- The quotes about a speaker, made partial as "Quote_variantOfId_idx" is: most quotes are about no one, so
-- most quote inserts then leave it alone (docs/decisions/0020). Reads ask for "aboutSpeakerId = ?", which implies its condition; so does the foreign
-- key's action when a speaker is deleted. Prisma 6.19 cannot model a partial index and does not see it
-- (schema.prisma says so at "Quote").
-- DropIndex
DROP INDEX "Quote_aboutSpeakerId_idx";

-- CreateIndex
CREATE INDEX "Quote_aboutSpeakerId_idx" ON "Quote"("aboutSpeakerId") WHERE "aboutSpeakerId" IS NOT NULL;
