import { AppError } from './errors.ts';
import { normalizeQuoteText, sha256Hex } from './text.ts';

/**
 * The evidence invariant: an occurrence of a quote exists only where the
 * document's text at [start, end) (UTF-16 offsets) is the quote's words, both
 * normalised as quotes are compared (normalizeQuoteText). Words that differ
 * in anything that survives normalisation ("not" against "now", "30" against
 * "300") are another quote: a variant, never a second occurrence.
 */

const fits = (documentText: string, start: number, end: number): boolean =>
  Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start && end <= documentText.length;

/** The words a document attests at [start, end), normalised; null when the offsets do not fit the text. */
export function attestedWords(documentText: string, start: number, end: number): string | null {
  return fits(documentText, start, end) ? normalizeQuoteText(documentText.slice(start, end)) : null;
}

/** A quote's words as quotes are compared (normalizeQuoteText), and their hash. */
export interface QuoteWords {
  normalizedText: string;
  normalizedHash: string;
}

/**
 * The words `quoteWords` computed lately, by the text they were computed from, in two generations: when the
 * newer holds RECENT_WORDS_KEPT texts it becomes the older and the older is dropped (a bound on memory that
 * keeps at least the last RECENT_WORDS_KEPT texts: a batch's, whose check comes after all of them are computed).
 */
let recentWords = new Map<string, QuoteWords>();
let olderWords = new Map<string, QuoteWords>();
const RECENT_WORDS_KEPT = 32_768;

const rememberedWords = (text: string): QuoteWords | undefined => recentWords.get(text) ?? olderWords.get(text);

/** Forgets the words computed so far (an import's batch, once stored): the memory holds on to their texts. */
export function forgetQuoteWords(): void {
  recentWords = new Map();
  olderWords = new Map();
}

/**
 * The words of a quote's text and their hash, remembered for a while: `assertEvidence` then need not compute
 * them again for the same text at the offsets (an import computes a batch's tens of thousands of quotations,
 * then stores them).
 */
export function quoteWords(text: string): QuoteWords {
  let words = rememberedWords(text);
  if (words === undefined) {
    const normalizedText = normalizeQuoteText(text);
    words = { normalizedText, normalizedHash: sha256Hex(normalizedText) };
    if (recentWords.size >= RECENT_WORDS_KEPT) {
      olderWords = recentWords;
      recentWords = new Map();
    }
    recentWords.set(text, words);
  }
  return words;
}

export interface EvidenceClaim {
  documentId: number;
  start: number;
  end: number;
  /** The quote's text, as it will be shown. */
  text: string;
  normalizedText: string;
  normalizedHash: string;
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Refuses an attribution whose offsets do not hold the quote's words (evidence_mismatch, 422). */
export function assertEvidence(documentText: string, claim: EvidenceClaim): void {
  const { documentId, start, end } = claim;
  // The text at the offsets is the quote's, whose words quoteWords computed lately: the checks below would compute the same.
  if (fits(documentText, start, end) && end - start === claim.text.length && documentText.startsWith(claim.text, start)) {
    const known = rememberedWords(claim.text);
    if (known !== undefined && known.normalizedText === claim.normalizedText && known.normalizedHash === claim.normalizedHash) return;
  }
  const attested = attestedWords(documentText, start, end);
  const where = `document #${documentId} at ${start}–${end}`;
  if (attested === null) {
    throw new AppError('evidence_mismatch', `The offsets ${start}–${end} do not lie inside document #${documentId} (${documentText.length} characters).`, {
      documentId,
      start,
      end,
    });
  }
  const found = documentText.slice(start, end);
  // The quote's text is usually the slice itself: normalised once already.
  if (attested !== claim.normalizedText || (claim.text !== found && normalizeQuoteText(claim.text) !== claim.normalizedText)) {
    throw new AppError('evidence_mismatch', `The quote's words are not the text of ${where}, which reads "${shorten(found)}".`, {
      documentId,
      start,
      end,
      found: shorten(found),
    });
  }
  if (sha256Hex(claim.normalizedText) !== claim.normalizedHash) {
    throw new AppError('evidence_mismatch', `The quote's words do not match their hash (${where}).`, { documentId, start, end });
  }
}
