import type { Affiliation, AttributedBy, DocumentSummary, OrganizationSummary, QuoteKind, QuoteRecord, SpeakerKind, SpeakerSummary } from '../../domain/models.ts';
import type { Role } from '../../domain/actor.ts';
import type { QuoteStatus, StatusNote } from '../../domain/status.ts';
import type { ApiKeyInfo, DocumentQuote, RelatedSpeaker } from '../ports/index.ts';

/**
 * The rows every backend's SQL selects for speakers, affiliations, quotes and documents, by the names their
 * column lists give them (each backend's rows.ts), and their mapping to plain read models.
 */

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

export const toOrganization = (id: number, slug: string, name: string, kind: string | null): OrganizationSummary => ({ id, slug, name, kind });

export const toAffiliation = (r: AffiliationRow): Affiliation => ({
  id: r.id,
  organization: toOrganization(r.orgId, r.orgSlug, r.orgName, r.orgKind),
  role: r.role,
  asStated: r.asStated,
  validFrom: r.validFrom,
  validTo: r.validTo,
  sourceDocumentId: r.sourceDocumentId,
});

/** A quote with its speaker (`s…`) and the speaker it is about (`a…`, all null when none). */
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

/** A document's summary as selected: its fields, the time it was added as the backend reads it (`At`). */
export type DocumentRow<At = string> = Omit<DocumentSummary, 'addedAt'> & { addedAt: At };

/** A document's summary; `at` shows the time it was added as every backend shows it. */
export function toDocument<At>(r: DocumentRow<At>, at: (addedAt: At) => string): DocumentSummary {
  return {
    id: r.id,
    outlet: r.outlet,
    title: r.title,
    url: r.url,
    publishedOn: r.publishedOn,
    dateline: r.dateline,
    language: r.language,
    sha256: r.sha256,
    addedAt: at(r.addedAt),
  };
}

export const asAttributedBy = (v: string): AttributedBy => v as AttributedBy;

/** A speaker related to another through an organisation (a member of the one they speak for, or the voice of one they belong to). */
export type RelatedSpeakerRow = SpeakerRow & { relation: RelatedSpeaker['relation']; role: string; orgId: number; orgSlug: string; orgName: string; orgKind: string | null };

export const toRelatedSpeaker = (r: RelatedSpeakerRow): RelatedSpeaker => ({
  speaker: toSpeaker(r),
  relation: r.relation,
  role: r.role,
  organization: toOrganization(r.orgId, r.orgSlug, r.orgName, r.orgKind),
});

/** An occurrence in a document, with its quote's kind and speaker. */
export type DocumentQuoteRow = SpeakerRow & { occurrenceId: number; quoteId: number; start: number; end: number; quoteKind: string };

export const toDocumentQuote = (r: DocumentQuoteRow): DocumentQuote => ({
  occurrenceId: r.occurrenceId,
  quoteId: r.quoteId,
  start: r.start,
  end: r.end,
  kind: r.quoteKind as QuoteKind,
  speaker: toSpeaker(r),
});

/** An API key as selected; `at` shows its times as every backend shows them. */
export interface ApiKeyRow<At = string> {
  id: number;
  prefix: string;
  name: string;
  role: string;
  createdAt: At;
  revokedAt: At | null;
}

export function toApiKeyInfo<At>(r: ApiKeyRow<At>, at: (time: At) => string): ApiKeyInfo {
  return { id: r.id, prefix: r.prefix, name: r.name, role: r.role as Role, createdAt: at(r.createdAt), revokedAt: r.revokedAt === null ? null : at(r.revokedAt) };
}
