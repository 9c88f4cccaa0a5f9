import type { Claim, Comparison } from './compare.ts';
import type { MeaningChange } from './meaning.ts';
import { findSplice, type Splice } from './splice.ts';
import { THRESHOLDS } from './thresholds.ts';

export const VERDICTS = ['accurate', 'partial', 'altered', 'misattributed', 'paraphrase', 'not_found'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const FLAG_CODES = [
  'typography_differs',
  'punctuation_differs',
  'truncated',
  'truncation_changes_meaning',
  'words_changed',
  'negation_added',
  'negation_removed',
  'number_changed',
  'date_changed',
  'entity_changed',
  'spliced',
  'different_speaker',
  'about_not_by',
  'indirect_speech',
  'earlier_than_record',
  'said_on_differs',
  'affiliation_differs',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface Flag {
  code: FlagCode;
  message: string;
}

export interface Decision {
  verdict: Verdict;
  confidence: number;
  explanation: string;
  /** The comparison the verdict rests on (null for not_found). */
  primary: Comparison | null;
  splice: Splice | null;
}

const quoted = (words: readonly string[]) => words.map((w) => `"${w}"`).join(', ') || 'nothing';

function meaningFlag(change: MeaningChange): Flag {
  const what = {
    negation_added: 'The claim adds a negation the record does not have',
    negation_removed: 'The claim drops a negation the record has',
    number_changed: 'A number differs from the record',
    date_changed: 'A date differs from the record',
    entity_changed: 'A name differs from the record',
  }[change.code];
  return { code: change.code, message: `${what} (record: ${quoted(change.stored)}; claim: ${quoted(change.claimed)}).` };
}

/** Flags describing how the claim's words relate to one stored quote (speaker and dates aside). */
export function wordingFlags(claim: Claim, c: Comparison): Flag[] {
  const flags: Flag[] = [];
  if (c.relation === 'exact') {
    if (c.punctuationDiffers) flags.push({ code: 'punctuation_differs', message: 'Same words; only punctuation differs.' });
    else if (claim.text.trim() !== c.quote.text.trim()) {
      flags.push({ code: 'typography_differs', message: 'Same words; only quotation marks, dashes, spacing or case differ.' });
    }
    return flags;
  }
  if (c.omitted !== null) {
    const parts = [c.omitted.before && `before: "${c.omitted.before}"`, c.omitted.after && `after: "${c.omitted.after}"`].filter(Boolean);
    flags.push({ code: 'truncated', message: `The claim is part of a longer quote; left out ${parts.join('; ')}.` });
    if (c.cutWords.length > 0) {
      flags.push({
        code: 'truncation_changes_meaning',
        message: `The cut leaves out ${quoted(c.cutWords)}, which can reverse or qualify what is said.`,
      });
    }
  }
  if (c.edits !== null && c.edits.added.length + c.edits.removed.length > 0) {
    flags.push({
      code: 'words_changed',
      message: `Words differ from the record: removed ${quoted(c.edits.removed)}; added ${quoted(c.edits.added)}.`,
    });
    flags.push(...c.edits.changes.map(meaningFlag));
  }
  return flags;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function pickPrimary(relevant: readonly Comparison[], claimed: ReadonlySet<number> | null): Comparison | null {
  const best = relevant[0] ?? null;
  if (best === null || claimed === null) return best;
  const byClaimed = relevant.find((c) => claimed.has(c.quote.speaker.id));
  // The same (or nearly the same) words can be on record for several speakers; prefer the claimed one then.
  return byClaimed !== undefined && byClaimed.score >= best.score - THRESHOLDS.speakerTieBreak ? byClaimed : best;
}

/**
 * The verdict from ranked comparisons (best first). `claimed` holds the ids
 * the claimed speaker resolves to (null when no speaker was claimed).
 */
export function decide(claim: Claim, ranked: readonly Comparison[], claimed: ReadonlySet<number> | null, claimedName: string | null): Decision {
  const relevant = ranked.filter((c) => c.relation !== 'distant');
  const primary = pickPrimary(relevant, claimed);
  const splice = primary !== null && (primary.relation === 'exact' || primary.relation === 'contained') ? null : findSplice(claim, ranked);
  if (splice !== null) {
    const [a, b] = splice.parts;
    return {
      verdict: 'altered',
      confidence: round(0.5 + 0.4 * splice.coverage),
      explanation: `The claim stitches together words from two different quotes: ${a.quote.speaker.name} (quote #${a.quote.id}) and ${b.quote.speaker.name} (quote #${b.quote.id}). Neither says it as claimed.`,
      primary: primary ?? a,
      splice,
    };
  }
  if (primary === null) {
    const closest = ranked[0]?.similarity ?? 0;
    return {
      verdict: 'not_found',
      confidence: round(Math.min(0.95, Math.max(0.5, 1 - closest))),
      explanation: 'Nothing in the record is close enough to this claim to support or refute it. That does not mean it was never said, only that it is not on record here.',
      primary: null,
      splice: null,
    };
  }
  const speaker = primary.quote.speaker;
  const relationWords = {
    exact: 'these exact words',
    contained: 'these words, as part of a longer quote,',
    near: 'words close to these',
    distant: '',
  }[primary.relation];
  const byRelation = { exact: 0.95, contained: 0.85, near: 0.5 + 0.4 * primary.similarity, distant: 0 }[primary.relation];
  if (claimed !== null && !claimed.has(speaker.id)) {
    const about = primary.quote.about !== null && claimed.has(primary.quote.about.id) ? primary.quote.about : null;
    return {
      verdict: 'misattributed',
      confidence: round(byRelation),
      explanation:
        about !== null
          ? `The record has ${relationWords} from ${speaker.name}, reporting about ${about.name}; they are not ${about.name}'s own words.`
          : `The record attributes ${relationWords} to ${speaker.name}, not to ${claimedName ?? 'the claimed speaker'}.`,
      primary,
      splice: null,
    };
  }
  const meaningChanges = primary.edits?.changes ?? [];
  // Reported speech stays a paraphrase unless the claim changes its meaning (edits, or a cut that loses "not").
  if (primary.quote.kind === 'indirect' && meaningChanges.length === 0 && primary.cutWords.length === 0) {
    return {
      verdict: 'paraphrase',
      confidence: round(primary.relation === 'near' ? 0.45 + 0.4 * primary.similarity : 0.85),
      explanation: `The record has this only as reported speech: a paraphrase of what ${speaker.name} said, not ${speaker.name}'s own words.`,
      primary,
      splice: null,
    };
  }
  if (primary.relation === 'exact') {
    return {
      verdict: 'accurate',
      confidence: primary.punctuationDiffers ? 0.95 : 0.99,
      explanation: `${speaker.name} is on record saying these words.`,
      primary,
      splice: null,
    };
  }
  if (primary.relation === 'contained') {
    const changes = primary.cutWords.length > 0 ? ` The cut leaves out ${quoted(primary.cutWords)}, which changes the meaning.` : '';
    return {
      verdict: 'partial',
      confidence: 0.9,
      explanation: `These words are part of a longer quote by ${speaker.name}.${changes}`,
      primary,
      splice: null,
    };
  }
  const changes = meaningChanges.map((c) => c.code.replace('_', ' ')).join(', ');
  return {
    verdict: 'altered',
    confidence: round(byRelation),
    explanation: `Close to a quote by ${speaker.name}, but the words differ${changes ? ` in ways that change the meaning (${changes})` : ''}.`,
    primary,
    splice: null,
  };
}

/** Flags that a speaker mismatch adds to a comparison. */
export function speakerFlags(c: Comparison, claimed: ReadonlySet<number> | null, claimedName: string | null): Flag[] {
  if (claimed === null || claimed.has(c.quote.speaker.id)) {
    return c.quote.kind === 'indirect'
      ? [{ code: 'indirect_speech', message: `Reported speech: the record paraphrases ${c.quote.speaker.name}.` }]
      : [];
  }
  const flags: Flag[] = [
    { code: 'different_speaker', message: `On record as ${c.quote.speaker.name}'s words, not ${claimedName ?? 'the claimed speaker'}'s.` },
  ];
  if (c.quote.about !== null && claimed.has(c.quote.about.id)) {
    flags.push({
      code: 'about_not_by',
      message: `These are ${c.quote.speaker.name}'s words about ${c.quote.about.name}, not ${c.quote.about.name}'s own.`,
    });
  }
  return flags;
}
