/**
 * Where a quote (or one of its occurrences) stands on the record
 * (docs/editorial.md). Nothing is deleted: a quote found wrong is retracted
 * or rejected and stays, with who decided and why.
 *
 * - active: on the record, shown everywhere.
 * - needs_review: stored from an extraction below the review threshold;
 *   shown only where unreviewed quotes are asked for, until an editor accepts it.
 * - corrected: on the record, and an editor changed a fact of it (speaker,
 *   kind, date, venue) since it was stored; shown everywhere, with the correction.
 * - retracted: withdrawn by an editor, with a reason; hidden unless asked for.
 * - rejected: an unreviewed extraction an editor refused; hidden unless asked for.
 */
export const QUOTE_STATUSES = ['active', 'needs_review', 'corrected', 'retracted', 'rejected'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** Statuses that stand: what search, verify and pages show by default. */
export const STANDING_STATUSES = ['active', 'corrected'] as const satisfies readonly QuoteStatus[];

/** Statuses a quote leaves the record with: kept, hidden by default, never resurrected by a re-ingest. */
export const WITHDRAWN_STATUSES = ['retracted', 'rejected'] as const satisfies readonly QuoteStatus[];

export function isStanding(status: QuoteStatus): boolean {
  return (STANDING_STATUSES as readonly QuoteStatus[]).includes(status);
}

export function isWithdrawn(status: QuoteStatus): boolean {
  return (WITHDRAWN_STATUSES as readonly QuoteStatus[]).includes(status);
}

/** Below this confidence an attribution is never presented as settled: the default of REVIEW_CONFIDENCE_THRESHOLD. */
export const DEFAULT_REVIEW_THRESHOLD = 0.8;

/**
 * The status an attribution is stored with: below the review threshold
 * (REVIEW_CONFIDENCE_THRESHOLD) it waits for an editor. Decided where it is
 * written, so every importer that gives a confidence gets the same.
 */
export function statusOnArrival(confidence: number, reviewBelow: number): 'active' | 'needs_review' {
  return confidence < reviewBelow ? 'needs_review' : 'active';
}

/** The last editorial decision on a status: what pages and answers say about it ("retracted by … on …: …"). */
export interface StatusNote {
  /** Why, in the editor's words. */
  reason: string;
  /** When (ISO timestamp). */
  changedAt: string;
  /** The key name of who decided ("seed" / "cli" outside the API). */
  changedBy: string;
}

/** An occurrence's status: the same words, less "corrected" (a correction is of the quote). */
export const OCCURRENCE_STATUSES = ['active', 'needs_review', 'retracted', 'rejected'] as const satisfies readonly QuoteStatus[];
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

/** What an editor can do to a quote's status directly (review decisions are per occurrence: ReviewDecision). */
export type StatusAction = 'retract' | 'restore';

/** What an editor decides on an unreviewed attribution. */
export type ReviewDecision = 'accept' | 'reject';

/**
 * The status a retraction or restoration leads to from `current`, or the
 * error code that refuses it. `restoreTo`: the status the quote had before
 * it was retracted (from its history). A rejection is a review decision on
 * evidence: it is undone, not restored.
 */
export function statusAfter(
  action: StatusAction,
  current: QuoteStatus,
  restoreTo: QuoteStatus,
): { status: QuoteStatus; revision: 'retracted' | 'restored' } | { refused: 'already_retracted' | 'status_conflict'; why: string } {
  if (action === 'retract') {
    if (current === 'retracted') return { refused: 'already_retracted', why: 'The quote is retracted already.' };
    if (current === 'rejected') return { refused: 'status_conflict', why: 'The quote was rejected in review: it is not on the record to retract.' };
    return { status: 'retracted', revision: 'retracted' };
  }
  if (current === 'rejected') {
    return { refused: 'status_conflict', why: 'The quote was rejected in review: undo that decision (POST /v1/revisions/{id}/undo), which puts its evidence back in the queue too.' };
  }
  if (current !== 'retracted') return { refused: 'status_conflict', why: `The quote is ${current}, not retracted: there is nothing to restore.` };
  return { status: restoreTo, revision: 'restored' };
}

/**
 * The status a corrected quote takes: a standing quote becomes corrected; an
 * unreviewed one stays unreviewed (only a review decision accepts it), a
 * withdrawn one withdrawn.
 */
export function statusAfterCorrection(current: QuoteStatus): QuoteStatus {
  return current === 'active' ? 'corrected' : current;
}
