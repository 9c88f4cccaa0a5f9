/**
 * Turns the score of the rules that attributed a quote into a probability that the attribution
 * is right, from how often attributions with the same evidence were right on annotated news
 * (the table is learned by `npm run train:extractor`).
 */
import { CALIBRATION } from './confidence.table.ts';
import type { ExtractedQuote } from './extraction.types.ts';

/** Below this calibrated confidence an attribution is flagged for review (and stored as needs_review). */
export { DEFAULT_REVIEW_THRESHOLD } from '../domain/status.ts';

/** How much a rule's own score weighs against the table, in pseudo-observations (rare evidence keeps near it). */
const PRIOR_WEIGHT = 4;

type Evidence = Pick<ExtractedQuote, 'kind' | 'confidence' | 'cue'> & { speaker: Pick<ExtractedQuote['speaker'], 'mention'> };

function mentionType(q: Evidence): string {
  const text = q.speaker.mention?.text;
  if (text === undefined) return 'none';
  if (/^(?:he|she|they|it|we|i)$/iu.test(text)) return 'pronoun';
  if (/^(?:the|a|an|one)\s/u.test(text)) return 'description';
  return 'name';
}

/** What the calibration table is keyed by: quote kind, the rules' score, how the speaker is named, whether a cue was read. */
export function evidenceKey(q: Evidence): string {
  return `${q.kind}|${q.confidence.toFixed(2)}|${mentionType(q)}|${q.cue === null ? 'nocue' : 'cue'}`;
}

/** The calibrated probability that this attribution (quote with speaker) is right. */
export function calibratedConfidence(q: Evidence): number {
  const [right, total] = CALIBRATION[evidenceKey(q)] ?? [0, 0];
  return (right + PRIOR_WEIGHT * q.confidence) / (total + PRIOR_WEIGHT);
}
