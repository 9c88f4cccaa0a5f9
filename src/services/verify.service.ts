import { documentLabel } from '../domain/document-label.ts';
import { affiliationsAt } from '../domain/affiliation.ts';
import type { Affiliation, QuoteRecord } from '../domain/models.ts';
import { periodEnd, periodStart } from '../domain/partial-date.ts';
import { isWithdrawn } from '../domain/status.ts';
import type { ProvenanceSummary, SpeakerScope } from '../storage/ports/index.ts';
import { analyseClaim, compare, type Claim, type Comparison, type Relation } from '../verification/compare.ts';
import { displayDiff, type DiffOp } from '../verification/meaning.ts';
import { spliceRun } from '../verification/splice.ts';
import {
  decide,
  differences,
  looksForSplice,
  speakerFlags,
  wordingFlags,
  type ClaimedSpeakers,
  type Decision,
  type Difference,
  type Flag,
  type Verdict,
} from '../verification/verdict.ts';
import { findCandidates, type Tier, type VerifyRepos } from './verify-candidates.ts';
import { findRelatedRecords, judgeRecords, type RelatedRecord } from './verify-opposite.ts';
import { claimedSpeakers, resolveClaimedSpeaker, type ClaimedSpeakerAnswer } from './verify-speaker.ts';
import { mapInTurns, mapInTurnsAsync, turnOfItsOwn, yieldIfLong } from '../turns.ts';

export interface VerifyRequest {
  text: string;
  speaker?: string;
  date?: string;
  limit: number;
}

/** Whose words a match is, next to the claimed speaker: theirs, a related speaker's (organisation or member), someone else's. */
export type SpeakerRelation = 'claimed' | 'related' | 'other';

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
  /** How the claim differs from this record, each cosmetic or meaningful, meaningful first. */
  differences: Difference[];
  /** Null when no speaker was claimed. */
  speakerRelation: SpeakerRelation | null;
  provenance: Omit<ProvenanceSummary, 'earliest'> & {
    /** The earliest document, with the name it goes by on every page. */
    earliest: (NonNullable<ProvenanceSummary['earliest']> & { label: string }) | null;
    firstAppearance: string | null;
  };
}

/** A record of the claimed speaker (or their organisation) saying the opposite. */
export interface OppositeRecord {
  quote: QuoteRecord;
  /** Share of the claim's content words it holds. */
  overlap: number;
  speakerRelation: SpeakerRelation | null;
  note: string;
}

