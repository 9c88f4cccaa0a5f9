import { DOCUMENT_COLUMNS } from './rows.ts';

/** The statements of the ingest aggregate's writes (documents, speakers, quotes, occurrences, relays). */
export const INGEST_SQL = {
  documentBySha: `SELECT ${DOCUMENT_COLUMNS} FROM Document d WHERE d.sha256 = ?`,
  documentExists: 'SELECT 1 FROM Document WHERE id = ?',
  documentText: 'SELECT text FROM Document WHERE id = ?',
  insertDocument: `INSERT INTO Document (outlet, title, url, publishedOn, dateline, language, text, sha256, addedAt)
    VALUES (@outlet, @title, @url, @publishedOn, @dateline, @language, @text, @sha256, @addedAt)`,
  /** insertDocument, but a text stored already (its sha256) inserts nothing: an ingest then finds the stored one. */
  insertNewDocument: `INSERT INTO Document (outlet, title, url, publishedOn, dateline, language, text, sha256, addedAt)
    VALUES (@outlet, @title, @url, @publishedOn, @dateline, @language, @text, @sha256, @addedAt) ON CONFLICT (sha256) DO NOTHING`,
  // A slug that redirects (merged, renamed) names the speaker it redirects to: a re-seed adds to them, never recreates the old one.
  speakerBySlug: `SELECT id, slug, name, kind, description FROM Speaker WHERE slug = @slug
    UNION ALL SELECT s.id, s.slug, s.name, s.kind, s.description FROM SpeakerRedirect r JOIN Speaker s ON s.id = r.speakerId WHERE r.slug = @slug
    LIMIT 1`,
  insertSpeaker: 'INSERT INTO Speaker (slug, name, kind, description, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)',
  aliasExists: 'SELECT 1 FROM SpeakerAlias WHERE speakerId = ? AND normalized = ?',
  insertAlias: `INSERT INTO SpeakerAlias (speakerId, alias, normalized) VALUES (?, ?, ?)
    ON CONFLICT (speakerId, normalized) DO NOTHING`,
  externalIdOwner: 'SELECT speakerId FROM ExternalId WHERE scheme = ? AND value = ?',
  speakerById: 'SELECT id, slug, name, kind, description FROM Speaker WHERE id = ?',
  // The speaker with this very slug (no redirect) is another person: a Wikidata ID other than this one.
  slugHeldByOtherPerson: `SELECT 1 FROM Speaker s JOIN ExternalId e ON e.speakerId = s.id
    WHERE s.slug = ? AND e.scheme = 'wikidata' AND e.value <> ? LIMIT 1`,
  insertExternalId: 'INSERT INTO ExternalId (speakerId, scheme, value) VALUES (?, ?, ?)',
  organizationBySlug: 'SELECT id FROM Organization WHERE slug = ?',
  insertOrganization: 'INSERT INTO Organization (slug, name, kind, createdAt) VALUES (?, ?, ?, ?)',
  // Only a real change counts: it is what makes the speaker's quotes need re-filing.
  linkOrganization: 'UPDATE Organization SET speakerId = ? WHERE id = ? AND speakerId IS NOT ?',
  organizationSpeaker: 'SELECT speakerId FROM Organization WHERE id = ?',
  affiliationsAt: 'SELECT id, role, asStated, validFrom, validTo, sourceDocumentId FROM Affiliation WHERE speakerId = ? AND organizationId = ?',
  insertAffiliation: `INSERT INTO Affiliation (speakerId, organizationId, role, asStated, validFrom, validTo, sourceDocumentId, createdAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (speakerId, organizationId, role) DO NOTHING`,
  quoteByHash: 'SELECT id, variantOfId FROM Quote WHERE normalizedHash = ? AND speakerId = ?',
  // The root of the cluster a quote of this speaker belongs to: itself, or the quote it is a variant of.
  variantRoot: 'SELECT COALESCE(variantOfId, id) AS id FROM Quote WHERE id = ? AND speakerId = ?',
  insertQuote: `INSERT INTO Quote (speakerId, aboutSpeakerId, text, normalizedText, normalizedHash, kind, saidOn, venue, filedOn, searchTags, status, variantOfId, createdAt, updatedAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (normalizedHash, speakerId) DO NOTHING`,
  occurrenceByKey: 'SELECT id FROM Occurrence WHERE quoteId = ? AND documentId = ? AND start = ? AND "end" = ?',
  insertOccurrence: `INSERT INTO Occurrence (quoteId, documentId, start, "end", cueText, cueStart, cueEnd,
      speakerMentionText, speakerMentionStart, speakerMentionEnd, confidence, attributedBy, extractorVersion, status, createdAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  // An editor took this attribution off the record (docs/editorial.md#tombstones): the quote holding the decision.
  tombstoneFor: `SELECT t.quoteId AS id FROM Tombstone t JOIN Document d ON d.sha256 = t.documentSha256
    WHERE d.id = ? AND t.start = ? AND t."end" = ? AND t.speakerId = ?`,
  insertCitation: `INSERT INTO Citation (quoteId, url, seenOn, confidence, source, sourceQuoteId, createdAt)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (quoteId, url) DO NOTHING`,
  insertRelay: `INSERT INTO Relay (occurrenceId, position, name, organizationId, mentionText, mentionStart, mentionEnd)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
} as const;
// No statement here uses RETURNING, and none with a trigger runs when it would change nothing: SQLite runs
// RETURNING as a trigger, a statement with a trigger opens a statement savepoint, and FTS5 writes its pending
// index to disk at every savepoint: within an ingest transaction, an index segment per quote (docs/benchmarks-history.md,
// "Ingest"). Ids come from `lastInsertRowid`.
