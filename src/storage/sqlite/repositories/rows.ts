import type { DocumentSummary } from '../../../domain/models.ts';
import { toDocument as documentOf, type DocumentRow } from '../../shared/rows.ts';

/**
 * The column lists of the SQL in this folder, named as the rows of every backend are (src/storage/shared/rows.ts,
 * which maps them to read models).
 */
export {
  asAttributedBy,
  toAffiliation,
  toOrganization,
  toQuote,
  toSpeaker,
  toStatusNote,
  type AffiliationRow,
  type DocumentRow,
  type QuoteRow,
  type SpeakerRow,
} from '../../shared/rows.ts';

export const AFFILIATION_COLUMNS = `a.id, a.role, a.asStated, a.validFrom, a.validTo, a.sourceDocumentId,
  o.id AS orgId, o.slug AS orgSlug, o.name AS orgName, o.kind AS orgKind`;

export const QUOTE_COLUMNS = `q.id, q.text, q.kind, q.saidOn, q.venue, q.status, q.statusReason, q.statusChangedAt, q.statusChangedBy,
  s.id AS sId, s.slug AS sSlug, s.name AS sName, s.kind AS sKind, s.description AS sDescription,
  ab.id AS aId, ab.slug AS aSlug, ab.name AS aName, ab.kind AS aKind, ab.description AS aDescription`;

export const QUOTE_JOINS = `JOIN Speaker s ON s.id = q.speakerId LEFT JOIN Speaker ab ON ab.id = q.aboutSpeakerId`;

export const DOCUMENT_COLUMNS = 'd.id, d.outlet, d.title, d.url, d.publishedOn, d.dateline, d.language, d.sha256, d.addedAt';

/** Stored as they are shown. */
export const toDocument = (r: DocumentRow): DocumentSummary => documentOf(r, (addedAt) => addedAt);
