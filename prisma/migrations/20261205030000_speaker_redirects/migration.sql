-- Speakers can be merged and renamed: the slugs they leave answer 301 to the speaker they name now.
-- CreateTable
CREATE TABLE "SpeakerRedirect" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "fromSpeakerId" INTEGER,
    "speakerId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SpeakerRedirect_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Speaker" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Caches that assume speakers only grow compare this counter, which every merge, removal and correction moves.
-- CreateTable
CREATE TABLE "ChangeEpoch" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE UNIQUE INDEX "SpeakerRedirect_fromSpeakerId_key" ON "SpeakerRedirect"("fromSpeakerId");

-- CreateIndex
CREATE INDEX "SpeakerRedirect_speakerId_idx" ON "SpeakerRedirect"("speakerId");
