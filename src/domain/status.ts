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

/** The last change of status: what pages and answers say about it. */
export interface StatusNote {
  status: QuoteStatus;
  /** Why, in the editor's words; null while nothing was decided (active as stored, needs_review). */
  reason: string | null;
  /** When the status last changed (ISO timestamp); null when it is the status it was stored with. */
  changedAt: string | null;
  /** The key name of whoever changed it ("seed" / "cli" outside the API); null as stored. */
  changedBy: string | null;
}
