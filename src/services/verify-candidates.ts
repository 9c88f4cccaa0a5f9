import { foldName } from '../domain/text.ts';
import type { Repositories, TermCount } from '../storage/ports/index.ts';
import { compare, coverage, type Claim, type Comparison } from '../verification/compare.ts';
import { THRESHOLDS } from '../verification/thresholds.ts';
import { indexTerms, STOPWORDS } from '../verification/tokens.ts';
import { mapInTurns, turnOfItsOwn, yieldIfLong } from '../turns.ts';
import { alteredShapes, claimProbe, textProbe } from './verify-probe.ts';

/**
 * Finding the stored quotes a claim could be a version of: the tiers of
 * docs/verify.md, "How candidates are found" (exact hash, LSH and the claim's
 * shape, frequency-capped full text), each run only when the cheaper one
 * before it did not settle the claim, and only candidates rescored.
 * verify.service.ts turns the best of them into a verdict.
 */

/** Which lookup found the evidence. */
export type Tier = 'exact' | 'lsh' | 'fts' | 'none';

export type VerifyRepos = Pick<Repositories, 'speakers' | 'verify'>;

/** Loads the candidates, keeps the best-covered few and aligns only those; best first. */
async function rescore(repos: VerifyRepos, claim: Claim, ids: readonly number[]): Promise<Comparison[]> {
  // The rows are read in one statement: in a turn of their own, not at the end of one of scoring.
  await turnOfItsOwn();
  const quotes = await repos.verify.quotes(ids);
  // Every candidate is pre-scored on its words' keys alone (no token objects: most are dropped at once), the best few aligned.
  const covered = (await mapInTurns(quotes, (quote) => ({ quote, cover: coverage(claim, quote.text) })))
    .sort((a, b) => b.cover - a.cover || a.quote.id - b.quote.id)
    .slice(0, THRESHOLDS.alignTop);
  return (await mapInTurns(covered, ({ quote }) => compare(claim, quote))).sort((a, b) => b.score - a.score || a.quote.id - b.quote.id);
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
/** The rarer of two counts first: a count that stopped at the cap is more than any that did not. */
const rarer = (a: TermCount, b: TermCount) => a.quotes - b.quotes || Number(a.more) - Number(b.more);

export async function fallbackQuery(repos: VerifyRepos, text: string): Promise<FallbackQuery> {
  const content = indexTerms(text).filter((t) => !STOPWORDS.has(t));
  const rarity = await repos.verify.termRarity(content, THRESHOLDS.ftsMaxDocs);
  // Counts stop at the cap; among equally "common" words, longer ones tend to be rarer.
  const present = [...rarity.entries()]
    .filter(([, count]) => count.quotes > 0 || count.more)
    .sort((a, b) => rarer(a[1], b[1]) || b[0].length - a[0].length || a[0].localeCompare(b[0]));
  const any: string[] = [];
  let docs = 0;
  for (const [term, count] of present) {
    if (any.length === THRESHOLDS.ftsTerms || count.more || docs + count.quotes > THRESHOLDS.ftsDocBudget) break;
    any.push(term);
    docs += count.quotes;
  }
  // Only with one rare word to anchor it: AND-ing common words alone reads their whole doclists, far too slow on a large corpus.
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
 * Below `rareEvidenceMin` a near match found by full text must share, inside the matching stretch, a content word
 * in at most `rareShare` of the quotes (never fewer than `rareMinDocs`): there, function words and common words in
 * order can carry the similarity on their own, and among many quotes some always line up with a fabricated sentence
 * that way. A share, not a count, so the rule means the same at 100k and 1M quotes. Counts are the fallback's, cached.
 */
async function rareEvidence(repos: VerifyRepos, claim: Claim, c: Comparison): Promise<boolean> {
  if (c.relation !== 'near' || c.similarity >= THRESHOLDS.rareEvidenceMin) return true;
  const stretch = new Set(c.quoteTokens.slice(c.stretch.start, c.stretch.end).map((t) => t.key));
  const shared = [...claim.keySet].filter((key) => !STOPWORDS.has(key) && stretch.has(key));
  const rare = Math.max(THRESHOLDS.rareMinDocs, Math.floor(THRESHOLDS.rareShare * (await repos.verify.quoteCountEstimate())));
  const rarity = await repos.verify.termRarity(shared, Math.max(rare, THRESHOLDS.ftsMaxDocs));
  return shared.some((key) => {
    const count = rarity.get(key);
    return count !== undefined && !count.more && count.quotes <= rare;
  });
}

const demoted = (c: Comparison): Comparison => ({ ...c, relation: 'distant', edits: null });

/** The comparisons, near ones without rare evidence demoted (see rareEvidence). */
async function keepIfEvidence(repos: VerifyRepos, claim: Claim, comparisons: readonly Comparison[]): Promise<Comparison[]> {
  const kept: Comparison[] = [];
  for (const c of comparisons) kept.push((await rareEvidence(repos, claim, c)) ? c : demoted(c));
  return kept;
}

/**
 * Function words in order are what a skeleton variant or the function-word band matches by construction, and among
 * 1M quotes one lines up with a fabricated sentence that way ("And the … it the and the", 0.50): below
 * `rareEvidenceMin` a near match found so must share a content word with the claim.
 */
function shapeEvidence(claim: Claim, c: Comparison): boolean {
  return c.relation !== 'near' || c.similarity >= THRESHOLDS.rareEvidenceMin || sharedContentWords(claim, c) >= THRESHOLDS.shapeSharedWords;
}

/** Quotes with the claim's shape altered (words added or removed), rescored shape by shape, stopping at the first that yields a near quote. */
async function shapeComparisons(repos: VerifyRepos, claim: Claim, seen: Set<number>): Promise<Comparison[]> {
  const found: Comparison[] = [];
  for (const shape of await alteredShapes(claim)) {
    const ids = (await repos.verify.alteredShape(shape, THRESHOLDS.skeletonCandidates)).filter((id) => !seen.has(id));
    for (const id of ids) seen.add(id);
    found.push(...(await rescore(repos, claim, ids)).map((c) => (shapeEvidence(claim, c) ? c : demoted(c))));
    if (found.some((c) => c.relation === 'near')) break;
  }
  return found;
}

/** Tiered lookup: exact hash, then MinHash-LSH, the skeleton band and the claim's shape (function words, skeleton variants), then the frequency-capped full-text fallback. */
export async function findCandidates(repos: VerifyRepos, claim: Claim): Promise<{ tier: Tier; comparisons: Comparison[] }> {
  const text = textProbe(claim);
  const exact = await repos.verify.sameText(text);
  if (exact.length > 0) return { tier: 'exact', comparisons: await rescore(repos, claim, exact) };
  await yieldIfLong();
  const probe = claimProbe(claim, text);
  await yieldIfLong();
  const lshIds = await repos.verify.similarWording(probe, { perKey: THRESHOLDS.lshPerBucket, total: THRESHOLDS.lshCandidates });
  const seen = new Set(lshIds);
  await yieldIfLong();
  // The claim's very shape: words replaced in place.
  const skeleton = new Set(await repos.verify.sameShape(probe, THRESHOLDS.skeletonCandidates));
  // Rescored apart: they share few words with the claim and would lose the coverage pre-sort to MinHash candidates.
  const fromSkeleton = [...skeleton].filter((id) => !seen.has(id));
  const fromLsh = [...(await rescore(repos, claim, lshIds)), ...(await rescore(repos, claim, fromSkeleton))].sort(
    (a, b) => b.score - a.score || a.quote.id - b.quote.id,
  );
  // A near quote with the claim's very skeleton is conclusive: the full-text tier, the costliest, is skipped.
  const skeletonNear = fromLsh.some((c) => c.relation === 'near' && skeleton.has(c.quote.id));
  if ((fromLsh[0]?.score ?? 0) >= THRESHOLDS.lshAccept || skeletonNear) return { tier: 'lsh', comparisons: fromLsh };
  for (const id of fromSkeleton) seen.add(id);
  // Words added or removed: a near quote with the claim's function words, or a skeleton a token edit or two away, is as conclusive.
  const fromShape = await shapeComparisons(repos, claim, seen);
  if (fromShape.some((c) => c.relation === 'near')) {
    return { tier: 'lsh', comparisons: [...fromLsh, ...fromShape].sort((a, b) => b.score - a.score || a.quote.id - b.quote.id) };
  }
  const query = await fallbackQuery(repos, claim.text);
  const ftsIds = (await repos.verify.sharedWords(query, { ranked: THRESHOLDS.ftsCandidates, perPair: THRESHOLDS.ftsPairCandidates })).filter((id) => !seen.has(id));
  let comparisons = (await keepIfEvidence(repos, claim, [...fromLsh, ...fromShape, ...(await rescore(repos, claim, ftsIds))])).sort((a, b) => b.score - a.score || a.quote.id - b.quote.id);
  if (!comparisons.some((c) => c.relation !== 'distant') && query.phrases.length > 0) {
    for (const id of ftsIds) seen.add(id);
    const phraseIds = (await repos.verify.sharedPhrases(query.phrases, THRESHOLDS.ftsPairCandidates)).filter((id) => !seen.has(id));
    const fromPhrases: Comparison[] = [];
    for (const c of await rescore(repos, claim, phraseIds)) {
      const weak = c.relation === 'near' && !(phraseEvidence(claim, c) && (await rareEvidence(repos, claim, c)));
      fromPhrases.push(weak ? demoted(c) : c);
    }
    comparisons = [...comparisons, ...fromPhrases].sort((a, b) => b.score - a.score || a.quote.id - b.quote.id);
  }
  return { tier: comparisons.length > 0 ? 'fts' : 'none', comparisons };
}
