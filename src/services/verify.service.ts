import { affiliationsAt } from '../domain/affiliation.ts';
import { AppError } from '../domain/errors.ts';
import type { Affiliation, QuoteRecord, SpeakerSummary } from '../domain/models.ts';
import { periodEnd, periodStart } from '../domain/partial-date.ts';
import { foldName, sha256Hex } from '../domain/text.ts';
import type { ProvenanceSummary, Repositories } from '../repositories/ports.ts';
import { analyseClaim, compare, coverage, type Claim, type Comparison, type Relation } from '../verification/compare.ts';
import { displayDiff, type DiffOp } from '../verification/meaning.ts';
import { minhashBuckets } from '../verification/minhash.ts';
import { SKELETON_BAND, skeletonBucket, skeletonOf } from '../verification/skeleton.ts';
import { skeletonVariantBuckets } from '../verification/skeleton-variants.ts';
import { FUNCTION_WORDS_BAND, functionWordsBucket, functionWordsOf } from '../verification/function-words.ts';
import { THRESHOLDS } from '../verification/thresholds.ts';
import { indexTerms, STOPWORDS } from '../verification/tokens.ts';
import { decide, speakerFlags, wordingFlags, type Flag, type Verdict } from '../verification/verdict.ts';
import { closestSpeakers } from './speaker-suggestions.ts';

export interface VerifyRequest {
  text: string;
  speaker?: string;
  date?: string;
  limit: number;
}

/** Which lookup found the candidates: each tier runs only when the cheaper one before it did not settle it. */
export type Tier = 'exact' | 'lsh' | 'fts' | 'none';

export interface VerifyMatch {
  quote: QuoteRecord;
  relation: Relation;
  similarity: number;
  /** "At the time": said on, else first published. */
  asOf: string | null;
  affiliationAtTime: Affiliation[];
  diff: DiffOp[] | null;
  omitted: { before: string; after: string } | null;
  flags: Flag[];
  provenance: ProvenanceSummary & { firstAppearance: string | null };
}

export interface VerifyResult {
  verdict: Verdict;
  confidence: number;
  explanation: string;
  claim: { text: string; normalized: string; speaker: { query: string; resolved: SpeakerSummary[] } | null; date: string | null };
  flags: Flag[];
  matches: VerifyMatch[];
  tier: Tier;
}

type VerifyRepos = Pick<Repositories, 'speakers' | 'verify'>;

function resolveClaimedSpeaker(repos: VerifyRepos, ref: string): SpeakerSummary[] {
  const ids = repos.speakers.resolveIds(ref);
  const speakers = ids.map((id) => repos.speakers.findByRef(String(id))).filter((s) => s !== null);
  if (speakers.length === 0) {
    const candidates = closestSpeakers(repos, ref);
    throw new AppError(
      'unknown_reference',
      `No speaker is known as "${ref}".${candidates.length > 0 ? ` Closest: ${candidates.map((c) => c.name).join(', ')}.` : ''}`,
      { candidates },
    );
  }
  return speakers.map(({ id, slug, name, kind, description }) => ({ id, slug, name, kind, description }));
}

/** Loads the candidates, keeps the best-covered few and aligns only those; best first. */
function rescore(repos: VerifyRepos, claim: Claim, ids: readonly number[]): Comparison[] {
  return repos.verify
    .quotes(ids)
    .map((quote) => ({ quote, cover: coverage(claim, quote.text) }))
    .sort((a, b) => b.cover - a.cover || a.quote.id - b.quote.id)
    .slice(0, THRESHOLDS.alignTop)
    .map(({ quote }) => compare(claim, quote))
    .sort((a, b) => b.score - a.score || a.quote.id - b.quote.id);
}

export interface FallbackQuery {
  /** Rare words, OR-ed. */
  any: string[];
  /** When exactly one word is rare: it and the next least common, AND-ed (few quotes hold them all). */
  all: string[];
  /** Pairs of the claim's rarer words, each AND-ed: a source that kept any two of them is found even when replaced words are rarer. */
  pairs: string[][];
  /** Two-word phrases holding one of those words, as the claim has them: tried only when nothing else is near. */
  phrases: string[];
}

/**
 * The claim's rarest words that are in the index: each in at most ftsMaxDocs
 * quotes, together in at most ftsDocBudget, so common words never drag the
 * ranked OR query. Function words are never rare and are not even counted.
 * A claim with no rare word at all gets no full-text candidates: it has nothing
 * distinctive to look for.
 */
