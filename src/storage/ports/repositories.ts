import type { OccurrenceStatus, ReviewDecision, StatusAction } from '../../domain/status.ts';
import type {
  Affiliation,
  DocumentSummary,
  QuoteDetail,
  QuoteRecord,
  SpeakerCandidate,
  SpeakerDetail,
  SpeakerSummary,
  VariantLinks,
} from '../../domain/models.ts';
import type {
  ImportCheckpoint,
  ImportedOccurrenceStatus,
  ImportedSpeaker,
  ImportedStatus,
  AffiliationMerges,
  Correction,
  DocumentPatch,
  DocumentToIngest,
  IngestedDocument,
  NewApiKey,
  NewCitedQuote,
  SavedCitedQuote,
  NewDocument,
  NewSpeaker,
  NewAttribution,
  PendingAttribution,
  QuotePatch,
  RevisionNote,
  SavedAttribution,
  SpeakerMerge,
  SpeakerPatch,
} from './commands.ts';
import type {
  ApiKeyInfo,
  DocumentQuote,
  FacetCounts,
  FacetName,
  MatchEstimate,
  ProvenanceSummary,
  RelatedSpeaker,
  ReviewItem,
  ReviewQueueRequest,
  RevisionEntityType,
  RevisionPageRequest,
  RevisionRecord,
  SchemaVersion,
  BackendStatus,
  AlteredShape,
  ClaimProbe,
  SpeakerScope,
  TermCount,
  WordProbe,
  SpeakerListing,
  SpeakerName,
  SearchPage,
  SearchRow,
  SearchScope,
} from './read-models.ts';

/**
 * What services need from storage, one interface per aggregate, in domain
 * terms and asynchronous (a networked database answers later). A backend
 * implements every one of them (src/storage/<backend>/) and passes the
 * contract suite (test/storage/contract.test.ts).
 */

export interface SpeakerReadRepository {
  findByRef(ref: string): Promise<SpeakerDetail | null>;
  /** The speaker a slug or id no longer names redirects to (merged or renamed): null when it never did. */
  redirect(ref: string): Promise<SpeakerSummary | null>;
  /** Ids whose id, slug, canonical name or alias equals the reference exactly (folded). */
  resolveIds(ref: string): Promise<number[]>;
  candidates(text: string, limit: number): Promise<SpeakerCandidate[]>;
  affiliations(speakerId: number): Promise<Affiliation[]>;
  /** Organisation ids whose slug or name (case-insensitive) equals the reference. */
  resolveOrganizationIds(ref: string): Promise<number[]>;
  /** A value that changes whenever a name or alias is added, moved or removed: caches of `names()` compare it. */
  namesVersion(): Promise<string>;
  /** Every speaker's names (canonical and aliases), folded as `foldName` does. */
  names(): Promise<SpeakerName[]>;
  /** These speakers, in the order of the ids (unknown ids left out). */
  summaries(ids: readonly number[]): Promise<SpeakerSummary[]>;
  /** Speakers in name order, with how many quotes each has on record. */
  list(limit: number, offset: number): Promise<SpeakerListing[]>;
  count(): Promise<number>;
  /**
   * People whose name or an alias has this folded word as its last word, or as its first
   * when the name is written surname first ("kim" → Kim Jong-un, Kim Jong-il): at most `limit`.
   * Each with its names, so the caller decides which words are surnames.
   */
  bySurname(surname: string, limit: number): Promise<{ speaker: SpeakerSummary; aliases: string[] }[]>;
  /**
   * Speakers related through an organisation: for an organisation that speaks (the Kremlin),
   * its people (affiliated with it); for a person, the organisations they are affiliated with
   * that speak. At most `limit`.
   */
  related(speakerId: number, limit: number): Promise<RelatedSpeaker[]>;
}

