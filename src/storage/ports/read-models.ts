import type { Role } from '../../domain/actor.ts';
import type { QuoteStatus } from '../../domain/status.ts';
import type { AttributedBy, DocumentSummary, Span, OrganizationSummary, QuoteKind, QuoteRecord, SpeakerKind, SpeakerSummary } from '../../domain/models.ts';
import type { SearchQuery } from '../../domain/search-query.ts';
export type { FieldChange, RevisionActor, RevisionChanges, RevisionEntityType, RevisionRecord, RevisionValue } from '../../domain/revision.ts';
export type { QuoteStatus, StatusNote } from '../../domain/status.ts';

/** What the ports return and take to read: domain shapes, nothing of a backend. */

export interface SearchFilters {
  /** Any of these speakers (an empty list matches nothing). */
  speakerIds?: number[];
  /** Any of these organisations, as the speaker's affiliation when the words were said. */
  organizationIds?: number[];
  /** Outlet name, case-insensitive (ASCII). */
  outlet?: string;
  language?: string;
  kind?: QuoteKind;
  /** Inclusive ISO dates on the date said (publication date when unknown). */
  from?: string;
  to?: string;
  /** Inclusive ISO dates: quoted in a document published in this range. */
  publishedFrom?: string;
  publishedTo?: string;
  /**
   * The kind of evidence held: document (an occurrence in a stored text, at offsets) or url (only cited at
   * a URL whose text is not held, as imported corpora give it). A quote can have both.
   */
  evidence?: EvidenceKind;
  /** Any of these statuses; default the standing ones (active, corrected): withdrawn and unreviewed quotes are shown only when asked for. */
  statuses?: readonly QuoteStatus[];
}

export type EvidenceKind = 'document' | 'url';

/**
 * relevance: best match first, ties newest said first; date: newest said
 * first; recent: newest recorded first (the order any match set can be read
 * in without sorting it).
 */
export type SearchOrder = 'relevance' | 'date' | 'recent';

export interface SearchScope {
  query: SearchQuery | null;
  filters: SearchFilters;
  /** Only quotes with id ≤ this (a snapshot: pages stay stable while quotes arrive). */
  maxId: number;
}

export interface SearchPage extends SearchScope {
  order: SearchOrder;
  limit: number;
  offset: number;
}

export interface SearchRow extends QuoteRecord {
  /** Relevance (higher is better); null when no text was searched. */
  score: number | null;
  filedOn: string | null;
  firstPublishedOn: string | null;
}

/**
 * How many quotes match at most, as far as the caller asked to know: either
 * an upper bound up to the caller's `upTo`, or "more than `upTo`".
 */
export interface MatchEstimate {
  /**
   * Upper bound of the matches; when `more` is true, how far counting went: the caller's `upTo`, or less
   * when the backend counts no further than that (never a figure above what was counted).
   */
  count: number;
  /** More than `count` quotes match (counting stopped there). */
  more: boolean;
}

export interface FacetValue {
  key: string;
  label: string;
  count: number;
}

export type FacetName = 'speaker' | 'organization' | 'outlet' | 'kind' | 'year';

export interface FacetCounts {
  counts: Partial<Record<FacetName, FacetValue[]>>;
  /** How many matching quotes were counted. */
  basedOn: number;
  /** True when the matches exceeded the sample and only the most recent ones were counted. */
  sampled: boolean;
}

/** Where a quote is first on record, in brief (for verification answers). */
export interface ProvenanceSummary {
  earliest: { documentId: number; outlet: string | null; title: string | null; dateline: string | null; publishedOn: string | null } | null;
  documents: number;
  /** Relay names (news agencies…) across all occurrences, closest to the speaker first. */
  relays: string[];
}

export interface SpeakerName {
  speakerId: number;
  kind: SpeakerKind;
  /** As stored ("Lim Eul-chul") and folded ("lim eul chul"). */
  alias: string;
  normalized: string;
}

export interface SpeakerListing extends SpeakerSummary {
  quoteCount: number;
}

