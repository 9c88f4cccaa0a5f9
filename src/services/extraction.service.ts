import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { distance } from 'fastest-levenshtein';
import { EXTRACTOR_VERSION } from '../extraction/quote.extractor.ts';
import type { ExtractedQuote, ExtractedSpeaker, ExtractionResult } from '../extraction/extraction.types.ts';
import type { DocumentSummary, QuoteKind, SpeakerKind } from '../domain/models.ts';
import { normalizeQuoteText, sha256Hex, slugify } from '../domain/text.ts';
import type { NewSpeaker, PendingAttribution, Repositories } from '../storage/ports/index.ts';
import type { Extractor } from '../workers/extraction-pool.ts';
import { newDocument, type CreateDocumentInput } from './document.service.ts';

/** Two quotes of one speaker whose normalised texts are at least this similar are the same quote. */
const NEAR_DUPLICATE_SIMILARITY = 0.9;

export interface KnownSpeaker {
  id: number;
  slug: string;
  name: string;
}

export interface SpeakerPreview extends ExtractedSpeaker {
  /** The stored speaker this one would be matched to (by name or alias), or null for a new one. */
  existing: KnownSpeaker | null;
}

export interface ExtractionPreview {
  extractorVersion: string;
  language: string;
  publishedOn: string | null;
  warnings: string[];
  /** The quotes found, as a JSON array of ExtractedQuote (checked and serialised by the extractor's thread). */
  quotesJson: string;
  speakers: SpeakerPreview[];
}

/** The stored speaker a name or one of its aliases denotes, when exactly one does. */
async function matchSpeaker(repos: Repositories, speaker: ExtractedSpeaker): Promise<KnownSpeaker | null> {
  for (const ref of [speaker.name, ...speaker.aliases.filter((a) => a.includes(' '))]) {
    const ids = await repos.speakers.resolveIds(ref);
    if (ids.length !== 1 || ids[0] === undefined) continue;
    const detail = await repos.speakers.findByRef(String(ids[0]));
    if (detail !== null && detail.kind === speaker.kind) return { id: detail.id, slug: detail.slug, name: detail.name };
  }
  return null;
}

function warningsFor(language: string): string[] {
  return language === 'en' || language.startsWith('en-')
    ? []
    : [`The extractor's rules are for English; results for language "${language}" will be poor.`];
}

/** What extraction would store for this text, matched against stored speakers; writes nothing. */
export async function previewExtraction(
  repos: Repositories,
  extractor: Extractor,
  input: { text: string; publishedOn?: string; language?: string },
): Promise<ExtractionPreview> {
  const language = input.language ?? 'en';
  const result = await extractor.extractSerialized(input.text);
  return {
    extractorVersion: result.extractorVersion,
    language,
    publishedOn: input.publishedOn ?? null,
    warnings: warningsFor(language),
    quotesJson: result.quotesJson,
    speakers: await Promise.all(result.speakers.map(async (s) => ({ ...s, existing: await matchSpeaker(repos, s) }))),
  };
}

export interface IngestedQuote {
  quoteId: number;
  occurrenceId: number;
  quoteCreated: boolean;
  /** Set when the words matched a stored quote of the speaker only approximately. */
  nearDuplicateOf: number | null;
  text: string;
  start: number;
  end: number;
  kind: QuoteKind;
  speaker: { id: number; slug: string; name: string };
  confidence: number;
  /** Stored, but its speaker should be confirmed by a person before it is relied on. */
  needsReview: boolean;
}

export interface IngestReport {
  document: DocumentSummary;
  /** False: the same text (sha256) was already stored, and nothing was changed. */
  created: boolean;
  extractorVersion: string;
  quotes: IngestedQuote[];
  counts: {
    /** Quotes found in the text (stored or not). */
    quotes: number;
    quotesCreated: number;
    occurrencesCreated: number;
    speakersCreated: number;
    speakersMatched: number;
    /** Found but not stored: their speaker is unnamed ("officials said"), so there is no one to file them under. */
    unnamedSpeaker: number;
  };
}

