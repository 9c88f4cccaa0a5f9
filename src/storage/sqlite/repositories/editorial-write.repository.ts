import type { SqlWriter, WriteContext } from '../sql-writer.ts';
import { AppError } from '../../../domain/errors.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import { statusAfter, statusAfterCorrection, type QuoteStatus, type ReviewDecision, type StatusAction } from '../../../domain/status.ts';
import type { EditorialWriteRepository, QuotePatch, RevisionNote, RevisionRecord } from '../../ports/index.ts';
import { changesBetween, checkedReason, occurrenceField, patchValues } from '../../quote-fields.ts';
import type { QuoteCorrections } from './quote-corrections.ts';
import type { RevisionWrites } from './revision-writes.ts';
import type { WriteStatements } from './write-statements.ts';

const SQL = {
  occurrence: 'SELECT quoteId, status FROM Occurrence WHERE id = ?',
  // Evidence of the quote that still stands or waits, besides this occurrence.
  otherEvidence: `SELECT COUNT(*) FROM Occurrence WHERE quoteId = ? AND id <> ? AND status IN ('active', 'needs_review')`,
  // The status a withdrawn quote had before its last withdrawal, from its history.
  beforeWithdrawal: `SELECT json_extract(changes, '$.status.before') FROM Revision
    WHERE entityType = 'quote' AND entityId = ? AND json_extract(changes, '$.status.after') = ? ORDER BY id DESC LIMIT 1`,
} as const;

/**
 * Corrections on the record: one transaction each on the one write
 * connection, the change and its revision (revision-writes.ts) together. The
 * quote's fields are read and set by QuoteCorrections, the same code an undo
 * runs.
 */
export class SqliteEditorialWriteRepository implements EditorialWriteRepository {
  constructor(
    private readonly writer: SqlWriter,
    private readonly sql: WriteStatements,
    private readonly revisions: RevisionWrites,
    private readonly quotes: QuoteCorrections,
  ) {}

  undoRevision(revisionId: number, note: RevisionNote): Promise<RevisionRecord> {
    return this.writer.write((ctx) => this.revisions.undo(ctx, revisionId, note.reason));
  }

  /** PATCH: false when no quote has this id; setting what is there records nothing. */
  updateQuote(id: number, patch: QuotePatch, note: RevisionNote): Promise<boolean> {
    return this.writer.write((ctx) => {
      const wanted = patchValues(patch);
      const current = this.quotes.current(id, [...Object.keys(wanted), 'status']);
      if (current === null) return false;
      this.correct(ctx, id, current, wanted, patch.speaker === undefined ? 'updated' : 'speaker_changed', note.reason);
      return true;
    });
  }

  changeQuoteStatus(quoteId: number, action: StatusAction, note: RevisionNote): Promise<RevisionRecord> {
    return this.writer.write((ctx) => {
      const current = this.quotes.current(quoteId, ['status']);
      if (current === null) throw new AppError('not_found', `No quote with id "${quoteId}".`);
      const status = current.status as QuoteStatus;
      const restoreTo = (this.sql.cache.get(SQL.beforeWithdrawal).pluck().get(quoteId, status) as QuoteStatus | undefined) ?? 'active';
      const next = statusAfter(action, status, restoreTo);
      if ('refused' in next) throw new AppError(next.refused, next.why, { status });
      return this.record(ctx, quoteId, current, { status: next.status }, next.revision, note.reason) as RevisionRecord;
    });
  }

  reviewOccurrence(occurrenceId: number, decision: ReviewDecision, note: RevisionNote, fix?: QuotePatch): Promise<RevisionRecord> {
    return this.writer.write((ctx) => {
      const occurrence = this.sql.cache.get(SQL.occurrence).get(occurrenceId) as { quoteId: number; status: string } | undefined;
      if (occurrence === undefined) throw new AppError('not_found', `No occurrence with id "${occurrenceId}".`);
      if (occurrence.status === 'rejected') throw new AppError('already_rejected', `Occurrence #${occurrenceId} was rejected already.`);
      if (occurrence.status !== 'needs_review') throw new AppError('not_in_review', `Occurrence #${occurrenceId} is ${occurrence.status}, not waiting for review.`);
      const quoteId = occurrence.quoteId;
      const wanted: Record<string, RevisionValue> = { ...(fix === undefined ? {} : patchValues(fix)) };
      wanted[occurrenceField(occurrenceId, 'status')] = decision === 'accept' ? 'active' : 'rejected';
      const current = this.quotes.current(quoteId, [...Object.keys(wanted), 'status']) as Record<string, RevisionValue>;
      const status = current.status as QuoteStatus;
      const corrected = Object.keys(changesBetween(current, wanted)).length > 1;
      if (decision === 'accept' && status === 'needs_review') wanted.status = corrected ? 'corrected' : 'active';
      else if (decision === 'accept' && corrected) wanted.status = statusAfterCorrection(status);
      const noOtherEvidence = (this.sql.cache.get(SQL.otherEvidence).pluck().get(quoteId, occurrenceId) as number) === 0;
      if (decision === 'reject' && status === 'needs_review' && noOtherEvidence) wanted.status = 'rejected';
      const action = decision === 'reject' ? 'rejected' : corrected ? 'fixed' : 'accepted';
      return this.record(ctx, quoteId, current, wanted, action, note.reason) as RevisionRecord;
    });
  }

  /** A correction of facts: the quote turns corrected with it (statusAfterCorrection). */
  private correct(ctx: WriteContext, id: number, current: Record<string, RevisionValue>, wanted: Record<string, RevisionValue>, action: string, reason: string): void {
    if (Object.keys(changesBetween(current, wanted)).length === 0) return;
    const status = statusAfterCorrection(current.status as QuoteStatus);
    this.record(ctx, id, current, { ...wanted, status }, action, reason);
  }

  /** Applies what differs and records it as one revision; null when nothing differs. */
  private record(ctx: WriteContext, id: number, current: Record<string, RevisionValue>, wanted: Record<string, RevisionValue>, action: string, reason: string): RevisionRecord | null {
    const changes = changesBetween(current, wanted);
    if (Object.keys(changes).length === 0) return null;
    const why = checkedReason(reason);
    this.quotes.apply(ctx, id, Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.after])), why);
    return this.revisions.record(ctx, { entityType: 'quote', entityId: id, action, changes, reason: why });
  }
}
