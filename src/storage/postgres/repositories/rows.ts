import type { DocumentSummary } from '../../../domain/models.ts';
import { toDocument as documentOf, type DocumentRow as SelectedDocument } from '../../shared/rows.ts';

/**
 * The column lists of the SQL in this folder, named as the rows of every backend are (src/storage/shared/rows.ts,
 * which maps them to read models).
 */
export { toAffiliation, toQuote, toSpeaker, toStatusNote, type AffiliationRow, type QuoteRow, type SpeakerRow } from '../../shared/rows.ts';

/** A timestamp as the SQLite backend shows it (ISO 8601 with "+00:00"), so both answer alike. */
export const timestamp = (at: Date): string => at.toISOString().replace('Z', '+00:00');

export const SPEAKER_COLUMNS = 's.id, s.slug, s.name, s.kind, s.description';

export const AFFILIATION_COLUMNS = `a.id, a.role, a.as_stated AS "asStated", a.valid_from AS "validFrom", a.valid_to AS "validTo", a.source_document_id AS "sourceDocumentId",
  o.id AS "orgId", o.slug AS "orgSlug", o.name AS "orgName", o.kind AS "orgKind"`;

export const QUOTE_COLUMNS = `q.id, q.text, q.kind, q.said_on AS "saidOn", q.venue, q.status, q.status_reason AS "statusReason",
  q.status_changed_at AS "statusChangedAt", q.status_changed_by AS "statusChangedBy",
  s.id AS "sId", s.slug AS "sSlug", s.name AS "sName", s.kind AS "sKind", s.description AS "sDescription",
  ab.id AS "aId", ab.slug AS "aSlug", ab.name AS "aName", ab.kind AS "aKind", ab.description AS "aDescription"`;

export const QUOTE_JOINS = 'JOIN speaker s ON s.id = q.speaker_id LEFT JOIN speaker ab ON ab.id = q.about_speaker_id';

/** A document's columns but its id (for rows that hold another id too). */
export const DOCUMENT_FIELDS = 'd.outlet, d.title, d.url, d.published_on AS "publishedOn", d.dateline, d.language, d.sha256, d.added_at AS "addedAt"';

export const DOCUMENT_COLUMNS = `d.id, ${DOCUMENT_FIELDS}`;

export type DocumentRow = SelectedDocument<Date>;

export const toDocument = (r: DocumentRow): DocumentSummary => documentOf(r, timestamp);
