import { affiliationsAt } from '../domain/affiliation.ts';
import { AppError } from '../domain/errors.ts';
import type { Affiliation, QuoteRecord, SpeakerSummary } from '../domain/models.ts';
import { periodEnd, periodStart } from '../domain/partial-date.ts';
import type { ProvenanceSummary } from '../storage/ports/index.ts';
import { analyseClaim, type Claim, type Comparison, type Relation } from '../verification/compare.ts';
import { displayDiff, type DiffOp } from '../verification/meaning.ts';
import { decide, speakerFlags, wordingFlags, type Flag, type Verdict } from '../verification/verdict.ts';
import { closestSpeakers } from './speaker-suggestions.ts';
import { findCandidates, type Tier, type VerifyRepos } from './verify-candidates.ts';

export interface VerifyRequest {
  text: string;
  speaker?: string;
  date?: string;
  limit: number;
}

/** Which lookup found the candidates: each tier runs only when the cheaper one before it did not settle it. */

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


async function resolveClaimedSpeaker(repos: VerifyRepos, ref: string): Promise<SpeakerSummary[]> {
  const ids = await repos.speakers.resolveIds(ref);
  const speakers = (await Promise.all(ids.map((id) => repos.speakers.findByRef(String(id))))).filter((s) => s !== null);
  if (speakers.length === 0) {
    const candidates = await closestSpeakers(repos, ref);
    throw new AppError(
      'unknown_reference',
      `No speaker is known as "${ref}".${candidates.length > 0 ? ` Closest: ${candidates.map((c) => c.name).join(', ')}.` : ''}`,
      { candidates },
    );
  }
  return speakers.map(({ id, slug, name, kind, description }) => ({ id, slug, name, kind, description }));
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

async function toMatch(
  repos: VerifyRepos,
  claim: Claim,
  c: Comparison,
  claimed: ReadonlySet<number> | null,
  claimedName: string | null,
  date: string | null,
): Promise<VerifyMatch> {
  const provenance = await repos.verify.provenance(c.quote.id);
  const published = provenance.earliest?.publishedOn ?? null;
  const firstAppearance = [c.quote.saidOn, published].filter((d) => d !== null).sort()[0] ?? null;
  const asOf = c.quote.saidOn ?? published;
  const affiliations = await repos.speakers.affiliations(c.quote.speaker.id);
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

/**
 * The verdict on a claim, with its evidence. The candidate lookups see every
 * quote stored before the call, so a claim checked right after its quote was
 * stored finds it.
 */
export async function verifyClaim(repos: VerifyRepos, request: VerifyRequest): Promise<VerifyResult> {
  const resolved = request.speaker === undefined ? null : await resolveClaimedSpeaker(repos, request.speaker);
  const claimed = resolved === null ? null : new Set(resolved.map((s) => s.id));
  const claimedName = resolved === null ? null : resolved.map((s) => s.name).join(' / ');
  const claim = analyseClaim(request.text);
  const { tier, comparisons } = await findCandidates(repos, claim);
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
  const matches = await Promise.all(shown.map((c) => toMatch(repos, claim, c, claimed, claimedName, date)));
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
