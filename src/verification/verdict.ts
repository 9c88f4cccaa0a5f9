import { normalizeTypography } from '../domain/text.ts';
import type { Claim, Comparison } from './compare.ts';
import type { MeaningChange } from './meaning.ts';
import { findSplice, type Splice, type SpliceRun } from './splice.ts';
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
  'subject_changed',
  'modality_changed',
  'tense_changed',
  'cosmetic_differences',
  'spliced',
  'different_speaker',
  'about_not_by',
  'indirect_speech',
  'earlier_than_record',
  'said_on_differs',
  'affiliation_differs',
  'related_speaker',
  'speaker_unknown',
  'speaker_ambiguous',
  'record_says_opposite',
  'unreviewed_attribution',
  'corrected_record',
  'withdrawn_record',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface Flag {
  code: FlagCode;
  message: string;
}

export const DIFFERENCE_KINDS = [
  'typography', 'punctuation', 'case', 'contraction', 'spelling', 'hyphenation', 'filler',
  'negation', 'number', 'date', 'entity', 'subject', 'modality', 'tense', 'wording', 'omission',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/**
 * One way the claim differs from a stored quote. cosmetic: the same words in another
 * form (typography, punctuation, case, contractions, spelling, hyphens, fillers);
 * meaningful: what is said changes (negation, numbers, dates, names, subject, modality,
 * tense, other words, a cut that drops "not" or a hedge).
 */
export interface Difference {
  severity: 'cosmetic' | 'meaningful';
  kind: DifferenceKind;
  stored: string[];
  claimed: string[];
}

/** The claimed speaker as the verdict needs it: whom it resolved to, and who is related through an organisation. */
export interface ClaimedSpeakers {
  /** Speakers the claim's name denotes (several when ambiguous; none when nobody is known by it). */
  ids: ReadonlySet<number>;
  /** The name as the claim gives it (titles removed). */
  name: string;
  /** Speakers related to them through an organisation, with how ("Yury Ushakov, presidential aide of the Kremlin"). */
  related: ReadonlyMap<number, string>;
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
    subject_changed: 'The claim changes who or what the words are about',
    modality_changed: 'The claim changes how certain or binding it is (will, may, must…)',
    tense_changed: 'The claim changes the tense',
  }[change.code];
  return { code: change.code, message: `${what} (record: ${quoted(change.stored)}; claim: ${quoted(change.claimed)}).` };
}

