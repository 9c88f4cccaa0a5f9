import type { Role } from '../../domain/actor.ts';
import type { RevisionRecord } from '../../domain/revision.ts';
import type { OccurrenceStatus, QuoteStatus, StatusNote } from '../../domain/status.ts';
export type { SpeakerAffiliationFields, SpeakerFields, SpeakerPatch } from '../../domain/speaker-fields.ts';
import type { Affiliation, AttributedBy, Citation, DocumentSummary, QuoteKind, SpeakerKind, SpeakerSummary } from '../../domain/models.ts';

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

/**
 * One attribution: the quote and its occurrence. The evidence invariant holds
 * for every one stored: `normalizedText` is the document's text at
 * [start, end) normalised (normalizeQuoteText), and the quote's own text
 * normalised; a backend refuses any other (evidence_mismatch). Words that
 * only nearly repeat a stored quote are therefore a quote of their own.
 */
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
  /**
   * A stored quote of the same speaker these words nearly repeat. A new quote
   * is linked as a variant of that quote's root (itself, or the quote it is a
   * variant of); ignored when the words are stored already, or the quote is
   * gone or another speaker's.
   */
  variantOf?: number;
}

export interface SavedAttribution {
  quoteId: number;
  occurrenceId: number;
  quoteCreated: boolean;
  /** The root quote the attribution's quote is a variant of; null when it is none. */
  variantOf: number | null;
  /** False when this exact occurrence was already recorded (nothing was written). */
  occurrenceCreated: boolean;
  /**
   * True when an editor took this attribution off the record (a tombstone:
   * retracted, rejected, or its quote moved to another speaker): nothing was
   * written, and `quoteId` is the quote that holds the decision.
   */
  withdrawn: boolean;
}

/**
 * A quote filed under another speaker, with where an occurrence's document
 * names them (offsets checked against the text by the caller: the mention
 * becomes that occurrence's speaker mention).
 */
export interface SpeakerChange {
  speakerId: number;
  mention: { occurrenceId: number; text: string; start: number; end: number };
}

/** Fields of a quote that can be corrected; the text is bound to its evidence and cannot. */
export interface QuotePatch {
  kind?: QuoteKind;
  saidOn?: string | null;
  venue?: string | null;
  aboutSpeakerId?: number | null;
  speaker?: SpeakerChange;
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

/** A document to ingest with its speakers and attributions (`ingestDocument`'s arguments). */
export interface DocumentToIngest {
  doc: NewDocument;
  speakers: NewSpeaker[];
  attributions: PendingAttribution[];
}

export interface NewApiKey {
  prefix: string;
  hash: string;
  name: string;
  role: Role;
}

/** What a stored quote is, whatever its evidence. */
export type QuoteFields = Pick<NewAttribution, 'speakerId' | 'aboutSpeakerId' | 'text' | 'normalizedText' | 'normalizedHash' | 'kind' | 'saidOn' | 'venue'>;

/** A quote known only from citations (URLs whose text is not held): stored with them as its evidence. */
export interface NewCitedQuote extends QuoteFields {
  /** At least one; each citation's confidence is the source's for this attribution. */
  citations: Citation[];
}

/** A speaker an import names: the name, and the Wikidata QID when the source is sure of exactly one. */
export interface ImportedSpeaker {
  name: string;
  qid: string | null;
}

export interface SavedCitedQuote {
  quoteId: number;
  /** False when the speaker's same words were stored already (the citations were added to them). */
  quoteCreated: boolean;
  /** Citations not recorded before (the same quote at the same URL is recorded once). */
  citationsCreated: number;
}

/** A quote's status as a dump records it, for the quote an import created from it. */
export interface ImportedStatus {
  quoteId: number;
  status: QuoteStatus;
  statusNote: StatusNote | null;
}

/** The status and last decision a dump records for an occurrence an import created. */
export interface ImportedOccurrenceStatus {
  occurrenceId: number;
  status: OccurrenceStatus;
  statusNote: StatusNote | null;
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

/**
 * A quote folded into another of the same words (a speaker merge): everything it held is the kept quote's.
 * The same place in a document, or the same URL, is one piece of evidence: a citation at a URL the kept
 * quote was cited at too is merged into that one (the higher confidence; a date or source id it lacked).
 */
export interface FoldedQuote {
  /** The quote folded, gone. */
  from: number;
  /** The quote kept. */
  into: number;
  /** Occurrences moved to the kept quote (not counting those at a place it already had). */
  occurrences: number;
  /** Citations moved to the kept quote (not counting those at a URL it was already cited at). */
  citations: number;
  /** The folded quote's citations at a URL the kept quote was already cited at, as they were: merged into the kept quote's. */
  mergedCitations: Citation[];
  /** Variant links changed so that the near-duplicates of both stay linked to the one quote, with no chain: the quote, its root before and after. */
  relinked: { id: number; before: number | null; after: number | null }[];
}

/** What a speaker merge did: everything of `from` now belongs to `into`, and `from` is gone. */
export interface SpeakerMerge {
  from: SpeakerSummary;
  into: SpeakerSummary;
  moved: { quotes: number; quotesAbout: number; aliases: number; externalIds: number; affiliations: number; organizations: number };
  /** Quotes of `from` whose words `into` had on record too: their evidence and variants joined `into`'s quote, and the quote is gone. */
  foldedQuotes: FoldedQuote[];
  /** Slugs that now answer 301 to `into` (`from`'s own, and those that redirected to it). */
  redirectedSlugs: string[];
  /** The revision on `into` that records the merge. */
  revision: RevisionRecord;
}

/** Two affiliations merged into one: `dropped` is gone, `kept` holds the merged values. */
export interface AffiliationMerge {
  kept: Affiliation;
  dropped: Affiliation;
  /** `kept` as it was before the merge. */
  keptBefore: Affiliation;
}

/** What merging a speaker's duplicate affiliations did: the merges, and their one revision (null when there were none). */
export interface AffiliationMerges {
  merged: AffiliationMerge[];
  revision: RevisionRecord | null;
}

/** What every correction carries besides the change itself: why (required, never blank). Who and when come from the write's actor. */
export interface RevisionNote {
  reason: string;
}

/** The metadata of a document an editor can correct (its text is evidence and cannot change). */
export type DocumentFields = Pick<DocumentSummary, 'outlet' | 'title' | 'url' | 'publishedOn' | 'dateline' | 'language'>;

export type DocumentPatch = Partial<DocumentFields>;

/** What a correction did: its revision, or null when it changed nothing (no revision is written then). */
export interface Correction {
  revision: RevisionRecord | null;
}
