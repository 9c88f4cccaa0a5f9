import { distance as levenshtein } from 'fastest-levenshtein';
import type { QuoteRecord } from '../domain/models.ts';
import { normalizeQuoteText } from '../domain/text.ts';
import { alignToQuote, jaccard } from './align.ts';
import { canonicalTokens, cosmeticDifferences, type CanonicalToken, type CosmeticDifference } from './cosmetic.ts';
import { changesMeaningWhenCut, isNegation, wordEdits, type WordEdits } from './meaning.ts';
import { THRESHOLDS } from './thresholds.ts';
import { STOPWORDS, tokenize, tokenKeys, type Token } from './tokens.ts';

/** A claim, analysed once and compared with every candidate. */
export interface Claim {
  text: string;
  normalized: string;
  tokens: Token[];
  keys: string[];
  keySet: Set<string>;
  /** Tokens with contractions expanded, spelling made American, fillers dropped (cosmetic.ts): what alignment compares. */
  canon: CanonicalToken[];
  /** `canon`'s keys, and as a set: the same for every candidate, so made once. */
  canonKeys: string[];
  canonKeySet: Set<string>;
}

export function analyseClaim(text: string): Claim {
  const tokens = tokenize(text);
  const keys = tokens.map((t) => t.key);
  const canon = canonicalTokens(tokens);
  const canonKeys = canon.map((t) => t.key);
  return { text, normalized: normalizeQuoteText(text), tokens, keys, keySet: new Set(keys), canon, canonKeys, canonKeySet: new Set(canonKeys) };
}

/**
 * exact: the same words (typography, case and punctuation aside);
 * contained: every claim word, in order, inside a longer stored quote;
 * near: close enough to be an altered version (THRESHOLDS.nearMin);
 * distant: none of these.
 */
export type Relation = 'exact' | 'contained' | 'near' | 'distant';

export interface Comparison {
  quote: QuoteRecord;
  relation: Relation;
  /** Ranking score: 1 for exact; similarity, discounted when only a stretch of the quote matches. */
  score: number;
  /** Mean of word edit similarity and word-set Jaccard over the matching stretch. */
  similarity: number;
  quoteTokens: Token[];
  /** The matching stretch of the stored quote, in words. */
  stretch: { start: number; end: number };
  omitted: { before: string; after: string } | null;
  /** Words next to a cut whose loss can change the meaning ("not", "if"). */
  cutWords: string[];
  edits: WordEdits | null;
  /** Exact match reached only after folding punctuation (not just typography). */
  punctuationDiffers: boolean;
  /** Share of the claim's distinct words found anywhere in the quote. */
  coverage: number;
  /** Form-only differences (contractions, spelling, hyphens, fillers) inside the matching stretch, for exact and contained matches. */
  cosmetic: CosmeticDifference[];
}

/** Share of the claim's distinct words that the quote contains: a cheap pre-score before alignment. */
export function coverage(claim: Claim, quoteText: string): number {
  return coverageOf(claim, new Set(tokenKeys(quoteText)));
}

function coverageOf(claim: Claim, quoteKeys: ReadonlySet<string>): number {
  if (claim.keySet.size === 0) return 0;
  let shared = 0;
  for (const k of claim.keySet) if (quoteKeys.has(k)) shared++;
  return shared / claim.keySet.size;
}

/** Word-level edit distance of whole texts, with words mapped to single characters for the bit-parallel Levenshtein. */
function wholeWordDistance(a: readonly string[], b: readonly string[]): number {
  const codes = new Map<string, string>();
  const encode = (words: readonly string[]) =>
    words
      .map((w) => {
        let c = codes.get(w);
        if (c === undefined) {
          c = String.fromCodePoint(0x4e00 + codes.size);
          codes.set(w, c);
        }
        return c;
      })
      .join('');
  return levenshtein(encode(a), encode(b));
}

/**
 * A claim as long as the quote whose words were replaced in place: at least
 * `inPlaceKept` of its words equal the quote's word at the same position, at
 * least `inPlaceContentWords` of those a content word (function words alone
 * in place are a common sentence shape, not evidence).
 */
function replacedInPlace(claim: readonly string[], quote: readonly string[]): boolean {
  if (claim.length !== quote.length || claim.length < THRESHOLDS.minLooseWords) return false;
  let kept = 0;
  let content = 0;
  claim.forEach((word, i) => {
    if (word !== quote[i]) return;
    kept++;
    if (!STOPWORDS.has(word)) content++;
  });
  return kept >= THRESHOLDS.inPlaceKept * claim.length && content >= THRESHOLDS.inPlaceContentWords;
}