/** Quotes and their full-text search. */
export interface QuoteReadRepository {
  /** The highest quote id (0 when none): a search's snapshot. */
  maxId(): Promise<number>;
  /**
   * About how many quotes match, cheaply (an upper bound), counted no further
   * than `upTo`; null when the scope has no text to search (the filters alone
   * are served without estimating).
   */
  estimateMatches(scope: Pick<SearchScope, 'query' | 'filters'>, upTo: number): Promise<MatchEstimate | null>;
  search(page: SearchPage): Promise<SearchRow[]>;
  /** Counts by facet over the matches, at most `sample` of them (the most recent). */
  facets(scope: SearchScope, facets: FacetName[], sample: number): Promise<FacetCounts>;
  findById(id: number): Promise<QuoteDetail | null>;
  /** The quote's variant links (for its own page: search and verify never need them); empty for an unknown id. */
  variantLinks(id: number): Promise<VariantLinks>;
  /** The speaker's standing quotes (active, corrected), newest first. */
  bySpeaker(speakerId: number, limit: number): Promise<QuoteRecord[]>;
  /** The ids of the speaker's standing quotes, newest first as `bySpeaker` has them: what a new quote is compared with. */
  standingIdsBySpeaker(speakerId: number, limit: number): Promise<number[]>;
  /** The texts of these quotes, by id (an unknown id is left out). */
  texts(ids: readonly number[]): Promise<Map<number, string>>;
  /** An occurrence's quote and status; null when no occurrence has this id. */
  occurrenceStatus(occurrenceId: number): Promise<{ quoteId: number; status: OccurrenceStatus } | null>;
  /** Attributions waiting for review (occurrences stored as needs_review), oldest first (see ReviewQueueRequest). */
  reviewQueue(request: ReviewQueueRequest): Promise<ReviewItem[]>;
  /** Standing quotes whose recorded subject is this speaker, newest first. */
  aboutSpeaker(speakerId: number, limit: number): Promise<QuoteRecord[]>;
}

/**
 * The stored quotes a claim could be a version of (POST /v1/verify), one
 * method per tier of docs/verify.md ("How candidates are found"), cheapest
 * first: the service asks the next only when the one before did not settle
 * the claim. Each returns quote ids, most likely first, each id once; `quotes`
 * loads the few that get rescored. Every lookup sees every write this process
 * acknowledged, and withdrawn quotes too (the service tells them apart).
 */
export interface VerifyRepository {
  /** Quotes (any speaker) whose normalised text is the claim's, oldest first (the hash is all it needs). */
  sameText(probe: Pick<ClaimProbe, 'normalizedHash'>): Promise<number[]>;
  /**
   * Quotes sharing wording keys with the claim, most keys shared first, then
   * oldest first; of the quotes holding one key only its `perKey` oldest count
   * (a key shared by very many quotes tells little). At most `total`.
   */
  similarWording(probe: ClaimProbe, limit: { perKey: number; total: number }): Promise<number[]>;
  /** Quotes with the claim's shape, oldest first, at most `limit`; none when the probe has no shape. */
  sameShape(probe: ClaimProbe, limit: number): Promise<number[]>;
  /**
   * Quotes with one of the claim's altered shapes (words added or removed), oldest first, at most `limit`;
   * none for a shape without keys. The service asks shape by shape, stopping at the first that yields a near quote.
   */
  alteredShape(shape: AlteredShape, limit: number): Promise<number[]>;
  /**
   * How rare each term is (terms as the search folds them): in how many
   * quotes, counted no further than `upTo`, so common words cost no more
   * than rare ones. Every term asked for is in the answer.
   */
  termRarity(terms: readonly string[], upTo: number): Promise<Map<string, TermCount>>;
  /** About how many quotes are stored (at least as many): cheap enough for every claim. */
  quoteCountEstimate(): Promise<number>;
  /**
   * Quotes holding the claim's words: those with any of `words.any`, most
   * relevant first (at most `limit.ranked`); then those with all of
   * `words.all`, most relevant first (at most `limit.ranked`); then, pair by
   * pair, those with both words of a pair, oldest first (at most
   * `limit.perPair` each). Each quote once, at its first place.
   */
  sharedWords(words: WordProbe, limit: { ranked: number; perPair: number }): Promise<number[]>;
  /**
   * Quotes holding a phrase (its words adjacent, in order), phrase by phrase,
   * oldest first, at most `perPhrase` each; each quote once, at its first place.
   */
  sharedPhrases(phrases: readonly string[], perPhrase: number): Promise<number[]>;
  /** The scope's quotes holding any of the terms, most relevant first, at most `limit`. */
  speakerRecords(scope: SpeakerScope, terms: readonly string[], limit: number): Promise<number[]>;
  quotes(ids: readonly number[]): Promise<QuoteRecord[]>;
  provenance(quoteId: number): Promise<ProvenanceSummary>;
  /** Every speaker name and alias, to suggest the closest ones to an unknown name. */
  speakerNames(): Promise<{ id: number; alias: string; normalized: string }[]>;
}

export interface DocumentReadRepository {
  findById(id: number): Promise<(DocumentSummary & { text: string }) | null>;
  findBySha256(sha256: string): Promise<DocumentSummary | null>;
  /** Texts of many documents at once, for excerpts. */
  texts(ids: number[]): Promise<Map<number, string>>;
  /** The quotes recorded in the document, in text order. */
  quotesIn(documentId: number): Promise<DocumentQuote[]>;
}

