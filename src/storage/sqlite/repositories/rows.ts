import type {
  Affiliation,
  AttributedBy,
  DocumentSummary,
  OrganizationSummary,
  QuoteKind,
  QuoteRecord,
  SpeakerKind,
  SpeakerSummary,
} from '../../../domain/models.ts';
import type { QuoteStatus, StatusNote } from '../../../domain/status.ts';

/** Row shapes of the SQL below, and their mapping to plain read models. */
export interface SpeakerRow {
  id: number;
  slug: string;
  name: string;
  kind: string;
  description: string | null;
}

export const toSpeaker = (r: SpeakerRow): SpeakerSummary => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  kind: r.kind as SpeakerKind,
  description: r.description,
});

export interface AffiliationRow {
  id: number;
  speakerId: number;
  role: string;
  asStated: string | null;
  validFrom: string | null;
  validTo: string | null;
  sourceDocumentId: number | null;
  orgId: number;
  orgSlug: string;
  orgName: string;
  orgKind: string | null;
}

export const AFFILIATION_COLUMNS = `a.id, a.speakerId, a.role, a.asStated, a.validFrom, a.validTo, a.sourceDocumentId,
  o.id AS orgId, o.slug AS orgSlug, o.name AS orgName, o.kind AS orgKind`;

export const toOrganization = (id: number, slug: string, name: string, kind: string | null): OrganizationSummary => ({
  id,
  slug,
  name,
  kind,
});

export const toAffiliation = (r: AffiliationRow): Affiliation => ({
  id: r.id,
  organization: toOrganization(r.orgId, r.orgSlug, r.orgName, r.orgKind),
  role: r.role,
  asStated: r.asStated,
  validFrom: r.validFrom,
  validTo: r.validTo,
  sourceDocumentId: r.sourceDocumentId,
});

export interface QuoteRow {
  id: number;
  text: string;
  kind: string;
  saidOn: string | null;
  venue: string | null;
  sId: number;
  sSlug: string;
  sName: string;
  sKind: string;
  sDescription: string | null;
  aId: number | null;
  aSlug: string | null;
  aName: string | null;
  aKind: string | null;
  aDescription: string | null;
  status: string;
  statusReason: string | null;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
}

/** The last decision on a status, from its three columns (all set together, or none). */
export function toStatusNote(reason: string | null, changedAt: string | null, changedBy: string | null): StatusNote | null {
  return reason === null || changedAt === null || changedBy === null ? null : { reason, changedAt, changedBy };
}

export const QUOTE_COLUMNS = `q.id, q.text, q.kind, q.saidOn, q.venue, q.status, q.statusReason, q.statusChangedAt, q.statusChangedBy,
  s.id AS sId, s.slug AS sSlug, s.name AS sName, s.kind AS sKind, s.description AS sDescription,
  ab.id AS aId, ab.slug AS aSlug, ab.name AS aName, ab.kind AS aKind, ab.description AS aDescription`;

export const QUOTE_JOINS = `JOIN Speaker s ON s.id = q.speakerId LEFT JOIN Speaker ab ON ab.id = q.aboutSpeakerId`;

export const toQuote = (r: QuoteRow): QuoteRecord => ({
  id: r.id,
  text: r.text,
  kind: r.kind as QuoteKind,
  saidOn: r.saidOn,
  venue: r.venue,
  speaker: toSpeaker({ id: r.sId, slug: r.sSlug, name: r.sName, kind: r.sKind, description: r.sDescription }),
  about:
    r.aId === null
      ? null
      : toSpeaker({ id: r.aId, slug: r.aSlug ?? '', name: r.aName ?? '', kind: r.aKind ?? 'person', description: r.aDescription }),
  status: r.status as QuoteStatus,
  statusNote: toStatusNote(r.statusReason, r.statusChangedAt, r.statusChangedBy),
});

/** The columns DOCUMENT_COLUMNS selects: a summary's fields, stored as they are shown. */
export type DocumentRow = DocumentSummary;

export const DOCUMENT_COLUMNS = 'd.id, d.outlet, d.title, d.url, d.publishedOn, d.dateline, d.language, d.sha256, d.addedAt';

export const toDocument = (r: DocumentRow): DocumentSummary => ({
  id: r.id,
  outlet: r.outlet,
  title: r.title,
  url: r.url,
  publishedOn: r.publishedOn,
  dateline: r.dateline,
  language: r.language,
  sha256: r.sha256,
  addedAt: r.addedAt,
});

export const asAttributedBy = (v: string): AttributedBy => v as AttributedBy;