/** Written-token stretch [start, end) behind canonical tokens [start, end). */
function writtenStretch(canon: readonly CanonicalToken[], start: number, end: number, written: number): { start: number; end: number } {
  const from = start < canon.length ? (canon[start] as CanonicalToken).from : written;
  const to = end > start ? (canon[end - 1] as CanonicalToken).from + 1 : from;
  return { start: from, end: Math.max(from, to) };
}

export function compare(claim: Claim, quote: QuoteRecord): Comparison {
  const quoteTokens = tokenize(quote.text);
  const quoteKeys = quoteTokens.map((t) => t.key);
  const quoteCanon = canonicalTokens(quoteTokens);
  const canonKeys = quoteCanon.map((t) => t.key);
  const claimKeys = claim.canonKeys;
  const m = canonKeys.length;
  const n = claimKeys.length;
  const base = {
    quote,
    quoteTokens,
    omitted: null,
    cutWords: [],
    edits: null,
    punctuationDiffers: false,
    coverage: coverageOf(claim, new Set(quoteKeys)),
    cosmetic: [],
  };
  if (claim.normalized === normalizeQuoteText(quote.text)) {
    return { ...base, relation: 'exact', score: 1, similarity: 1, stretch: { start: 0, end: quoteTokens.length } };
  }
  const alignment =
    n * m <= THRESHOLDS.maxAlignCells
      ? alignToQuote(claimKeys, canonKeys)
      : { distance: wholeWordDistance(claimKeys, canonKeys), start: 0, end: m };
  const { distance } = alignment;
  const stretchKeys = canonKeys.slice(alignment.start, alignment.end);
  const wordSimilarity = 1 - distance / Math.max(n, alignment.end - alignment.start, 1);
  const similarity = (wordSimilarity + jaccard(claim.canonKeySet, new Set(stretchKeys))) / 2;
  const share = m === 0 ? 0 : (alignment.end - alignment.start) / m;
  const { start, end } = writtenStretch(quoteCanon, alignment.start, alignment.end, quoteTokens.length);
  const whole = alignment.start === 0 && alignment.end === m;
  const cosmeticOf = () => cosmeticDifferences(quoteTokens.slice(start, end), claim.tokens);
  if (distance === 0 && whole && n > 0) {
    const cosmetic = cosmeticOf();
    return { ...base, relation: 'exact', score: 1, similarity: 1, stretch: { start, end }, punctuationDiffers: cosmetic.length === 0, cosmetic };
  }
  const longEnough = n >= THRESHOLDS.minClaimWords;
  let relation: Relation = 'distant';
  if (distance === 0 && longEnough) relation = 'contained';
  else if (
    longEnough &&
    ((similarity >= THRESHOLDS.nearMin && (share >= THRESHOLDS.minStretchShare || n >= THRESHOLDS.minLooseWords)) ||
      (similarity >= THRESHOLDS.nearWholeMin && whole && Math.abs(n - m) <= THRESHOLDS.nearWholeLengthSlack && n >= THRESHOLDS.minLooseWords) ||
      replacedInPlace(claimKeys, canonKeys))
  ) {
    relation = 'near';
  }
  const before = quoteTokens.slice(0, start);
  const after = quoteTokens.slice(end);
  // A hedge or negation just before the cut governs the claim's words ("likely contributed", "never attended");
  // after the cut only a negation does ("will" | "not attend"): a hedge there qualifies words the claim lacks.
  const cutWords = [
    ...before.slice(-THRESHOLDS.cutContext).filter((t) => changesMeaningWhenCut(t.key)),
    ...after.slice(0, THRESHOLDS.cutContext).filter((t) => isNegation(t.key)),
  ].map((t) => t.text);
  return {
    ...base,
    relation,
    score: similarity * (0.85 + 0.15 * share),
    similarity,
    stretch: { start, end },
    omitted: whole ? null : { before: before.map((t) => t.text).join(' '), after: after.map((t) => t.text).join(' ') },
    cutWords,
    edits: relation === 'distant' ? null : wordEdits(quoteCanon.slice(alignment.start, alignment.end), claim.canon),
    cosmetic: relation === 'contained' ? cosmeticOf() : [],
  };
}
