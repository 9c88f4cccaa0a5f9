-- A speaker's page lists the quotes recorded as being about them; without this index that read scans every quote.
-- CreateIndex
CREATE INDEX "Quote_aboutSpeakerId_idx" ON "Quote"("aboutSpeakerId");
