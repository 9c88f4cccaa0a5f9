import { affiliationsAt } from '../domain/affiliation.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Affiliation, AttributedBy, Citation, QuoteDetail, QuoteKind, Relay } from '../domain/models.ts';
import type { QuoteStatus, StatusNote } from '../domain/status.ts';
import { normalizeQuoteText, sha256Hex } from '../domain/text.ts';
import type { NewAttribution, NewRelay, Repositories } from '../storage/ports/index.ts';
import { contextAround, spanText, type OffsetSpan } from './evidence.ts';
import { resolveOneSpeaker } from './speaker.service.ts';
import { resembledQuote, StoredQuotesOf, variantLinksOf, type VariantLink } from './variants.ts';

/** A quote with its evidence and the speaker's roles at the time: what a result line shows. */
export interface QuoteInContext extends QuoteDetail {
  /** The date used for "at the time": said on, else first published. */
  asOf: string | null;
  affiliationAtTime: Affiliation[];
}

/** A quote on its own: in context, with its variant links. */
export interface QuoteView extends QuoteInContext {
  variantOf: VariantLink | null;
  variants: VariantLink[];
}

function firstPublished(quote: QuoteDetail): string | null {
  return quote.occurrences.map((o) => o.document.publishedOn).find((d) => d !== null) ?? null;
}

/** A quote for a list of results: without its variant links, which only its own page reads. */
export async function getQuoteInContext(repos: Repositories, id: number): Promise<QuoteInContext> {
  const quote = await repos.quotes.findById(id);
  if (quote === null) throw notFound('quote', id);
  const asOf = quote.saidOn ?? firstPublished(quote);
  return { ...quote, asOf, affiliationAtTime: affiliationsAt(await repos.speakers.affiliations(quote.speaker.id), asOf) };
}

export async function getQuote(repos: Repositories, id: number): Promise<QuoteView> {
  const quote = await getQuoteInContext(repos, id);
  return { ...quote, ...(await variantLinksOf(repos, quote)) };
}

export interface ProvenanceHop {
  role: 'speaker' | 'venue' | 'relay' | 'document';
  label: string;
}

export interface ProvenanceChain {
  occurrenceId: number;
  hops: ProvenanceHop[];
  relays: Relay[];
  document: QuoteDetail['occurrences'][number]['document'];
  start: number;
  end: number;
  cue: QuoteDetail['occurrences'][number]['cue'];
  speakerMention: QuoteDetail['occurrences'][number]['speakerMention'];
  context: { before: string; quote: string; after: string };
  attributedBy: AttributedBy;
  confidence: number;
  status: QuoteDetail['occurrences'][number]['status'];
  statusNote: StatusNote | null;
}

export interface Provenance {
  /** With where the quote stands on the record, and the last editorial decision on it (docs/editorial.md). */
  quote: { id: number; text: string; kind: QuoteKind; status: QuoteStatus; statusNote: StatusNote | null };
  speaker: QuoteView['speaker'];
  affiliationAtTime: Affiliation[];
  saidOn: string | null;
  venue: string | null;
  about: QuoteView['about'];
  earliest: { documentId: number; outlet: string | null; publishedOn: string | null } | null;
  chains: ProvenanceChain[];
  /** Where the quote is cited without its text held here: evidence of a lower kind than the chains. */
  citations: Citation[];
  variantOf: VariantLink | null;
  variants: VariantLink[];
}

