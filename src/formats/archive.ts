import { z } from 'zod';
import { documentMetadata } from '../domain/document-metadata.ts';
import type { DocumentSummary, QuoteDetail, SpeakerDetail } from '../domain/models.ts';
import { OCCURRENCE_STATUSES, QUOTE_STATUSES } from '../domain/status.ts';
import type { NewDocument } from '../storage/ports/index.ts';

/**
 * whosaid's own dump: NDJSON, one record a line, that another whosaid imports into the same quotes,
 * speakers, occurrences and provenance. Records refer to each other by content, never by id (ids differ
 * between databases): documents by the sha256 of their text, speakers by slug. A header line comes first,
 * then every document (with its text), every speaker, every quote, so that each reference points back.
 */
export const ARCHIVE_VERSION = 1;

const span = z.object({ text: z.string(), start: z.number().int().min(0), end: z.number().int().min(0) });
const organization = z.object({ name: z.string().min(1), kind: z.string().nullable() });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex sha256');
const statusNote = z
  .object({ reason: z.string(), changedAt: z.string(), changedBy: z.string() })
  .nullable()
  .optional()
  .describe('The last editorial decision on the status');

export const archiveHeader = z.object({
  type: z.literal('whosaid-dump'),
  version: z.literal(ARCHIVE_VERSION),
  exportedAt: z.string(),
  publisher: z.object({ name: z.string(), url: z.string() }),
});

export const archiveDocument = z.object({
  type: z.literal('document'),
  sha256,
  outlet: z.string().nullable(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  publishedOn: z.string().nullable(),
  dateline: z.string().nullable(),
  language: z.string().min(1),
  text: z.string().min(1),
});

export const archiveSpeaker = z.object({
  type: z.literal('speaker'),
  slug: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['person', 'organization']),
  description: z.string().nullable(),
  aliases: z.array(z.string()),
  externalIds: z.array(z.object({ scheme: z.string().min(1), value: z.string().min(1) })),
  affiliations: z.array(
    z.object({
      organization,
      role: z.string(),
      asStated: z.string().nullable(),
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
      sourceDocument: sha256.nullable().describe('sha256 of the document that states it'),
    }),
  ),
  organization: organization.nullable().describe('The organisation the speaker is, when it also speaks (the Kremlin)'),
});

export const archiveQuote = z.object({
  type: z.literal('quote'),
  text: z.string().min(1),
  kind: z.enum(['direct', 'partial', 'indirect']),
  saidOn: z.string().nullable(),
  venue: z.string().nullable(),
  speaker: z.string().min(1).describe('slug'),
  about: z.string().nullable().describe('slug'),
  occurrences: z.array(
    z.object({
      document: sha256,
      start: z.number().int().min(0),
      end: z.number().int().min(0),
      cue: span.nullable(),
      speakerMention: span.nullable(),
      relays: z.array(z.object({ name: z.string().min(1), organization: organization.nullable(), mention: span.nullable() })),
      confidence: z.number().min(0).max(1),
      attributedBy: z.enum(['manual', 'seed', 'extractor']),
      extractorVersion: z.string().nullable(),
      // Optional: dumps written before occurrences' statuses travelled have neither.
      status: z.enum(OCCURRENCE_STATUSES).optional().describe('Where this evidence stands (docs/editorial.md#review)'),
      statusNote,
    }),
  ),
  citations: z.array(
    z.object({
      url: z.string().min(1),
      seenOn: z.string().nullable(),
      confidence: z.number().min(0).max(1),
      source: z.string().min(1),
      sourceQuoteId: z.string().nullable(),
    }),
  ),
  // Optional: dumps written before the editorial record have neither (their quotes stand as stored).
  status: z.enum(QUOTE_STATUSES).optional().describe('Where the quote stands on the record (docs/editorial.md)'),
  statusNote,
});

export const archiveRecord = z.discriminatedUnion('type', [archiveHeader, archiveDocument, archiveSpeaker, archiveQuote]);

export type ArchiveRecord = z.infer<typeof archiveRecord>;
export type ArchiveDocument = z.infer<typeof archiveDocument>;
export type ArchiveSpeaker = z.infer<typeof archiveSpeaker>;
export type ArchiveQuote = z.infer<typeof archiveQuote>;

export function documentRecord(d: DocumentSummary & { text: string }): ArchiveDocument {
  return { type: 'document', sha256: d.sha256, ...documentMetadata(d), text: d.text };
}

/** The document a record describes, to store (its sha256 is the record's: checked by the caller). */
export function newDocumentOf(d: ArchiveDocument): NewDocument {
  return { ...documentMetadata(d), text: d.text, sha256: d.sha256 };
}

/** What an affiliation states (who, what role, as worded, when), in a dump and in a speaker to store alike. */
export function affiliationTerms(a: Omit<ArchiveSpeaker['affiliations'][number], 'sourceDocument'>): Omit<ArchiveSpeaker['affiliations'][number], 'sourceDocument'> {
  return { organization: { name: a.organization.name, kind: a.organization.kind }, role: a.role, asStated: a.asStated, validFrom: a.validFrom, validTo: a.validTo };
}

type SpeakerTerms = Pick<ArchiveSpeaker, 'slug' | 'name' | 'kind' | 'description' | 'aliases' | 'externalIds'>;

/** Who a speaker is (slug, names, kind, IDs), in a dump and in a speaker to store alike. */
export function speakerTerms(s: SpeakerTerms): SpeakerTerms {
  return { slug: s.slug, name: s.name, kind: s.kind, description: s.description, aliases: s.aliases, externalIds: s.externalIds };
}

/** `shaOf`: the sha256 of an affiliation's source document, by its id. */
export function speakerRecord(
  s: SpeakerDetail & { organization: { name: string; kind: string | null } | null },
  shaOf: (documentId: number) => string | null,
): ArchiveSpeaker {
  return {
    type: 'speaker',
    ...speakerTerms(s),
    affiliations: s.affiliations.map((a) => ({ ...affiliationTerms(a), sourceDocument: a.sourceDocumentId === null ? null : shaOf(a.sourceDocumentId) })),
    organization: s.organization,
  };
}

export function quoteRecord(q: QuoteDetail): ArchiveQuote {
  return {
    type: 'quote',
    text: q.text,
    kind: q.kind,
    saidOn: q.saidOn,
    venue: q.venue,
    speaker: q.speaker.slug,
    about: q.about?.slug ?? null,
    occurrences: q.occurrences.map((o) => ({
      document: o.document.sha256,
      start: o.start,
      end: o.end,
      cue: o.cue,
      speakerMention: o.speakerMention,
      relays: o.relays.map((r) => ({ name: r.name, organization: r.organization === null ? null : { name: r.organization.name, kind: r.organization.kind }, mention: r.mention })),
      confidence: o.confidence,
      attributedBy: o.attributedBy,
      extractorVersion: o.extractorVersion,
      status: o.status,
      statusNote: o.statusNote,
    })),
    citations: q.citations,
    status: q.status,
    statusNote: q.statusNote,
  };
}