export interface HealthRepository {
  /** Whether the database answers; never throws. */
  ping(): Promise<boolean>;
  schemaVersion(): Promise<SchemaVersion>;
  /** The backend's name and its replica's lag; never throws. */
  status(): Promise<BackendStatus>;
}

/**
 * The ingest aggregate: documents, speakers, quotes with their occurrences and
 * relays. Each call lands whole or not at all, in one transaction (concurrent
 * `ingestDocument` calls may share it), and keeps the search index, the
 * verification index and the audit trail in step with it.
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
  /**
   * Documents as `ingestDocument` stores each, all in one transaction: a bulk import's batch (the CLI's),
   * where one commit for thousands of documents costs far less than one per few dozen. When the
   * transaction fails for one document's fault, each is written alone, so that each gets the result or the
   * error (rejected) it would have had alone; the database's own state (busy, full) rejects the call.
   * Holds the writer for the whole batch: not for a server's requests.
   */
  ingestDocuments(documents: DocumentToIngest[]): Promise<PromiseSettledResult<IngestedDocument>[]>;
  /**
   * Quotes known only from citations (no document held), in one transaction: a quote whose speaker's same
   * words are stored gains the citations it lacks. New quotes are searchable and verifiable at once.
   * The transaction lets a server's other requests run between its quotes, unless `bulk` (a CLI's import,
   * where nothing else waits for the writer): then it is written at once, which costs less.
   */
  saveCitedQuotes(quotes: NewCitedQuote[], options?: { bulk?: boolean }): Promise<SavedCitedQuote[]>;
  /**
   * The speakers an import names, in one transaction, each as `upsertSpeaker` would store it (a person, the
   * name as an alias, the QID as a Wikidata external ID). One QID is one person: the speaker holding it,
   * whatever its slug, else the one with the name's slug — a new one whose slug gets the QID
   * (`name-q123`) when the name's slug is a person with another QID. Without a QID the name's slug alone
   * says who. Results in the order asked.
   */
  resolveImportedSpeakers(speakers: ImportedSpeaker[]): Promise<{ speaker: SpeakerSummary; created: boolean }[]>;
}

/** Corrections and index upkeep; each call is one transaction that keeps the search index in step. */
export interface MaintenanceWriteRepository {
  /**
   * Corrects a quote's facts, with a revision (action "updated") of the fields
   * that changed; false when no quote has this id. Setting what is already
   * there changes nothing and records nothing.
   */
  updateQuote(id: number, patch: QuotePatch, note: RevisionNote): Promise<boolean>;
  /** Deletes the quote with its occurrences; false when no quote has this id. */
  deleteQuote(id: number): Promise<boolean>;
  /**
   * Gives quotes and occurrences an import just created the status and last decision their dump records
   * (another whosaid's editorial record), re-tagging the quotes for search and tombstoning what is
   * withdrawn (docs/editorial.md#tombstones) as the editor's decision did there; returns how many changed.
   */
  restoreStatuses(quotes: ImportedStatus[], occurrences: ImportedOccurrenceStatus[]): Promise<number>;
  /** Rebuilds the whole search index from the data; returns the number of quotes indexed. */
  rebuildSearchIndex(): Promise<number>;
  /**
   * Brings the verify index in line with the stored quotes (indexes those
   * without an entry, removes entries of quotes gone): what a crash between a
   * write's commit and its index's left undone, or all of it for a new index.
   * `complete` false: it stopped on an error; the next one does the rest.
   */
  reconcileLshIndex(): Promise<{ indexed: number; removed: number; complete: boolean }>;
}

/**
 * An editor's changes to speakers; each call is one transaction that keeps the search index, the
 * verify index and the audit trail in step, and lands whole or not at all.
 */
export interface SpeakerEditWriteRepository {
  /**
   * Corrects a speaker's name, slug, kind, description, aliases, external IDs and affiliations, as one
   * revision (action "updated"). A changed slug leaves a redirect (301) from the old one. Null when no
   * speaker has this id; `speaker_exists` for a slug taken, `external_id_taken`, `unknown_reference`.
   */
  correctSpeaker(id: number, patch: SpeakerPatch, note: RevisionNote): Promise<Correction | null>;
  /** Corrects a document's metadata as one revision; its quotes are re-filed for search. Null when no such document. */
  correctDocument(id: number, patch: DocumentPatch, note: RevisionNote): Promise<Correction | null>;
  /**
   * Moves everything of speaker `fromId` to `intoId` (quotes, quotes about them, aliases, external IDs,
   * affiliations, the organisation they speak for, slug redirects), then removes `fromId`; its slug and
   * id redirect to `intoId`. The same words on record for both become one quote, which keeps the
   * occurrences, citations and variant links of both (FoldedQuote). Refused with
   * `speaker_merge_conflict` when both speak for an organisation or hold different IDs in one scheme.
   */
  mergeSpeakers(fromId: number, intoId: number, note: RevisionNote): Promise<SpeakerMerge>;
  /** Removes a speaker with no quotes, quotes about them, affiliations or organisation; `speaker_in_use` otherwise. Null when no such speaker. */
  removeSpeaker(id: number, note: RevisionNote): Promise<SpeakerSummary | null>;
  /**
   * Merges the speaker's duplicate affiliations (src/domain/affiliation-duplicates.ts): all of them, or only
   * the pair given (`not_duplicate_affiliations` when the two are not one role).
   */
  mergeAffiliations(speakerId: number, pair: readonly [number, number] | null, note: RevisionNote): Promise<AffiliationMerges>;
}