export interface VerifyResult {
  verdict: Verdict;
  confidence: number;
  explanation: string;
  /** Against the record the verdict rests on: none, the same words; cosmetic, only their form differs; meaningful, what is said differs. Null for not_found. */
  severity: 'none' | 'cosmetic' | 'meaningful' | null;
  claim: { text: string; normalized: string; speaker: ClaimedSpeakerAnswer | null; date: string | null };
  flags: Flag[];
  matches: VerifyMatch[];
  /** "The record says the opposite": shown whatever the verdict. */
  opposite: OppositeRecord | null;
  /** Close records an editor retracted or rejected: never the basis of the verdict (docs/editorial.md). */
  withdrawn: { quote: QuoteRecord; relation: Relation; similarity: number }[];
  tier: Tier;
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

function relationTo(claimed: ClaimedSpeakers | null, speakerId: number): SpeakerRelation | null {
  if (claimed === null) return null;
  return claimed.ids.has(speakerId) ? 'claimed' : claimed.related.has(speakerId) ? 'related' : 'other';
}

async function toMatch(repos: VerifyRepos, claim: Claim, c: Comparison, claimed: ClaimedSpeakers | null, date: string | null): Promise<VerifyMatch> {
  const provenance = await repos.verify.provenance(c.quote.id);
  const published = provenance.earliest?.publishedOn ?? null;
  const firstAppearance = [c.quote.saidOn, published].filter((d) => d !== null).sort()[0] ?? null;
  const asOf = c.quote.saidOn ?? published;
  const affiliations = await repos.speakers.affiliations(c.quote.speaker.id);
  // Diffing a long claim against each match is the costliest part of the answer: other requests are served between matches.
  await yieldIfLong();
  return {
    quote: c.quote,
    relation: c.relation,
    similarity: Math.round(c.similarity * 1000) / 1000,
    asOf,
    affiliationAtTime: affiliationsAt(affiliations, asOf),
    diff: displayDiff(c.quoteTokens, claim.tokens),
    omitted: c.omitted,
    flags: [
      ...speakerFlags(c, claimed),
      ...wordingFlags(claim, c),
      ...(date === null ? [] : dateFlags(date, c.quote, firstAppearance, asOf, affiliations)),
    ],
    differences: differences(claim, c),
    speakerRelation: relationTo(claimed, c.quote.speaker.id),
    provenance: {
      ...provenance,
      earliest: provenance.earliest === null ? null : { ...provenance.earliest, label: documentLabel({ id: provenance.earliest.documentId, ...provenance.earliest }) },
      firstAppearance,
    },
  };
}

/** The claimed speakers' records and their organisations' (and its people's), for "the record says the opposite". */
function recordScope(speaker: ClaimedSpeakerAnswer | null): SpeakerScope | null {
  if (speaker === null || speaker.resolved.length === 0) return null;
  return {
    speakerIds: [...speaker.resolved.map((s) => s.id), ...speaker.related.map((r) => r.speaker.id)],
    organizationIds: [...new Set(speaker.related.map((r) => r.organization.id))],
  };
}

/** Nothing close in wording, but the claimed speaker is on record saying much the same: a paraphrase of that record. */
function muchTheSame(claim: Claim, same: RelatedRecord): Decision {
  const c = compare(claim, same.quote);
  return {
    verdict: 'paraphrase',
    confidence: Math.round((0.3 + 0.4 * same.overlap) * 1000) / 1000,
    explanation: `These words are not on record, but ${same.quote.speaker.name} is on record saying much the same (${Math.round(same.overlap * 100)}% of its content words): compare before quoting.`,
    primary: { ...c, relation: c.relation === 'distant' ? 'near' : c.relation },
    splice: null,
  };
}

/** The worst difference between the claim and the record the verdict rests on; null when nothing is on record. */
function severityOf(primary: VerifyMatch | undefined): VerifyResult['severity'] {
  if (primary === undefined) return null;
  if (primary.differences.some((d) => d.severity === 'meaningful')) return 'meaningful';
  return primary.differences.length > 0 ? 'cosmetic' : 'none';
}

/** "Retracted by desk editor on 2026-12-05: misattributed." */
function decidedBy(quote: QuoteRecord): string {
  const note = quote.statusNote;
  return note === null ? '' : ` by ${note.changedBy} on ${note.changedAt.slice(0, 10)}: ${note.reason}`;
}

/**
 * What the editorial record says about the answer: the record it rests on is
 * unreviewed or was corrected, or close records were withdrawn (and so are
 * not its basis).
 */
function editorialFlags(primary: QuoteRecord | undefined, withdrawn: readonly QuoteRecord[]): Flag[] {
  const flags: Flag[] = [];
  if (primary?.status === 'needs_review') {
    flags.push({
      code: 'unreviewed_attribution',
      message: `This answer rests on quote #${primary.id}, a machine attribution to ${primary.speaker.name} that no editor has reviewed yet: confirm it before relying on it.`,
    });
  }
  if (primary?.status === 'corrected') {
    flags.push({ code: 'corrected_record', message: `Quote #${primary.id} was corrected${decidedBy(primary)}.` });
  }
  for (const quote of withdrawn) {
    flags.push({
      code: 'withdrawn_record',
      message: `Quote #${quote.id} (${quote.speaker.name}) was ${quote.status}${decidedBy(quote)}; it is not evidence for this answer.`,
    });
  }
  return flags;
}

function speakerNoteFlags(speaker: ClaimedSpeakerAnswer | null): Flag[] {
  if (speaker === null) return [];
  if (speaker.match === 'unknown') {
    const closest = speaker.closest.length > 0 ? ` Closest known: ${speaker.closest.map((c) => c.name).join(', ')}.` : '';
    return [{ code: 'speaker_unknown', message: `Nobody known as "${speaker.name}" is on record; the claim was checked against everyone.${closest}` }];
  }
  if (speaker.match === 'ambiguous') {
    return [
      {
        code: 'speaker_ambiguous',
        message: `"${speaker.name}" may be any of ${speaker.resolved.length} people; the claim was checked against all of them: ${speaker.resolved.map((s) => s.name).join(', ')}.`,
      },
    ];
  }
  return [];
}

/**
 * The verdict on a claim, with its evidence. The candidate lookups see every
 * quote stored before the call, so a claim checked right after its quote was
 * stored finds it.
 */
export async function verifyClaim(repos: VerifyRepos, request: VerifyRequest): Promise<VerifyResult> {
  const speaker = request.speaker === undefined ? null : await resolveClaimedSpeaker(repos, request.speaker);
  const claimed = speaker === null ? null : claimedSpeakers(speaker);
  const claim = analyseClaim(request.text);
  await yieldIfLong();
  const { tier, comparisons: found } = await findCandidates(repos, claim);
  // A withdrawn quote is no evidence: the verdict rests on what stands (or waits for review, flagged).
  const comparisons = found.filter((c) => !isWithdrawn(c.quote.status));
  const withdrawn = found.filter((c) => isWithdrawn(c.quote.status) && c.relation !== 'distant');
  // A splice is looked for across all the candidates, each searched for its longest verbatim run (claim × quote):
  // those runs are found a candidate at a time, the verdict over them in a turn of its own, the next step in another.
  const runs = looksForSplice(comparisons, claimed) ? await mapInTurns(comparisons, (c) => spliceRun(claim, c)) : undefined;
  await turnOfItsOwn();
  let decision = decide(claim, comparisons, claimed, runs);
  await yieldIfLong();
  const date = request.date ?? null;
  // With a speaker named, their records (and their organisation's) are looked up; without one, only the
  // evidence's speaker's among the candidates already found: no query more on the common path.
  const scope = recordScope(speaker);
  const primarySpeaker = decision.primary?.quote.speaker.id;
  const related =
    scope !== null
      ? await findRelatedRecords(repos, claim, scope)
      : judgeRecords(claim, comparisons.filter((c) => c.quote.speaker.id === primarySpeaker).map((c) => c.quote));
  if (decision.verdict === 'not_found' && related.same !== null && related.opposite === null) decision = muchTheSame(claim, related.same);

  const shown: Comparison[] = [];
  const show = (c: Comparison | null | undefined) => {
    if (c != null && shown.length < request.limit && !shown.some((s) => s.quote.id === c.quote.id)) shown.push(c);
  };
  if (decision.verdict !== 'not_found') {
    show(decision.primary);
    for (const part of decision.splice?.parts ?? []) show(part);
    for (const c of comparisons) if (c.relation !== 'distant') show(c);
  }
  // One after the other: begun together, every match's turn would end in the same pass of the event loop.
  const matches = await mapInTurnsAsync(shown, (c) => toMatch(repos, claim, c, claimed, date));
  const spliceFlag: Flag[] =
    decision.splice === null
      ? []
      : [{ code: 'spliced', message: `Mixes words of quote #${decision.splice.parts[0].quote.id} and quote #${decision.splice.parts[1].quote.id}.` }];
  const opposite: OppositeRecord | null =
    related.opposite === null
      ? null
      : {
          quote: related.opposite.quote,
          overlap: related.opposite.overlap,
          speakerRelation: relationTo(claimed, related.opposite.quote.speaker.id),
          note: `The record says the opposite: ${related.opposite.quote.speaker.name} is on record with ${related.opposite.quote.kind === 'indirect' ? 'reported speech' : 'words'} about the same thing with the opposite sense.`,
        };
  const oppositeFlag: Flag[] = opposite === null ? [] : [{ code: 'record_says_opposite', message: opposite.note }];
  return {
    verdict: decision.verdict,
    confidence: decision.confidence,
    explanation: decision.explanation,
    severity: severityOf(matches[0]),
    claim: { text: request.text, normalized: claim.normalized, speaker, date },
    flags: [
      ...speakerNoteFlags(speaker),
      ...editorialFlags(matches[0]?.quote, withdrawn.map((c) => c.quote)),
      ...spliceFlag,
      ...oppositeFlag,
      ...(matches[0]?.flags ?? []),
    ],
    matches,
    opposite,
    withdrawn: withdrawn.map((c) => ({ quote: c.quote, relation: c.relation, similarity: Math.round(c.similarity * 1000) / 1000 })),
    tier,
  };
}