/** Flags describing how the claim's words relate to one stored quote (speaker and dates aside). */
export function wordingFlags(claim: Claim, c: Comparison): Flag[] {
  const flags: Flag[] = [];
  if (c.cosmetic.length > 0) {
    flags.push({ code: 'cosmetic_differences', message: `Same words in another form: ${describeCosmetic(c)}.` });
  }
  if (c.relation === 'exact') {
    if (c.cosmetic.length > 0) return flags;
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

function describeCosmetic(c: Comparison): string {
  return c.cosmetic.map((d) => `${d.claimed ? `"${d.claimed}"` : 'nothing'} for "${d.stored || '—'}" (${d.kind})`).join('; ');
}

const KIND_OF_CHANGE: Record<string, DifferenceKind> = {
  negation_added: 'negation',
  negation_removed: 'negation',
  number_changed: 'number',
  date_changed: 'date',
  entity_changed: 'entity',
  subject_changed: 'subject',
  modality_changed: 'modality',
  tense_changed: 'tense',
};

/** How the claim differs from one stored quote, cosmetic and meaningful, meaningful first. */
export function differences(claim: Claim, c: Comparison): Difference[] {
  const out: Difference[] = [];
  const cosmetic = (kind: DifferenceKind, stored: string[] = [], claimed: string[] = []) => out.push({ severity: 'cosmetic', kind, stored, claimed });
  const meaningful = (kind: DifferenceKind, stored: string[], claimed: string[]) => out.push({ severity: 'meaningful', kind, stored, claimed });
  for (const change of c.edits?.changes ?? []) meaningful(KIND_OF_CHANGE[change.code] ?? 'wording', change.stored, change.claimed);
  if (c.relation === 'near' && c.edits !== null && c.edits.added.length + c.edits.removed.length > 0) {
    // Words changed beyond the named kinds still change what is said.
    meaningful('wording', c.edits.removed, c.edits.added);
  }
  if (c.cutWords.length > 0) meaningful('omission', c.cutWords, []);
  for (const d of c.cosmetic) cosmetic(d.kind, d.stored ? [d.stored] : [], d.claimed ? [d.claimed] : []);
  if (c.relation === 'exact' && c.cosmetic.length === 0) {
    const [a, b] = [claim.text.trim(), c.quote.text.trim()];
    if (c.punctuationDiffers) cosmetic('punctuation');
    else if (a !== b) {
      const [x, y] = [normalizeTypography(a), normalizeTypography(b)];
      if (x !== y && x.toLowerCase() !== y.toLowerCase()) cosmetic('typography');
      else if (x !== y || a.toLowerCase() !== b.toLowerCase()) cosmetic(x.toLowerCase() === y.toLowerCase() && x !== y ? 'case' : 'typography');
      else cosmetic('typography');
    }
  }
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function pickPrimary(relevant: readonly Comparison[], claimed: ClaimedSpeakers | null): Comparison | null {
  const best = relevant[0] ?? null;
  if (best === null || claimed === null) return best;
  // The same (or nearly the same) words can be on record for several speakers; prefer the claimed one, then a related one.
  for (const ids of [claimed.ids, claimed.related]) {
    const byClaimed = relevant.find((c) => ids.has(c.quote.speaker.id));
    if (byClaimed !== undefined && byClaimed.score >= best.score - THRESHOLDS.speakerTieBreak) return byClaimed;
  }
  return best;
}

/** A claim on record word for word (exact or contained) is no splice: only otherwise is one looked for. */
const spliceWanted = (primary: Comparison | null) => primary === null || (primary.relation !== 'exact' && primary.relation !== 'contained');

/** Whether `decide` looks for a splice among these comparisons (a caller may find their runs beforehand, `spliceRun`). */
export function looksForSplice(ranked: readonly Comparison[], claimed: ClaimedSpeakers | null): boolean {
  return spliceWanted(pickPrimary(ranked.filter((c) => c.relation !== 'distant'), claimed));
}

/**
 * The verdict from ranked comparisons (best first). `claimed` holds the ids
 * the claimed speaker resolves to (null when no speaker was claimed).
 * `runs`: `spliceRun` of each of `ranked`, when the caller found them already.
 */
export function decide(claim: Claim, ranked: readonly Comparison[], claimed: ClaimedSpeakers | null, runs?: readonly (SpliceRun | null)[]): Decision {
  const relevant = ranked.filter((c) => c.relation !== 'distant');
  const primary = pickPrimary(relevant, claimed);
  const splice = spliceWanted(primary) ? findSplice(claim, ranked, runs) : null;
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
  const relatedAs = claimed?.related.get(speaker.id);
  if (claimed !== null && !claimed.ids.has(speaker.id) && relatedAs === undefined) {
    const about = primary.quote.about !== null && claimed.ids.has(primary.quote.about.id) ? primary.quote.about : null;
    const nobody = claimed.ids.size === 0 ? ` Nobody known as "${claimed.name}" is on record here.` : '';
    return {
      verdict: 'misattributed',
      confidence: round(byRelation),
      explanation:
        about !== null
          ? `The record has ${relationWords} from ${speaker.name}, reporting about ${about.name}; they are not ${about.name}'s own words.`
          : `The record attributes ${relationWords} to ${speaker.name}, not to ${claimed.name}.${nobody}`,
      primary,
      splice: null,
    };
  }
  const via = relatedAs === undefined ? '' : ` On record as words of ${relatedAs}, not of ${claimed?.name ?? 'the claimed speaker'} by name.`;
  const decision = decideWording(primary, byRelation);
  return { ...decision, explanation: decision.explanation + via };
}

function decideWording(primary: Comparison, byRelation: number): Decision {
  const speaker = primary.quote.speaker;
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
    const form = primary.cosmetic.length > 0 ? ` Only their form differs: ${describeCosmetic(primary)}.` : '';
    return {
      verdict: 'accurate',
      confidence: primary.punctuationDiffers || primary.cosmetic.length > 0 ? 0.95 : 0.99,
      explanation: `${speaker.name} is on record saying these words.${form}`,
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
  // The meaningful differences lead: what the record says against what the claim says.
  const changes = meaningChanges.map((c) => `${c.code.replace('_', ' ')} (record: ${quoted(c.stored)}; claim: ${quoted(c.claimed)})`).join('; ');
  const words = primary.edits === null ? '' : ` (record: ${quoted(primary.edits.removed)}; claim: ${quoted(primary.edits.added)})`;
  return {
    verdict: 'altered',
    confidence: round(byRelation),
    explanation: changes
      ? `The claim changes what ${speaker.name} said: ${changes}.`
      : `Close to a quote by ${speaker.name}, but the words differ${words}.`,
    primary,
    splice: null,
  };
}

/** Flags that a speaker mismatch adds to a comparison. */
export function speakerFlags(c: Comparison, claimed: ClaimedSpeakers | null): Flag[] {
  const indirect: Flag[] =
    c.quote.kind === 'indirect' ? [{ code: 'indirect_speech', message: `Reported speech: the record paraphrases ${c.quote.speaker.name}.` }] : [];
  if (claimed === null || claimed.ids.has(c.quote.speaker.id)) return indirect;
  const relatedAs = claimed.related.get(c.quote.speaker.id);
  if (relatedAs !== undefined) {
    return [{ code: 'related_speaker', message: `On record as words of ${relatedAs}, related to ${claimed.name}.` }, ...indirect];
  }
  const flags: Flag[] = [{ code: 'different_speaker', message: `On record as ${c.quote.speaker.name}'s words, not ${claimed.name}'s.` }];
  if (c.quote.about !== null && claimed.ids.has(c.quote.about.id)) {
    flags.push({
      code: 'about_not_by',
      message: `These are ${c.quote.speaker.name}'s words about ${c.quote.about.name}, not ${c.quote.about.name}'s own.`,
    });
  }
  return flags;
}