function newSpeakerFor(speaker: ExtractedSpeaker, known: KnownSpeaker | null): NewSpeaker {
  return {
    slug: known?.slug ?? slugify(speaker.name),
    name: known?.name ?? speaker.name,
    kind: speaker.kind,
    description: null,
    aliases: [speaker.name, ...speaker.aliases],
    externalIds: [],
    affiliations: speaker.affiliations
      .filter((a) => a.organization.trim() !== '')
      .map((a) => ({
        organization: { name: a.organization, kind: null },
        role: a.role,
        asStated: a.asStated,
        validFrom: null,
        validTo: null,
        sourceDocumentId: null,
      })),
    // A new organisation that speaks is also an organisation people belong to.
    ...(known === null && speaker.kind === 'organization' ? { organization: { name: speaker.name, kind: null } } : {}),
  };
}

/** A speaker's stored quotes (up to 1,000, newest first) with their normalised texts. */
type StoredQuotes = { id: number; text: string; normalized: string }[];

/**
 * The stored quotes of each speaker, read and normalised once per ingest: an
 * article of thousands of quotes by a few speakers compared each with the same
 * 1,000 stored quotes, normalising all of them every time.
 */
class StoredQuotesOf {
  private readonly bySpeaker = new Map<number, Promise<StoredQuotes>>();

  constructor(private readonly repos: Repositories) {}

  get(speakerId: number): Promise<StoredQuotes> {
    let quotes = this.bySpeaker.get(speakerId);
    if (quotes === undefined) {
      quotes = this.repos.quotes.bySpeaker(speakerId, 1000).then((rows) => rows.map((q) => ({ id: q.id, text: q.text, normalized: normalizeQuoteText(q.text) })));
      this.bySpeaker.set(speakerId, quotes);
    }
    return quotes;
  }
}

/** A stored quote of the speaker whose words are nearly these ("near-duplicate"), if any. */
async function nearDuplicate(stored: StoredQuotesOf, speakerId: number, normalized: string): Promise<{ id: number; text: string; normalized: string } | null> {
  for (const q of await stored.get(speakerId)) {
    const other = q.normalized;
    const longest = Math.max(other.length, normalized.length);
    if (longest === 0 || Math.min(other.length, normalized.length) / longest < NEAR_DUPLICATE_SIMILARITY) continue;
    if (1 - distance(other, normalized) / longest >= NEAR_DUPLICATE_SIMILARITY) return q;
  }
  return null;
}

async function pendingAttribution(
  stored: StoredQuotesOf,
  quote: ExtractedQuote,
  slug: string,
  known: KnownSpeaker | null,
  extractorVersion: string,
): Promise<{ pending: PendingAttribution; nearDuplicateOf: number | null }> {
  let text = quote.text;
  let normalizedText = normalizeQuoteText(text);
  let nearDuplicateOf: number | null = null;
  if (known !== null) {
    const near = await nearDuplicate(stored, known.id, normalizedText);
    if (near !== null && near.normalized !== normalizedText) {
      // Same quote, slightly different wording: a new occurrence of the stored quote.
      nearDuplicateOf = near.id;
      text = near.text;
      normalizedText = near.normalized;
    }
  }
  return {
    nearDuplicateOf,
    pending: {
      speakerSlug: slug,
      aboutSpeakerId: null,
      text,
      normalizedText,
      normalizedHash: sha256Hex(normalizedText),
      kind: quote.kind,
      saidOn: null,
      venue: null,
      start: quote.start,
      end: quote.end,
      cue: quote.cue,
      speakerMention: quote.speaker.mention,
      relays: quote.relays.map((r) => ({ name: r.name, organization: { name: r.name, kind: null }, mention: r.mention })),
      confidence: quote.confidence,
      attributedBy: 'extractor',
      extractorVersion,
    },
  };
}

const speakerKey = (name: string, kind: SpeakerKind): string => `${kind}:${name}`;