/** Speaker → venue and date → each relay → each document, earliest appearance first. */
export async function getProvenance(repos: Repositories, id: number): Promise<Provenance> {
  const quote = await getQuote(repos, id);
  const texts = await repos.documents.texts(quote.occurrences.map((o) => o.document.id));
  const saidHop =
    quote.venue !== null || quote.saidOn !== null
      ? [{ role: 'venue' as const, label: [quote.venue, quote.saidOn].filter((v) => v !== null).join(', ') }]
      : [];
  const chains = quote.occurrences.map((o) => ({
    occurrenceId: o.id,
    hops: [
      { role: 'speaker' as const, label: quote.speaker.name },
      ...saidHop,
      ...o.relays.map((r) => ({ role: 'relay' as const, label: r.name })),
      {
        role: 'document' as const,
        label: [o.document.outlet ?? o.document.title ?? `document #${o.document.id}`, o.document.publishedOn]
          .filter((v) => v !== null)
          .join(', '),
      },
    ],
    relays: o.relays,
    document: o.document,
    start: o.start,
    end: o.end,
    cue: o.cue,
    speakerMention: o.speakerMention,
    context: contextAround(texts.get(o.document.id) ?? '', o.start, o.end),
    attributedBy: o.attributedBy,
    confidence: o.confidence,
    status: o.status,
    statusNote: o.statusNote,
  }));
  const first = quote.occurrences[0];
  return {
    quote: { id: quote.id, text: quote.text, kind: quote.kind, status: quote.status, statusNote: quote.statusNote },
    speaker: quote.speaker,
    affiliationAtTime: quote.affiliationAtTime,
    saidOn: quote.saidOn,
    venue: quote.venue,
    about: quote.about,
    earliest: first ? { documentId: first.document.id, outlet: first.document.outlet, publishedOn: first.document.publishedOn } : null,
    chains,
    citations: quote.citations,
    variantOf: quote.variantOf,
    variants: quote.variants,
  };
}

export interface CreateQuoteInput {
  speaker: string;
  about?: string;
  text: string;
  kind: QuoteKind;
  saidOn?: string;
  venue?: string;
  evidence: {
    documentId: number;
    start: number;
    end: number;
    cue?: OffsetSpan;
    speakerMention?: OffsetSpan;
    relays: { name: string; organizationKind?: string; mention?: OffsetSpan }[];
    confidence: number;
  };
}

/** Builds the attribution record after checking every offset against the document text. */
export async function buildAttribution(
  repos: Repositories,
  input: CreateQuoteInput,
  attributedBy: AttributedBy,
  extractorVersion: string | null = null,
): Promise<NewAttribution> {
  const { evidence } = input;
  const document = await repos.documents.findById(evidence.documentId);
  if (document === null) throw new AppError('unknown_reference', `Document #${evidence.documentId} does not exist.`);
  spanText(document.text, evidence, 'evidence', input.text);
  const sub = (span: OffsetSpan | undefined, what: string) =>
    span === undefined ? null : { ...span, text: spanText(document.text, span, what) };
  const relays: NewRelay[] = evidence.relays.map((r, i) => ({
    name: r.name,
    organization: { name: r.name, kind: r.organizationKind ?? null },
    mention: sub(r.mention, `relays[${i}].mention`),
  }));
  const normalizedText = normalizeQuoteText(input.text);
  const speakerId = await resolveOneSpeaker(repos, input.speaker, 'speaker');
  const variantOf = await resembledQuote(new StoredQuotesOf(repos), speakerId, normalizedText);
  return {
    speakerId,
    aboutSpeakerId: input.about === undefined ? null : await resolveOneSpeaker(repos, input.about, 'speaker (about)'),
    text: input.text,
    normalizedText,
    normalizedHash: sha256Hex(normalizedText),
    kind: input.kind,
    saidOn: input.saidOn ?? null,
    venue: input.venue ?? null,
    documentId: document.id,
    start: evidence.start,
    end: evidence.end,
    cue: sub(evidence.cue, 'cue'),
    speakerMention: sub(evidence.speakerMention, 'speakerMention'),
    relays,
    confidence: evidence.confidence,
    attributedBy,
    extractorVersion,
    ...(variantOf === undefined ? {} : { variantOf }),
  };
}

export async function createQuote(
  repos: Repositories,
  input: CreateQuoteInput,
): Promise<{ quote: QuoteView; quoteCreated: boolean }> {
  const attribution = await buildAttribution(repos, input, 'manual');
  const [saved] = await repos.writes.saveAttributions([attribution]);
  if (saved === undefined) throw new Error('saveAttributions returned nothing for one attribution');
  if (saved.withdrawn) {
    throw new AppError(
      'attribution_withdrawn',
      `An editor took this attribution off the record (quote #${saved.quoteId}); restore that quote, or undo the decision in its history, instead.`,
      { existingId: saved.quoteId },
    );
  }
  if (!saved.occurrenceCreated) {
    throw new AppError('occurrence_exists', `Quote #${saved.quoteId} is already recorded at these offsets of document #${attribution.documentId}.`, {
      existingId: saved.quoteId,
    });
  }
  return { quote: await getQuote(repos, saved.quoteId), quoteCreated: saved.quoteCreated };
}
