/**
 * Plain read models returned by repositories and services. They carry no ORM
 * or driver types, so a PostgreSQL implementation can produce the same shapes.
 */
import type { OccurrenceStatus, QuoteStatus, StatusNote } from './status.ts';

export type SpeakerKind = 'person' | 'organization';
export type QuoteKind = 'direct' | 'partial' | 'indirect';
export type AttributedBy = 'manual' | 'seed' | 'extractor';

export interface SpeakerSummary {
  id: number;
  slug: string;
  name: string;
  kind: SpeakerKind;
  description: string | null;
}

export interface OrganizationSummary {
  id: number;
  slug: string;
  name: string;
  kind: string | null;
}

export interface Affiliation {
  id: number;
  organization: OrganizationSummary;
  role: string;
  asStated: string | null;
  validFrom: string | null;
  validTo: string | null;
  sourceDocumentId: number | null;
}

export interface SpeakerDetail extends SpeakerSummary {
  aliases: string[];
  externalIds: { scheme: string; value: string }[];
  affiliations: Affiliation[];
  quoteCount: number;
}

export interface SpeakerCandidate extends SpeakerSummary {
  matchedAlias: string;
  /** 1 for an exact name or alias match, lower for prefix and word matches. */
  score: number;
  quoteCount: number;
  affiliations: Affiliation[];
}

export interface Span {
  text: string;
  start: number;
  end: number;
}

export interface DocumentSummary {
  id: number;
  outlet: string | null;
  title: string | null;
  url: string | null;
  publishedOn: string | null;
  dateline: string | null;
  language: string;
  sha256: string;
  addedAt: string;
}

export interface Relay {
  position: number;
  name: string;
  organization: OrganizationSummary | null;
  mention: Span | null;
}

export interface Occurrence {
  id: number;
  document: DocumentSummary;
  start: number;
  end: number;
  cue: Span | null;
  speakerMention: Span | null;
  relays: Relay[];
  confidence: number;
  attributedBy: AttributedBy;
  extractorVersion: string | null;
  status: OccurrenceStatus;
  /** The last editorial decision on this evidence; null while it stands as stored. */
  statusNote: StatusNote | null;
}

export interface QuoteRecord {
  id: number;
  text: string;
  kind: QuoteKind;
  saidOn: string | null;
  venue: string | null;
  speaker: SpeakerSummary;
  about: SpeakerSummary | null;
  /** Where the quote stands on the record (docs/editorial.md). */
  status: QuoteStatus;
  /** The last editorial decision (retraction, correction, review…); null while it stands as stored. */
  statusNote: StatusNote | null;
}

/** Another quote of the same speaker, named in a variant link. */
export interface QuoteLink {
  id: number;
  text: string;
}

/**
 * Evidence of a lower kind than an occurrence: a source (an imported corpus) reports the quote at this URL,
 * but the text there is not held, so the words cannot be checked against it.
 */
export interface Citation {
  url: string;
  /** When the source saw it there (ISO-8601 prefix), as the source states it. */
  seenOn: string | null;
  /** The source's probability that the speaker said it (0..1). */
  confidence: number;
  /** "quotebank" | "import" */
  source: string;
  /** The source's own id of the quote. */
  sourceQuoteId: string | null;
}

export interface QuoteDetail extends QuoteRecord {
  occurrences: Occurrence[];
  /** URLs the quote is cited at whose text is not held (no offsets, nothing checked): weaker than occurrences. */
  citations: Citation[];
}

/** A quote's variant links: quotes of the same speaker whose words nearly repeat each other, each with its own evidence. */
export interface VariantLinks {
  /** The quote these words nearly repeat (the root of their cluster); null when they are not a variant. */
  variantOf: QuoteLink | null;
  /** The quotes that are variants of this one, first stored first (empty for a variant: links never chain). */
  variants: QuoteLink[];
}

export interface SearchHit extends QuoteRecord {
  /** HTML-escaped excerpt with matches wrapped in <mark>. */
  snippet: string;
  /** UTF-16 offsets into `text` of each matched word, in order. */
  matches: { start: number; end: number }[];
  /** bm25 relevance (higher is better); null when no text was searched. */
  score: number | null;
  /** The date the quote is filed under: said on, else first published. */
  filedOn: string | null;
  firstPublishedOn: string | null;
}