/**
 * Stores a document with the quotes the extractor finds in it, all in one
 * transaction. The same text stored before changes nothing (created: false).
 */
export async function ingestDocument(repos: Repositories, extractor: Extractor, input: CreateDocumentInput): Promise<IngestReport> {
  const doc = newDocument(input);
  const empty = { quotes: 0, quotesCreated: 0, occurrencesCreated: 0, speakersCreated: 0, speakersMatched: 0, unnamedSpeaker: 0 };
  const stored = await repos.documents.findBySha256(doc.sha256);
  // Stored before: nothing to extract or write (the transaction below re-checks, for concurrent posts).
  if (stored !== null) return { document: stored, created: false, extractorVersion: EXTRACTOR_VERSION, quotes: [], counts: empty };
  const result: ExtractionResult = await extractor.extract(doc.text);

  const bySpeaker = new Map<string, { slug: string; known: KnownSpeaker | null }>();
  const speakers: NewSpeaker[] = [];
  // Unnamed speakers would merge every "officials" of every article into one identity: not stored.
  const named = new Set(result.speakers.filter((s) => !s.generic).map((s) => speakerKey(s.name, s.kind)));
  for (const s of result.speakers.filter((x) => !x.generic)) {
    const known = await matchSpeaker(repos, s);
    const speaker = newSpeakerFor(s, known);
    bySpeaker.set(speakerKey(s.name, s.kind), { slug: speaker.slug, known });
    if (!speakers.some((x) => x.slug === speaker.slug)) speakers.push(speaker);
    else speakers.find((x) => x.slug === speaker.slug)?.aliases.push(...speaker.aliases);
  }
  const storable = result.quotes.filter((q) => named.has(speakerKey(q.speaker.name, q.speaker.kind)));
  const prepared: { q: ExtractedQuote; pending: PendingAttribution; nearDuplicateOf: number | null }[] = [];
  const storedQuotes = new StoredQuotesOf(repos);
  for (const q of storable) {
    const target = bySpeaker.get(speakerKey(q.speaker.name, q.speaker.kind));
    if (target === undefined) continue;
    prepared.push({ q, ...(await pendingAttribution(storedQuotes, q, target.slug, target.known, result.extractorVersion)) });
    // Near-duplicate matching compares each quote with up to 1,000 of its speaker's: other requests get their turn between quotes.
    await setImmediatePromise();
  }
  const ingested = await repos.writes.ingestDocument(doc, speakers, prepared.map((p) => p.pending));
  const idBySlug = new Map(ingested.speakers.map((s) => [s.slug, s.id]));
  const nameBySlug = new Map(speakers.map((s) => [s.slug, s.name]));
  const quotes: IngestedQuote[] = prepared.flatMap(({ q, pending, nearDuplicateOf }, i) => {
    const saved = ingested.saved[i];
    const id = idBySlug.get(pending.speakerSlug);
    if (saved === undefined || id === undefined) return [];
    return [{
      quoteId: saved.quoteId,
      occurrenceId: saved.occurrenceId,
      quoteCreated: saved.quoteCreated,
      nearDuplicateOf,
      text: q.text,
      start: q.start,
      end: q.end,
      kind: q.kind,
      speaker: { id, slug: pending.speakerSlug, name: nameBySlug.get(pending.speakerSlug) ?? q.speaker.name },
      confidence: q.confidence,
      needsReview: q.needsReview,
    }];
  });
  return {
    document: ingested.document,
    created: ingested.created,
    extractorVersion: result.extractorVersion,
    quotes,
    counts: {
      quotes: result.quotes.length,
      quotesCreated: ingested.saved.filter((s) => s.quoteCreated).length,
      occurrencesCreated: ingested.saved.filter((s) => s.occurrenceCreated).length,
      speakersCreated: ingested.speakers.filter((s) => s.created).length,
      speakersMatched: ingested.speakers.filter((s) => !s.created).length,
      unnamedSpeaker: result.quotes.length - storable.length,
    },
  };
}