export function fallbackQuery(repos: VerifyRepos, text: string): FallbackQuery {
  const content = indexTerms(text).filter((t) => !STOPWORDS.has(t));
  const frequencies = repos.verify.documentFrequencies(content, THRESHOLDS.ftsMaxDocs);
  // Counts stop at the cap; among equally "common" words, longer ones tend to be rarer.
  const present = [...frequencies.entries()]
    .filter(([, docs]) => docs > 0)
    .sort((a, b) => a[1] - b[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]));
  const any: string[] = [];
  let docs = 0;
  for (const [term, count] of present) {
    if (any.length === THRESHOLDS.ftsTerms || count > THRESHOLDS.ftsMaxDocs || docs + count > THRESHOLDS.ftsDocBudget) break;
    any.push(term);
    docs += count;
  }
  // Only with one rare word to anchor it: AND-ing common words alone reads their huge doclists (p99 44 ms at 1M).
  const all = any.length === 1 && present.length >= 2 ? present.slice(0, THRESHOLDS.ftsAllTerms).map(([term]) => term) : [];
  const pairWords = present.slice(0, THRESHOLDS.ftsPairWords).map(([term]) => term);
  const pairs: string[][] = [];
  for (let i = 0; i < pairWords.length; i++) for (let j = i + 1; j < pairWords.length; j++) pairs.push([pairWords[i] as string, pairWords[j] as string]);
  const words = foldName(text).split(' ').filter((t) => t !== '');
  const chosen = new Set(pairWords);
  const phrases: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const [a, b] = [words[i] as string, words[i + 1] as string];
    if (chosen.has(a) || chosen.has(b)) phrases.push(`${a} ${b}`);
  }
  return { any, all, pairs, phrases: [...new Set(phrases)] };
}

/** Distinct content words (not function words) of the claim inside the matching stretch of the quote. */
function sharedContentWords(claim: Claim, c: Comparison): number {
  const stretch = new Set(c.quoteTokens.slice(c.stretch.start, c.stretch.end).map((t) => t.key));
  let shared = 0;
  for (const key of claim.keySet) if (!STOPWORDS.has(key) && stretch.has(key)) shared++;
  return shared;
}

/** A quote found only by a two-word phrase is near only with a second content word in common or most of it matched. */
function phraseEvidence(claim: Claim, c: Comparison): boolean {
  const share = (c.stretch.end - c.stretch.start) / Math.max(c.quoteTokens.length, 1);
  return sharedContentWords(claim, c) >= THRESHOLDS.phraseSharedWords || share >= THRESHOLDS.phraseWholeShare;
}

/**
 * Quotes with the claim's function-word skeleton (words replaced in place); none for a claim
 * too short or with too few function words for its skeleton to mean anything.
 */
function skeletonIds(repos: VerifyRepos, claim: Claim): number[] {
  if (!skeletonUsable(claim)) return [];
  return repos.verify.idsByLshBuckets([skeletonBucket(claim.text)], THRESHOLDS.skeletonCandidates, THRESHOLDS.skeletonCandidates);
}

function skeletonUsable(claim: Claim): boolean {
  const skeleton = skeletonOf(claim.text);
  return skeleton.words >= THRESHOLDS.minLooseWords && skeleton.functionWords >= THRESHOLDS.skeletonFunctionWords;
}

/**
 * Below `rareEvidenceMin` a near match found by full text must share, inside the matching stretch, a content word
 * in at most `rareShare` of the quotes (never fewer than `rareMinDocs`): there, function words and common words in
 * order can carry the similarity on their own, and among many quotes some always line up with a fabricated sentence
 * that way. A share, not a count, so the rule means the same at 100k and 1M quotes. Counts are the fallback's, cached.
 */
function rareEvidence(repos: VerifyRepos, claim: Claim, c: Comparison): boolean {
  if (c.relation !== 'near' || c.similarity >= THRESHOLDS.rareEvidenceMin) return true;
  const stretch = new Set(c.quoteTokens.slice(c.stretch.start, c.stretch.end).map((t) => t.key));
  const shared = [...claim.keySet].filter((key) => !STOPWORDS.has(key) && stretch.has(key));
  const rare = Math.max(THRESHOLDS.rareMinDocs, Math.floor(THRESHOLDS.rareShare * repos.verify.quoteCountEstimate()));
  const counts = repos.verify.documentFrequencies(shared, Math.max(rare, THRESHOLDS.ftsMaxDocs));
  return shared.some((key) => (counts.get(key) ?? Infinity) <= rare);
}

const demoted = (c: Comparison): Comparison => ({ ...c, relation: 'distant', edits: null });

/**
 * Function words in order are what a skeleton variant or the function-word band matches by construction, and among
 * 1M quotes one lines up with a fabricated sentence that way ("And the … it the and the", 0.50): below
 * `rareEvidenceMin` a near match found so must share a content word with the claim.
 */
function shapeEvidence(claim: Claim, c: Comparison): boolean {
  return c.relation !== 'near' || c.similarity >= THRESHOLDS.rareEvidenceMin || sharedContentWords(claim, c) >= THRESHOLDS.shapeSharedWords;
}

