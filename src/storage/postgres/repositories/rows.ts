import type { Affiliation, DocumentSummary, QuoteKind, QuoteRecord, SpeakerKind, SpeakerSummary } from '../../../domain/models.ts';
import type { QuoteStatus, StatusNote } from '../../../domain/status.ts';

/** Row shapes of the SQL in this folder, and their mapping to plain read models. */

/** A timestamp as the SQLite backend shows it (ISO 8601 with "+00:00"), so both answer alike. */
export const timestamp = (at: Date): string => at.toISOString().replace('Z', '+00:00');

export interface SpeakerRow {
  id: number;
  slug: string;
  name: string;
  kind: string;
  description: string | null;
}

export const SPEAKER_COLUMNS = 's.id, s.slug, s.name, s.kind, s.description';

export const toSpeaker = (r: SpeakerRow): SpeakerSummary => ({ id: r.id, slug: r.slug, name: r.name, kind: r.kind as SpeakerKind, description: r.description });

export interface AffiliationRow {
  id: number;
  role: string;
  as_stated: string | null;
  valid_from: string | null;
  valid_to: string | null;
  source_document_id: number | null;
  org_id: number;
  org_slug: string;
  org_name: string;
  org_kind: string | null;
}

export const AFFILIATION_COLUMNS = `a.id, a.role, a.as_stated, a.valid_from, a.valid_to, a.source_document_id,
  o.id AS org_id, o.slug AS org_slug, o.name AS org_name, o.kind AS org_kind`;

export const toAffiliation = (r: AffiliationRow): Affiliation => ({
  id: r.id,
  organization: { id: r.org_id, slug: r.org_slug, name: r.org_name, kind: r.org_kind },
  role: r.role,
  asStated: r.as_stated,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  sourceDocumentId: r.source_document_id,
});

export interface QuoteRow {
  id: number;
  text: string;
  kind: string;
  said_on: string | null;
  venue: string | null;
  status: string;
  status_reason: string | null;
  status_changed_at: string | null;
  status_changed_by: string | null;
  s_id: number;
  s_slug: string;
  s_name: string;
  s_kind: string;
  s_description: string | null;
  a_id: number | null;
  a_slug: string | null;
  a_name: string | null;
  a_kind: string | null;
  a_description: string | null;
}

export const QUOTE_COLUMNS = `q.id, q.text, q.kind, q.said_on, q.venue, q.status, q.status_reason, q.status_changed_at, q.status_changed_by,
  s.id AS s_id, s.slug AS s_slug, s.name AS s_name, s.kind AS s_kind, s.description AS s_description,
  ab.id AS a_id, ab.slug AS a_slug, ab.name AS a_name, ab.kind AS a_kind, ab.description AS a_description`;

export const QUOTE_JOINS = 'JOIN speaker s ON s.id = q.speaker_id LEFT JOIN speaker ab ON ab.id = q.about_speaker_id';

export const toQuote = (r: QuoteRow): QuoteRecord => ({
  id: r.id,
  text: r.text,
  kind: r.kind as QuoteKind,
  saidOn: r.said_on,
  venue: r.venue,
  speaker: toSpeaker({ id: r.s_id, slug: r.s_slug, name: r.s_name, kind: r.s_kind, description: r.s_description }),
  about:
    r.a_id === null
      ? null
      : toSpeaker({ id: r.a_id, slug: r.a_slug ?? '', name: r.a_name ?? '', kind: r.a_kind ?? 'person', description: r.a_description }),
  status: r.status as QuoteStatus,
  statusNote: toStatusNote(r.status_reason, r.status_changed_at, r.status_changed_by),
});

/** The last editorial decision, when one was taken (all three are written together). */
export function toStatusNote(reason: string | null, changedAt: string | null, changedBy: string | null): StatusNote | null {
  return reason === null || changedAt === null || changedBy === null ? null : { reason, changedAt, changedBy };
}

export interface DocumentRow {
  id: number;
  outlet: string | null;
  title: string | null;
  url: string | null;
  published_on: string | null;
  dateline: string | null;
  language: string;
  sha256: string;
  added_at: Date;
}

export const DOCUMENT_COLUMNS = 'd.id, d.outlet, d.title, d.url, d.published_on, d.dateline, d.language, d.sha256, d.added_at';

export const toDocument = (r: DocumentRow): DocumentSummary => ({
  id: r.id,
  outlet: r.outlet,
  title: r.title,
  url: r.url,
  publishedOn: r.published_on,
  dateline: r.dateline,
  language: r.language,
  sha256: r.sha256,
  addedAt: timestamp(r.added_at),
});
