import type {
  AttributedBy,
  DocumentSummary,
  Occurrence,
  QuoteDetail,
  QuoteKind,
  QuoteRecord,
  SpeakerCandidate,
  SpeakerDetail,
  SpeakerKind,
  SpeakerSummary,
  Affiliation,
  OrganizationSummary,
} from '../domain/models.ts';
import type { SearchQuery } from '../domain/search-query.ts';
import type { LshBucket } from '../verification/minhash.ts';
import type { Role } from '../domain/actor.ts';

/**
 * What services need from storage. The SQLite implementations live in
 * ./sqlite (reads and the ingest writes, raw prepared SQL) and ./prisma (the
 * low-rate writes); a PostgreSQL deployment provides the same interfaces.
 */
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
}

/**
 * relevance: bm25, ties by date; date: newest said first; recent: newest
 * recorded first (index order, the cheap order for huge match sets).
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
  /** bm25 relevance (higher is better); null when no text was searched. */
  score: number | null;
  filedOn: string | null;
  firstPublishedOn: string | null;
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

export interface SpeakerReadRepository {
  findByRef(ref: string): SpeakerDetail | null;
  /** Ids whose id, slug, canonical name or alias equals the reference exactly (folded). */
  resolveIds(ref: string): number[];
  candidates(text: string, limit: number): SpeakerCandidate[];
  affiliations(speakerId: number): Affiliation[];
  /** Organisation ids whose slug or name (case-insensitive) equals the reference. */
  resolveOrganizationIds(ref: string): number[];
  /** A number that changes whenever a name or alias is added: caches of `names()` compare it. */
  namesVersion(): number;
  /** Every speaker's names (canonical and aliases), folded as `foldName` does. */
  names(): SpeakerName[];
  /** These speakers, in the order of the ids (unknown ids left out). */
  summaries(ids: readonly number[]): SpeakerSummary[];
  /** Speakers in name order, with how many quotes each has on record. */
  list(limit: number, offset: number): SpeakerListing[];
  count(): number;
  /**
   * People whose name or an alias has this folded word as its last word, or as its first
   * when the name is written surname first ("kim" → Kim Jong-un, Kim Jong-il): at most `limit`.
   * Each with its names, so the caller decides which words are surnames.
   */
  bySurname(surname: string, limit: number): { speaker: SpeakerSummary; aliases: string[] }[];
  /**
   * Speakers related through an organisation: for an organisation that speaks (the Kremlin),
   * its people (affiliated with it); for a person, the organisations they are affiliated with
   * that speak. At most `limit`.
   */
  related(speakerId: number, limit: number): RelatedSpeaker[];
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

export interface QuoteReadRepository {
  maxId(): number;
  /**
   * Upper bound of how many quotes match (per-term counts, cached), saturating
   * at a cap above every limit the service applies; null when the scope is
   * served without the full-text index.
   */
  estimateMatches(scope: Pick<SearchScope, 'query' | 'filters'>): number | null;
  search(page: SearchPage): SearchRow[];
  /** Counts by facet over the matches, at most `sample` of them (the most recent). */
  facets(scope: SearchScope, facets: FacetName[], sample: number): FacetCounts;
  findById(id: number): QuoteDetail | null;
  bySpeaker(speakerId: number, limit: number): QuoteRecord[];
  /** Quotes whose recorded subject is this speaker, newest first. */
  aboutSpeaker(speakerId: number, limit: number): QuoteRecord[];
}

/** Where a quote is first on record, in brief (for verification answers). */
export interface ProvenanceSummary {
  earliest: { documentId: number; outlet: string | null; title: string | null; publishedOn: string | null } | null;
  documents: number;
  /** Relay names (news agencies…) across all occurrences, closest to the speaker first. */
  relays: string[];
}

/**
 * Candidate lookups for POST /v1/verify, cheapest first. Each returns quote
 * ids only; `quotes` loads the few that get rescored.
 */
export interface VerifyRepository {
  /** Resolves once the verify index holds every quote this process stored so far (it follows the commits). */
  lshIndexSettled(): Promise<void>;
  /** Quotes (any speaker) whose normalised text has this sha256. */
  idsByNormalizedHash(hash: string): number[];
  /** Quotes sharing MinHash-LSH buckets with the claim, most shared bands first. */
  idsByLshBuckets(buckets: readonly LshBucket[], perBucket: number, limit: number): number[];
  /** Quotes in any of these buckets of one band, in one query (many probes, most of them empty); at most `limit`. */
  idsInBand(band: number, buckets: readonly number[], limit: number): number[];
  /**
   * How many quotes contain each term (terms as the full-text index folds
   * them), counted only up to `cap`: a term in more than `cap` quotes reports
   * cap + 1, so common words cost no more than rare ones.
   */
  documentFrequencies(terms: readonly string[], cap: number): Map<string, number>;
  /** About how many quotes are stored (at least as many): cheap enough for every claim. */
  quoteCountEstimate(): number;
  /** Quotes containing any of the terms, most relevant first. */
  idsByAnyTerm(terms: readonly string[], limit: number): number[];
  /**
   * Quotes by any of these speakers, or by anyone speaking for one of these organisations at the
   * time, that contain any of the terms; most relevant first, at most `limit` (the search index's tags).
   */
  idsByRelatedWithAnyTerm(scope: { speakerIds: readonly number[]; organizationIds: readonly number[] }, terms: readonly string[], limit: number): number[];
  /** Quotes containing all of the terms, most relevant first. */
  idsByAllTerms(terms: readonly string[], limit: number): number[];
  /** Quotes holding every term, unranked (cheap: stops at the limit). */
  idsWithAllTerms(terms: readonly string[], limit: number): number[];
  quotes(ids: readonly number[]): QuoteRecord[];
  provenance(quoteId: number): ProvenanceSummary;
  /** Every speaker name and alias, to suggest the closest ones to an unknown name. */
  speakerNames(): { id: number; alias: string; normalized: string }[];
}

export interface DocumentReadRepository {
  findById(id: number): (DocumentSummary & { text: string }) | null;
  findBySha256(sha256: string): DocumentSummary | null;
  /** Texts of many documents at once, for excerpts. */
  texts(ids: number[]): Map<number, string>;
  /** The quotes recorded in the document, in text order. */
  quotesIn(documentId: number): DocumentQuote[];
}

export interface HealthRepository {
  ping(): boolean;
  schemaVersion(): { latestMigration: string | null; appliedMigrations: number };
}

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

/**
 * The ingest aggregate: documents, speakers, quotes with their occurrences and
 * relays — the high-rate writes (raw driver in SQLite). Each call lands whole
 * or not at all, in one transaction (concurrent `ingestDocument` calls may
 * share it), and keeps the search index, the verification LSH index and the
 * audit trail in step within it.
 */
export interface IngestWriteRepository {
  createDocument(doc: NewDocument): Promise<DocumentSummary>;
  /** Returns the existing document when one with the same sha256 exists. */
  findOrCreateDocument(doc: NewDocument): Promise<{ document: DocumentSummary; created: boolean }>;
  createSpeaker(speaker: NewSpeaker): Promise<SpeakerSummary>;
  /** Creates the speaker, or adds missing aliases, IDs and affiliations to the one with this slug. */
  upsertSpeaker(speaker: NewSpeaker): Promise<{ speaker: SpeakerSummary; created: boolean }>;
  saveAttributions(attributions: NewAttribution[]): Promise<SavedAttribution[]>;
  /**
   * A document with its speakers and attributions, in one transaction. Speakers
   * are upserted by slug (affiliations get the new document as source).
   */
  ingestDocument(doc: NewDocument, speakers: NewSpeaker[], attributions: PendingAttribution[]): Promise<IngestedDocument>;
}

/** The low-rate writes (Prisma in SQLite); each call is one transaction that keeps the search index in step. */
export interface MaintenanceWriteRepository {
  /** False when no quote has this id. */
  updateQuote(id: number, patch: QuotePatch): Promise<boolean>;
  /** Deletes the quote with its occurrences; false when no quote has this id. */
  deleteQuote(id: number): Promise<boolean>;
  /** Rebuilds the whole search index from the data; returns the number of quotes indexed. */
  rebuildSearchIndex(): Promise<number>;
  /**
   * Brings the verify index in line with the stored quotes (indexes those
   * without a row, removes rows of quotes gone): what a crash between a
   * write's commit and its index's left undone, or all of it for a new file.
   * `complete` false: it stopped on an error (the file locked past the busy
   * timeout); the next one does the rest.
   */
  reconcileLshIndex(): Promise<{ indexed: number; removed: number; complete: boolean }>;
}

/** All writes. */
export interface WriteRepository extends IngestWriteRepository, MaintenanceWriteRepository {}

export interface ApiKeyInfo {
  id: number;
  prefix: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

export interface ApiKeyRepository {
  /** The stored hash and role for a key prefix (hot path: every authenticated request). */
  findByPrefix(prefix: string): (ApiKeyInfo & { hash: string }) | null;
  list(): ApiKeyInfo[];
  create(key: { prefix: string; hash: string; name: string; role: Role }): Promise<ApiKeyInfo>;
  /** Marks the key revoked; null when there is no such key. */
  revoke(id: number): Promise<ApiKeyInfo | null>;
}

export interface Repositories {
  speakers: SpeakerReadRepository;
  quotes: QuoteReadRepository;
  documents: DocumentReadRepository;
  verify: VerifyRepository;
  health: HealthRepository;
  writes: WriteRepository;
  apiKeys: ApiKeyRepository;
}

export type { Occurrence };