/**
 * Lookups by the claim's shape when its words were added or removed, cheapest and most specific first: its function
 * words alone (one probe; only with `functionWordsMin` of them, fewer are shared by too many quotes), then skeletons
 * one, then two, token edits from its own.
 */
function shapeProbes(claim: Claim): { band: number; buckets: number[] }[] {
  const functionWords = functionWordsOf(claim.text);
  return [
    ...(functionWords.count >= THRESHOLDS.functionWordsMin ? [{ band: FUNCTION_WORDS_BAND, buckets: [functionWordsBucket(claim.text).bucket] }] : []),
    ...skeletonVariantBuckets(claim.text, THRESHOLDS.skeletonVariantDepth, THRESHOLDS.skeletonVariantProbes).map((buckets) => ({ band: SKELETON_BAND, buckets })),
  ];
}

/** Quotes found by the shape probes, rescored probe by probe, stopping at the first that yields a near quote. */
function shapeComparisons(repos: VerifyRepos, claim: Claim, seen: Set<number>): Comparison[] {
  if (!skeletonUsable(claim)) return [];
  const found: Comparison[] = [];
  for (const { band, buckets } of shapeProbes(claim)) {
    const ids = repos.verify.idsInBand(band, buckets, THRESHOLDS.skeletonCandidates).filter((id) => !seen.has(id));
    for (const id of ids) seen.add(id);
    found.push(...rescore(repos, claim, ids).map((c) => (shapeEvidence(claim, c) ? c : demoted(c))));
    if (found.some((c) => c.relation === 'near')) break;
  }
  return found;
}

/** Tiered lookup: exact hash, then MinHash-LSH, the skeleton band and the claim's shape (function words, skeleton variants), then the frequency-capped full-text fallback. */
export function findCandidates(repos: VerifyRepos, claim: Claim): { tier: Tier; comparisons: Comparison[] } {
  const exact = repos.verify.idsByNormalizedHash(sha256Hex(claim.normalized));
  if (exact.length > 0) return { tier: 'exact', comparisons: rescore(repos, claim, exact) };
  const lshIds = repos.verify.idsByLshBuckets(minhashBuckets(claim.text), THRESHOLDS.lshPerBucket, THRESHOLDS.lshCandidates);
  const seen = new Set(lshIds);
  const skeleton = new Set(skeletonIds(repos, claim));
  // Rescored apart: they share few words with the claim and would lose the coverage pre-sort to MinHash candidates.
  const fromSkeleton = [...skeleton].filter((id) => !seen.has(id));
  const fromLsh = [...rescore(repos, claim, lshIds), ...rescore(repos, claim, fromSkeleton)].sort(
    (a, b) => b.score - a.score || a.quote.id - b.quote.id,
  );
  // A near quote with the claim's very skeleton is conclusive: the full-text tier (2–20 ms at 1M) is skipped.
  const skeletonNear = fromLsh.some((c) => c.relation === 'near' && skeleton.has(c.quote.id));
  if ((fromLsh[0]?.score ?? 0) >= THRESHOLDS.lshAccept || skeletonNear) return { tier: 'lsh', comparisons: fromLsh };
  for (const id of fromSkeleton) seen.add(id);
  // Words added or removed: a near quote with the claim's function words, or a skeleton a token edit or two away, is as conclusive.
  const fromShape = shapeComparisons(repos, claim, seen);
  if (fromShape.some((c) => c.relation === 'near')) {
    return { tier: 'lsh', comparisons: [...fromLsh, ...fromShape].sort((a, b) => b.score - a.score || a.quote.id - b.quote.id) };
  }
  const query = fallbackQuery(repos, claim.text);
  const ftsIds = [
    ...new Set([
      ...repos.verify.idsByAnyTerm(query.any, THRESHOLDS.ftsCandidates),
      ...repos.verify.idsByAllTerms(query.all, THRESHOLDS.ftsCandidates),
      ...query.pairs.flatMap((pair) => repos.verify.idsWithAllTerms(pair, THRESHOLDS.ftsPairCandidates)),
    ]),
  ].filter((id) => !seen.has(id));
  let comparisons = [...fromLsh, ...fromShape, ...rescore(repos, claim, ftsIds)]
    .map((c) => (rareEvidence(repos, claim, c) ? c : demoted(c)))
    .sort((a, b) => b.score - a.score || a.quote.id - b.quote.id);
  if (!comparisons.some((c) => c.relation !== 'distant') && query.phrases.length > 0) {
    for (const id of ftsIds) seen.add(id);
    const phraseIds = [...new Set(query.phrases.flatMap((phrase) => repos.verify.idsWithAllTerms([phrase], THRESHOLDS.ftsPairCandidates)))].filter(
      (id) => !seen.has(id),
    );
    const fromPhrases = rescore(repos, claim, phraseIds).map((c) =>
      c.relation === 'near' && !(phraseEvidence(claim, c) && rareEvidence(repos, claim, c)) ? demoted(c) : c,
    );
    comparisons = [...comparisons, ...fromPhrases].sort((a, b) => b.score - a.score || a.quote.id - b.quote.id);
  }
  return { tier: comparisons.length > 0 ? 'fts' : 'none', comparisons };
}