/** A quote as it stands in one document: where, said how, by whom. */
export interface DocumentQuote {
  occurrenceId: number;
  quoteId: number;
  start: number;
  end: number;
  kind: QuoteKind;
  speaker: SpeakerSummary;
}

/** A speaker related to another through an organisation (see SpeakerReadRepository.related). */
export interface RelatedSpeaker {
  speaker: SpeakerSummary;
  /** member: a person of the organisation asked about; organization: the organisation the person asked about belongs to. */
  relation: 'member' | 'organization';
  organization: OrganizationSummary;
  role: string;
}

export interface ApiKeyInfo {
  id: number;
  prefix: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * One key of a text's similarity fingerprint (src/verification/minhash.ts,
 * `lshBuckets`): computed by the domain, the same way for every stored quote
 * and for a claim. Opaque to storage, which only finds the quotes holding a
 * key equal to one asked for.
 */
export interface SimilarityKey {
  band: number;
  bucket: number;
}

/** Which backend answers, and how far behind its replica is (when it reads from one). */
export interface BackendStatus {
  backend: 'sqlite' | 'postgres';
  replica: {
    reachable: boolean;
    /** Log bytes written on the primary and not yet replayed on the replica; null when unknown. */
    lagBytes: number | null;
    replayPaused: boolean | null;
  } | null;
}

/**
 * What storage is told of a claim to find the stored quotes it could be a
 * version of (VerifyRepository), all computed by the domain
 * (src/services/verify-probe.ts).
 */
export interface ClaimProbe {
  /** sha256 of the claim's normalised text, as quotes store theirs. */
  normalizedHash: string;
  fingerprint: {
    /** Keys of the claim's content words: a quote sharing more of them shares more of its words. Empty when it has none. */
    wording: readonly SimilarityKey[];
    /** The key of the claim's shape (its function words in place); null when the claim is too short for its shape to tell anything. */
    shape: SimilarityKey | null;
  };
}

/**
 * One of a claim's shapes with words added or removed (src/services/verify-probe.ts, `alteredShapes`): a set of
 * fingerprint keys, a quote holding any one of which has that shape.
 */
export type AlteredShape = readonly SimilarityKey[];

/** The words of a claim to look for, chosen by the domain from their rarity (src/services/verify-candidates.ts, `fallbackQuery`). */
export interface WordProbe {
  /** Any of these words (as the search folds them). */
  any: readonly string[];
  /** All of these words; empty for none. */
  all: readonly string[];
  /** Both words of a pair, pair by pair. */
  pairs: readonly (readonly string[])[];
}

/** How many quotes hold a term, counted no further than the caller asked. */
export interface TermCount {
  /** The count, or the caller's `upTo` when `more` is true. */
  quotes: number;
  /** More than `quotes` quotes hold it (counting stopped there). */
  more: boolean;
}

/** Whose records: these speakers, and anyone speaking for one of these organisations at the time. */
export interface SpeakerScope {
  speakerIds: readonly number[];
  organizationIds: readonly number[];
}

export interface SchemaVersion {
  latestMigration: string | null;
  appliedMigrations: number;
}

/** A page of an entity's revisions, newest first: those older than `beforeId` when given. */
export interface RevisionPageRequest {
  limit: number;
  /** Only revisions with a smaller id (the last id of the previous page). */
  beforeId?: number;
}

/** Which attributions waiting for review to list: oldest first, after `afterId` (an occurrence id) when given. */
export interface ReviewQueueRequest {
  limit: number;
  afterId?: number;
  speakerIds?: number[];
  documentId?: number;
  /** Inclusive confidence range. */
  minConfidence?: number;
  maxConfidence?: number;
}

/** One attribution waiting for review: the occurrence, its quote as it stands, and its document. */
export interface ReviewItem {
  occurrenceId: number;
  quote: QuoteRecord;
  document: DocumentSummary;
  start: number;
  end: number;
  speakerMention: Span | null;
  confidence: number;
  attributedBy: AttributedBy;
  extractorVersion: string | null;
  storedAt: string;
}
