import { isWithdrawn } from '../domain/status.ts';
import type { QuoteRecord } from '../domain/models.ts';
import type { Repositories, SpeakerScope } from '../storage/ports/index.ts';
import type { Claim } from '../verification/compare.ts';
import { canonicalTokens } from '../verification/cosmetic.ts';
import { isNegation } from '../verification/meaning.ts';
import { indexWords, STOPWORDS, tokenize, type Token } from '../verification/tokens.ts';

/**
 * What the claimed speaker (or their organisation) is on record saying about
 * the same thing: the same content words with the opposite polarity ("will not
 * attend" against "will attend", "deny" against "confirm") is "the record says
 * the opposite", shown whatever the verdict; with the same polarity it is
 * "the record says much the same", used when the words themselves are not found.
 */
export interface RelatedRecord {
  quote: QuoteRecord;
  /** Share of the claim's content words the record holds. */
  overlap: number;
}

export interface RelatedRecords {
  opposite: RelatedRecord | null;
  same: RelatedRecord | null;
}

/** A pair of words saying opposite things, either way round. */
const ANTONYMS: ReadonlyArray<[string, string]> = [
  ['attend', 'skip'], ['accept', 'reject'], ['agree', 'disagree'], ['support', 'oppose'], ['increase', 'decrease'],
  ['rise', 'fall'], ['win', 'lose'], ['allow', 'ban'], ['allow', 'forbid'], ['confirm', 'deny'], ['approve', 'reject'],
  ['include', 'exclude'], ['always', 'never'], ['true', 'false'], ['legal', 'illegal'], ['possible', 'impossible'],
  ['likely', 'unlikely'], ['guilty', 'innocent'], ['strong', 'weak'], ['more', 'less'],
  ['higher', 'lower'], ['open', 'closed'],
];
const ANTONYM: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [a, b] of ANTONYMS) {
    map.set(a, [...(map.get(a) ?? []), b]);
    map.set(b, [...(map.get(b) ?? []), a]);
  }
  return map;
})();

/** Records considered: the best-ranked that hold any of the claim's content words (each is tokenized: keep it small). */
const CANDIDATES = 10;
/** Least share of the claim's content words a record must hold to be about the same thing. */
const MIN_OVERLAP = 0.6;
/** …and at least this many of them. */
const MIN_SHARED = 3;
/** A record saying "much the same" must hold this share (it stands in for the words themselves). */
const SAME_OVERLAP = 0.75;
const MAX_TERMS = 8;

const contentKeys = (tokens: readonly Token[]) =>
  canonicalTokens(tokens)
    .map((t) => t.key)
    .filter((k) => !STOPWORDS.has(k) && !isNegation(k) && !/^(?:not|can|will)$/u.test(k));

function negated(tokens: readonly Token[]): boolean {
  return canonicalTokens(tokens).filter((t) => isNegation(t.key)).length % 2 === 1;
}

/** Opposite polarity, by negation or by an antonym pair with one word on each side. */
function opposed(claim: readonly Token[], record: readonly Token[]): boolean {
  if (negated(claim) !== negated(record)) return true;
  const claimKeys = new Set(canonicalTokens(claim).map((t) => t.key));
  const recordKeys = new Set(canonicalTokens(record).map((t) => t.key));
  for (const key of claimKeys) {
    if (recordKeys.has(key)) continue;
    if ((ANTONYM.get(key) ?? []).some((a) => recordKeys.has(a) && !claimKeys.has(a))) return true;
  }
  return false;
}

/** The window of the record around the claim's words: polarity elsewhere in a long quote is about something else. */
function window(record: readonly Token[], shared: ReadonlySet<string>): Token[] {
  const canon = canonicalTokens(record);
  const hits = canon.map((t, i) => (shared.has(t.key) ? i : -1)).filter((i) => i >= 0);
  if (hits.length === 0) return [];
  const from = (canon[Math.max(0, (hits[0] as number) - 3)] as { from: number }).from;
  const to = (canon[Math.min(canon.length - 1, (hits[hits.length - 1] as number) + 3)] as { from: number }).from + 1;
  return record.slice(from, to);
}

const claimContentOf = (claim: Claim) => [...new Set(contentKeys(claim.tokens))];
// Index terms are split at apostrophes and hyphens, as the full-text index has them.
const termsOf = (content: readonly string[]) => [...new Set(content.flatMap((k) => k.split(/['-]/u)).filter((t) => t.length > 1))].slice(0, MAX_TERMS);

/** Looks up the claimed speaker's records (and their organisations') about the same thing: one query on the search index. */
export async function findRelatedRecords(repos: Pick<Repositories, 'verify'>, claim: Claim, scope: SpeakerScope): Promise<RelatedRecords> {
  const claimContent = claimContentOf(claim);
  if (claimContent.length < MIN_SHARED) return { opposite: null, same: null };
  const ids = await repos.verify.speakerRecords(scope, termsOf(claimContent), CANDIDATES);
  return judgeRecords(claim, await repos.verify.quotes(ids));
}

/** Which of these records say the opposite of the claim, or much the same (no lookup: the caller has them). */
export function judgeRecords(claim: Claim, quotes: readonly QuoteRecord[]): RelatedRecords {
  const claimContent = claimContentOf(claim);
  if (claimContent.length < MIN_SHARED) return { opposite: null, same: null };
  const terms = termsOf(claimContent);
  let opposite: RelatedRecord | null = null;
  let same: RelatedRecord | null = null;
  const wanted = new Set(terms);
  for (const quote of quotes) {
    // A withdrawn quote says nothing on the record.
    if (isWithdrawn(quote.status)) continue;
    // Cheap pre-check on the index's words before tokenizing: most candidates share one or two words only.
    const words = new Set(indexWords(quote.text));
    if (terms.filter((t) => words.has(t)).length < Math.min(MIN_SHARED, wanted.size)) continue;
    const recordTokens = tokenize(quote.text);
    const recordContent = new Set(contentKeys(recordTokens));
    const shared = new Set(claimContent.filter((k) => recordContent.has(k)));
    const overlap = shared.size / claimContent.length;
    if (shared.size < MIN_SHARED || overlap < MIN_OVERLAP) continue;
    const found = { quote, overlap: Math.round(overlap * 1000) / 1000 };
    const better = (current: RelatedRecord | null) => current === null || overlap > current.overlap || (overlap === current.overlap && quote.id < current.quote.id);
    if (opposed(claim.tokens, window(recordTokens, shared))) {
      if (better(opposite)) opposite = found;
    } else if (overlap >= SAME_OVERLAP && better(same)) {
      same = found;
    }
  }
  return { opposite, same };
}
