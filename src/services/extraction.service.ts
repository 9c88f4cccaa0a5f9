import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { EXTRACTOR_VERSION } from '../extraction/quote.extractor.ts';
import type { ExtractedQuote, ExtractedSpeaker, ExtractionResult } from '../extraction/extraction.types.ts';
import type { DocumentSummary, QuoteKind, SpeakerKind } from '../domain/models.ts';
import { normalizeQuoteText, sha256Hex, slugify } from '../domain/text.ts';
import type { NewSpeaker, PendingAttribution, Repositories } from '../storage/ports/index.ts';
import type { Extractor } from '../workers/extraction-pool.ts';
import { newDocument, type CreateDocumentInput } from './document.service.ts';
import { resembledQuote, StoredQuotesOf } from './variants.ts';

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
  /** Set when the quote is a variant: the stored quote of the speaker its words nearly repeat (their cluster's root). */
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

/** What to store for one extracted quote: its own words, linked as a variant when they nearly repeat a stored quote of the speaker. */
async function pendingAttribution(
  stored: StoredQuotesOf,
  quote: ExtractedQuote,
  slug: string,
  known: KnownSpeaker | null,
  extractorVersion: string,
): Promise<PendingAttribution> {
  const normalizedText = normalizeQuoteText(quote.text);
  const variantOf = known === null ? undefined : await resembledQuote(stored, known.id, normalizedText);
  return {
    speakerSlug: slug,
    aboutSpeakerId: null,
    text: quote.text,
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
    ...(variantOf === undefined ? {} : { variantOf }),
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
  const prepared: { q: ExtractedQuote; pending: PendingAttribution }[] = [];
  const storedQuotes = new StoredQuotesOf(repos);
  for (const q of storable) {
    const target = bySpeaker.get(speakerKey(q.speaker.name, q.speaker.kind));
    if (target === undefined) continue;
    prepared.push({ q, pending: await pendingAttribution(storedQuotes, q, target.slug, target.known, result.extractorVersion) });
    // Variant matching compares each quote with up to 1,000 of its speaker's: other requests get their turn between quotes.
    await setImmediatePromise();
  }
  const ingested = await repos.writes.ingestDocument(doc, speakers, prepared.map((p) => p.pending));
  const idBySlug = new Map(ingested.speakers.map((s) => [s.slug, s.id]));
  const nameBySlug = new Map(speakers.map((s) => [s.slug, s.name]));
  const quotes: IngestedQuote[] = prepared.flatMap(({ q, pending }, i) => {
    const saved = ingested.saved[i];
    const id = idBySlug.get(pending.speakerSlug);
    if (saved === undefined || id === undefined) return [];
    return [{
      quoteId: saved.quoteId,
      occurrenceId: saved.occurrenceId,
      quoteCreated: saved.quoteCreated,
      nearDuplicateOf: saved.variantOf,
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
