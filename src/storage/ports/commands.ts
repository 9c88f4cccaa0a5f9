import type { Role } from '../../domain/actor.ts';
import type { AttributedBy, Citation, DocumentSummary, QuoteKind, SpeakerKind } from '../../domain/models.ts';

/** What the ports take to write: domain shapes, nothing of a backend. */

/** A document to store: what its summary shows, less what storing assigns, plus its text. */
export interface NewDocument extends Omit<DocumentSummary, 'id' | 'addedAt'> {
  text: string;
}

export interface NewAffiliation {
  organization: { name: string; kind: string | null };
  role: string;
  asStated: string | null;
  validFrom: string | null;
  validTo: string | null;
  sourceDocumentId: number | null;
}

export interface NewSpeaker {
  slug: string;
  name: string;
  kind: SpeakerKind;
  description: string | null;
  aliases: string[];
  externalIds: { scheme: string; value: string }[];
  affiliations: NewAffiliation[];
  /** Set when the speaker is an organisation that also appears as one (the Kremlin). */
  organization?: { name: string; kind: string | null };
}

export interface NewRelay {
  name: string;
  organization: { name: string; kind: string | null } | null;
  mention: { text: string; start: number; end: number } | null;
}

export interface NewAttribution {
  speakerId: number;
  aboutSpeakerId: number | null;
  text: string;
  normalizedText: string;
  normalizedHash: string;
  kind: QuoteKind;
  saidOn: string | null;
  venue: string | null;
  documentId: number;
  start: number;
  end: number;
  cue: { text: string; start: number; end: number } | null;
  speakerMention: { text: string; start: number; end: number } | null;
  relays: NewRelay[];
  confidence: number;
  attributedBy: AttributedBy;
  extractorVersion: string | null;
}

export interface SavedAttribution {
  quoteId: number;
  occurrenceId: number;
  quoteCreated: boolean;
  /** False when this exact occurrence was already recorded (nothing was written). */
  occurrenceCreated: boolean;
}

/** Fields of a quote that can be corrected; the text is bound to its evidence and cannot. */
export interface QuotePatch {
  kind?: QuoteKind;
  saidOn?: string | null;
  venue?: string | null;
  aboutSpeakerId?: number | null;
}

/** An attribution of a document not stored yet: its speaker is named by slug, its document is the one being stored. */
export interface PendingAttribution extends Omit<NewAttribution, 'speakerId' | 'documentId'> {
  speakerSlug: string;
}

export interface IngestedDocument {
  document: DocumentSummary;
  /** False when the same text (sha256) was already stored: then nothing was written. */
  created: boolean;
  speakers: { slug: string; id: number; created: boolean }[];
  saved: SavedAttribution[];
}

export interface NewApiKey {
  prefix: string;
  hash: string;
  name: string;
  role: Role;
}

/** A quote known only from citations (URLs whose text is not held): stored with them as its evidence. */
/** What a stored quote is, whatever its evidence. */
export type QuoteFields = Pick<NewAttribution, 'speakerId' | 'aboutSpeakerId' | 'text' | 'normalizedText' | 'normalizedHash' | 'kind' | 'saidOn' | 'venue'>;

export interface NewCitedQuote extends QuoteFields {
  /** At least one; each citation's confidence is the source's for this attribution. */
  citations: Citation[];
}

export interface SavedCitedQuote {
  quoteId: number;
  /** False when the speaker's same words were stored already (the citations were added to them). */
  quoteCreated: boolean;
  /** Citations not recorded before (the same quote at the same URL is recorded once). */
  citationsCreated: number;
}

/** How far the import of one input file got (see ImportCheckpointRepository). */
export interface ImportCheckpoint {
  /** Identifies the file by content, whatever its name. */
  fileKey: string;
  format: 'quotebank' | 'ndjson';
  path: string;
  /** Lines of the decompressed input fully imported, and their bytes. */
  lines: number;
  bytes: number;
  done: boolean;
  /** The running totals of the import so far. */
  totals: Record<string, number>;
}