function describeRoles(affiliations: readonly Affiliation[]): string {
  return affiliations.length === 0 ? 'in no recorded position' : affiliations.map((a) => `${a.role}, ${a.organization.name}`).join('; ');
}

function dateFlags(date: string, quote: QuoteRecord, firstAppearance: string | null, asOf: string | null, affiliations: readonly Affiliation[]): Flag[] {
  const flags: Flag[] = [];
  if (firstAppearance !== null && date < periodStart(firstAppearance)) {
    flags.push({
      code: 'earlier_than_record',
      message: `The claimed date ${date} is before the earliest appearance on record (${firstAppearance}).`,
    });
  }
  if (quote.saidOn !== null && date > periodEnd(quote.saidOn)) {
    flags.push({ code: 'said_on_differs', message: `The record dates these words to ${quote.saidOn}, not ${date}.` });
  }
  const atClaim = affiliationsAt(affiliations, date);
  const atQuote = affiliationsAt(affiliations, asOf);
  const key = (list: readonly Affiliation[]) => list.map((a) => a.id).sort((x, y) => x - y).join(',');
  if (key(atClaim) !== key(atQuote)) {
    flags.push({
      code: 'affiliation_differs',
      message: `On ${date} ${quote.speaker.name} was ${describeRoles(atClaim)}; when the words are on record (${asOf ?? 'date unknown'}), ${describeRoles(atQuote)}.`,
    });
  }
  return flags;
}

function toMatch(
  repos: VerifyRepos,
  claim: Claim,
  c: Comparison,
  claimed: ReadonlySet<number> | null,
  claimedName: string | null,
  date: string | null,
): VerifyMatch {
  const provenance = repos.verify.provenance(c.quote.id);
  const published = provenance.earliest?.publishedOn ?? null;
  const firstAppearance = [c.quote.saidOn, published].filter((d) => d !== null).sort()[0] ?? null;
  const asOf = c.quote.saidOn ?? published;
  const affiliations = repos.speakers.affiliations(c.quote.speaker.id);
  return {
    quote: c.quote,
    relation: c.relation,
    similarity: Math.round(c.similarity * 1000) / 1000,
    asOf,
    affiliationAtTime: affiliationsAt(affiliations, asOf),
    diff: displayDiff(c.quoteTokens, claim.tokens),
    omitted: c.omitted,
    flags: [
      ...speakerFlags(c, claimed, claimedName),
      ...wordingFlags(claim, c),
      ...(date === null ? [] : dateFlags(date, c.quote, firstAppearance, asOf, affiliations)),
    ],
    provenance: { ...provenance, firstAppearance },
  };
}

export function verifyClaim(repos: VerifyRepos, request: VerifyRequest): VerifyResult {
  const resolved = request.speaker === undefined ? null : resolveClaimedSpeaker(repos, request.speaker);
  const claimed = resolved === null ? null : new Set(resolved.map((s) => s.id));
  const claimedName = resolved === null ? null : resolved.map((s) => s.name).join(' / ');
  const claim = analyseClaim(request.text);
  const { tier, comparisons } = findCandidates(repos, claim);
  const decision = decide(claim, comparisons, claimed, claimedName);
  const date = request.date ?? null;

  const shown: Comparison[] = [];
  const show = (c: Comparison | null | undefined) => {
    if (c != null && shown.length < request.limit && !shown.some((s) => s.quote.id === c.quote.id)) shown.push(c);
  };
  if (decision.verdict !== 'not_found') {
    show(decision.primary);
    for (const part of decision.splice?.parts ?? []) show(part);
    for (const c of comparisons) if (c.relation !== 'distant') show(c);
  }
  const matches = shown.map((c) => toMatch(repos, claim, c, claimed, claimedName, date));
  const spliceFlag: Flag[] =
    decision.splice === null
      ? []
      : [{ code: 'spliced', message: `Mixes words of quote #${decision.splice.parts[0].quote.id} and quote #${decision.splice.parts[1].quote.id}.` }];
  return {
    verdict: decision.verdict,
    confidence: decision.confidence,
    explanation: decision.explanation,
    claim: {
      text: request.text,
      normalized: claim.normalized,
      speaker: request.speaker === undefined || resolved === null ? null : { query: request.speaker, resolved },
      date,
    },
    flags: [...spliceFlag, ...(matches[0]?.flags ?? [])],
    matches,
    tier,
  };
}
