import { mentionNames } from '../domain/mention.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { QuoteKind } from '../domain/models.ts';
import type { RevisionRecord } from '../domain/revision.ts';
import type { ReviewDecision, StatusAction } from '../domain/status.ts';
import type { QuotePatch, Repositories, SpeakerChange } from '../storage/ports/index.ts';
import { spanText } from './evidence.ts';
import { getQuote, type QuoteView } from './quote.service.ts';
import { resolveOneSpeaker } from './speaker.service.ts';

/** A correction as asked for: speakers by reference, the new speaker's mention by offsets. */
export interface CorrectionInput {
  kind?: QuoteKind;
  saidOn?: string | null;
  venue?: string | null;
  about?: string | null;
  speaker?: {
    ref: string;
    /** Where a document of the quote names the new speaker (in the attribution or a relay). */
    mention: { documentId?: number | undefined; start: number; end: number };
  };
}

export interface Decided {
  quote: QuoteView;
  revision: RevisionRecord;
}

/**
 * The new speaker must be named in one of the quote's documents at the
 * offsets given (checked like a quote's own offsets): the mention becomes that
 * occurrence's speaker mention. `speaker_not_in_document` otherwise.
 */
async function speakerChange(repos: Repositories, quoteId: number, input: NonNullable<CorrectionInput['speaker']>): Promise<SpeakerChange> {
  const speakerId = await resolveOneSpeaker(repos, input.ref, 'speaker');
  const quote = await repos.quotes.findById(quoteId);
  if (quote === null) throw notFound('quote', quoteId);
  const documents = [...new Set(quote.occurrences.map((o) => o.document.id))];
  const documentId = input.mention.documentId ?? (documents.length === 1 ? documents[0] : undefined);
  if (documentId === undefined) {
    throw new AppError('validation_failed', `The quote is recorded in ${documents.length} documents: give speaker.mention.documentId (one of ${documents.join(', ')}).`);
  }
  const occurrence = quote.occurrences.find((o) => o.document.id === documentId);
  if (occurrence === undefined) {
    throw new AppError('speaker_not_in_document', `Document #${documentId} does not record quote #${quoteId}; the mention must be in one of its documents (${documents.join(', ')}).`);
  }
  const document = await repos.documents.findById(documentId);
  const speaker = await repos.speakers.findByRef(String(speakerId));
  if (document === null || speaker === null) throw notFound('document', documentId);
  const text = spanText(document.text, input.mention, 'speaker.mention');
  if (!mentionNames(text, speaker.name, speaker.aliases)) {
    throw new AppError(
      'speaker_not_in_document',
      `Document #${documentId} has "${text}" at ${input.mention.start}–${input.mention.end}, which does not name ${speaker.name} (nor an alias); give the offsets where the document or a relay names them.`,
      { found: text },
    );
  }
  return { speakerId, mention: { occurrenceId: occurrence.id, text, start: input.mention.start, end: input.mention.end } };
}

/** The patch a correction asks for, every reference resolved and every offset checked. */
async function toPatch(repos: Repositories, quoteId: number, input: CorrectionInput): Promise<QuotePatch> {
  const patch: QuotePatch = {};
  if (input.kind !== undefined) patch.kind = input.kind;
  if (input.saidOn !== undefined) patch.saidOn = input.saidOn;
  if (input.venue !== undefined) patch.venue = input.venue;
  if (input.about !== undefined) patch.aboutSpeakerId = input.about === null ? null : await resolveOneSpeaker(repos, input.about, 'speaker (about)');
  if (input.speaker !== undefined) patch.speaker = await speakerChange(repos, quoteId, input.speaker);
  return patch;
}

/**
 * Corrects a quote's facts (not its words, which are bound to their evidence):
 * one transaction with its revision; search follows at once.
 */
export async function correctQuote(repos: Repositories, id: number, input: CorrectionInput, reason: string): Promise<QuoteView> {
  const patch = await toPatch(repos, id, input);
  if (!(await repos.writes.updateQuote(id, patch, { reason }))) throw notFound('quote', id);
  return getQuote(repos, id);
}

/** Retracts or restores a quote (docs/editorial.md). */
export async function changeStatus(repos: Repositories, id: number, action: StatusAction, reason: string): Promise<Decided> {
  const revision = await repos.writes.changeQuoteStatus(id, action, { reason });
  return { quote: await getQuote(repos, id), revision };
}

/** The reason an accept records when the editor gives none. */
export const DEFAULT_ACCEPT_REASON = 'Accepted in review.';

/** Accepts (optionally fixed first) or rejects an attribution waiting for review. */
export async function review(repos: Repositories, occurrenceId: number, decision: ReviewDecision, reason: string, fix?: CorrectionInput): Promise<Decided> {
  const occurrence = await repos.quotes.occurrenceStatus(occurrenceId);
  if (occurrence === null) throw notFound('occurrence', occurrenceId);
  const patch = fix === undefined ? undefined : await toPatch(repos, occurrence.quoteId, fix);
  const revision = await repos.writes.reviewOccurrence(occurrenceId, decision, { reason }, patch);
  return { quote: await getQuote(repos, revision.entityId), revision };
}