/**
 * Corrections on the record (docs/editorial.md). Each call is one
 * transaction: the change, its revision (who, when, what before and after,
 * why) and its audit row land together or not at all, with the indexes kept
 * in step.
 */
export interface EditorialWriteRepository {
  /**
   * Reverts one revision: puts back the values its fields had before it, as a
   * new revision (action "undo") that names it. Refused with `already_undone`
   * when it was undone before, `revision_superseded` when a later change
   * left any of its fields other than it set them; `not_found` when no
   * revision has this id.
   */
  undoRevision(revisionId: number, note: RevisionNote): Promise<RevisionRecord>;
  /**
   * Retracts a quote (hidden by default, kept, tombstoned against re-ingest)
   * or restores a withdrawn one to the status it had before. Refused with
   * `already_retracted` or `status_conflict` (see statusAfter); `not_found`.
   */
  changeQuoteStatus(quoteId: number, action: StatusAction, note: RevisionNote): Promise<RevisionRecord>;
  /**
   * Decides on an attribution waiting for review (an occurrence stored as
   * needs_review): accept (with `fix`, corrected first, as updateQuote would)
   * or reject (tombstoned against re-ingest). Its quote follows: accepted
   * when it was unreviewed, rejected when no other evidence of it stands.
   * One revision of the quote. Refused with `not_in_review` or
   * `already_rejected`; `not_found`.
   */
  reviewOccurrence(occurrenceId: number, decision: ReviewDecision, note: RevisionNote, fix?: QuotePatch): Promise<RevisionRecord>;
}

/** All writes. */
export interface WriteRepository extends IngestWriteRepository, MaintenanceWriteRepository, EditorialWriteRepository, SpeakerEditWriteRepository {}

/** The record of corrections: every entity's revisions. */
export interface RevisionRepository {
  /** One entity's revisions, newest first (see RevisionPageRequest). */
  history(entityType: RevisionEntityType, entityId: number, page: RevisionPageRequest): Promise<RevisionRecord[]>;
  findById(id: number): Promise<RevisionRecord | null>;
}

export interface ApiKeyRepository {
  /** The stored hash and role for a key prefix (hot path: every authenticated request). */
  findByPrefix(prefix: string): Promise<(ApiKeyInfo & { hash: string }) | null>;
  list(): Promise<ApiKeyInfo[]>;
  create(key: NewApiKey): Promise<ApiKeyInfo>;
  /** Marks the key revoked; null when there is no such key. */
  revoke(id: number): Promise<ApiKeyInfo | null>;
}

/**
 * The whole database, in id order, a slice at a time (a dump for another whosaid to import): each call
 * returns at most `limit` items with ids above `afterId`, so a reader holds one slice however large it is.
 */
export interface ArchiveReadRepository {
  documents(afterId: number, limit: number): Promise<(DocumentSummary & { text: string })[]>;
  /** With the organisation each speaks as, when it is one (the Kremlin). */
  speakers(afterId: number, limit: number): Promise<(SpeakerDetail & { organization: { name: string; kind: string | null } | null })[]>;
  quotes(afterId: number, limit: number): Promise<QuoteDetail[]>;
}

/** Where imports of files stopped, so that a re-run resumes (one row per file). */
export interface ImportCheckpointRepository {
  find(fileKey: string): Promise<ImportCheckpoint | null>;
  /** Creates or replaces the file's checkpoint. */
  save(checkpoint: ImportCheckpoint): Promise<void>;
}

export interface Repositories {
  speakers: SpeakerReadRepository;
  quotes: QuoteReadRepository;
  documents: DocumentReadRepository;
  verify: VerifyRepository;
  health: HealthRepository;
  writes: WriteRepository;
  apiKeys: ApiKeyRepository;
  archive: ArchiveReadRepository;
  imports: ImportCheckpointRepository;
  revisions: RevisionRepository;
}
