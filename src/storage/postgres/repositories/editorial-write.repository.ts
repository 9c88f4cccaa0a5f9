import { AppError } from '../../../domain/errors.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import { statusAfter, statusAfterCorrection, type QuoteStatus, type ReviewDecision, type StatusAction } from '../../../domain/status.ts';
import type { EditorialWriteRepository, QuotePatch, RevisionNote, RevisionRecord } from '../../ports/index.ts';
import { changesBetween, checkedReason, occurrenceField, patchValues } from '../../quote-fields.ts';
import { row, value, type Connections, type WriteContext } from '../connection.ts';
import type { QuoteCorrections } from './quote-corrections.ts';
import type { RevisionWrites } from './revisions.ts';

const SQL = {
  occurrence: 'SELECT quote_id, status FROM occurrence WHERE id = $1 FOR UPDATE',
  // Evidence of the quote that still stands or waits, besides this occurrence.
  otherEvidence: `SELECT count(*)::int FROM occurrence WHERE quote_id = $1 AND id <> $2 AND status IN ('active', 'needs_review')`,
  // The status a withdrawn quote had before its last withdrawal, from its history.
  beforeWithdrawal: `SELECT changes->'status'->>'before' FROM revision
    WHERE entity_type = 'quote' AND entity_id = $1 AND changes->'status'->>'after' = $2 ORDER BY id DESC LIMIT 1`,
} as const;

/**
 * Corrections on the record: one transaction each, the change and its revision together (revisions.ts); the
 * quote's row is locked first, so concurrent corrections of one quote follow one another. The same rules as
 * the SQLite backend's SqliteEditorialWriteRepository.
 */
export class PostgresEditorialWriteRepository implements EditorialWriteRepository {
  constructor(
    private readonly connections: Connections,
    private readonly revisions: RevisionWrites,
    private readonly quotes: QuoteCorrections,
  ) {}

  undoRevision(revisionId: number, note: RevisionNote): Promise<RevisionRecord> {
    return this.connections.transaction((ctx) => this.revisions.undo(ctx, revisionId, note.reason));
  }

  updateQuote(id: number, patch: QuotePatch, note: RevisionNote): Promise<boolean> {
    return this.connections.transaction(async (ctx) => {
      const wanted = patchValues(patch);
      const current = await this.locked(ctx, id, [...Object.keys(wanted), 'status']);
      if (current === null) return false;
      if (Object.keys(changesBetween(current, wanted)).length === 0) return true;
      const status = statusAfterCorrection(current.status as QuoteStatus);
      await this.record(ctx, id, current, { ...wanted, status }, patch.speaker === undefined ? 'updated' : 'speaker_changed', note.reason);
      return true;
    });
  }

  changeQuoteStatus(quoteId: number, action: StatusAction, note: RevisionNote): Promise<RevisionRecord> {
    return this.connections.transaction(async (ctx) => {
      const current = await this.locked(ctx, quoteId, ['status']);
      if (current === null) throw new AppError('not_found', `No quote with id "${quoteId}".`);
      const status = current.status as QuoteStatus;
      const restoreTo = ((await value<string>(ctx.client, SQL.beforeWithdrawal, [quoteId, status])) as QuoteStatus | null) ?? 'active';
      const next = statusAfter(action, status, restoreTo);
      if ('refused' in next) throw new AppError(next.refused, next.why, { status });
      return (await this.record(ctx, quoteId, current, { status: next.status }, next.revision, note.reason)) as RevisionRecord;
    });
  }

  reviewOccurrence(occurrenceId: number, decision: ReviewDecision, note: RevisionNote, fix?: QuotePatch): Promise<RevisionRecord> {
    return this.connections.transaction(async (ctx) => {
      const occurrence = await row<{ quote_id: number; status: string }>(ctx.client, SQL.occurrence, [occurrenceId]);
      if (occurrence === null) throw new AppError('not_found', `No occurrence with id "${occurrenceId}".`);
      if (occurrence.status === 'rejected') throw new AppError('already_rejected', `Occurrence #${occurrenceId} was rejected already.`);
      if (occurrence.status !== 'needs_review') throw new AppError('not_in_review', `Occurrence #${occurrenceId} is ${occurrence.status}, not waiting for review.`);
      const quoteId = occurrence.quote_id;
      const wanted: Record<string, RevisionValue> = { ...(fix === undefined ? {} : patchValues(fix)) };
      wanted[occurrenceField(occurrenceId, 'status')] = decision === 'accept' ? 'active' : 'rejected';
      const current = (await this.locked(ctx, quoteId, [...Object.keys(wanted), 'status'])) as Record<string, RevisionValue>;
      const status = current.status as QuoteStatus;
      const corrected = Object.keys(changesBetween(current, wanted)).length > 1;
      if (decision === 'accept' && status === 'needs_review') wanted.status = corrected ? 'corrected' : 'active';
      else if (decision === 'accept' && corrected) wanted.status = statusAfterCorrection(status);
      const noOtherEvidence = (await value<number>(ctx.client, SQL.otherEvidence, [quoteId, occurrenceId])) === 0;
      if (decision === 'reject' && status === 'needs_review' && noOtherEvidence) wanted.status = 'rejected';
      const action = decision === 'reject' ? 'rejected' : corrected ? 'fixed' : 'accepted';
      return (await this.record(ctx, quoteId, current, wanted, action, note.reason)) as RevisionRecord;
    });
  }

  /** The fields' current values, the quote's row locked for the rest of the transaction; null when no such quote. */
  private async locked(ctx: WriteContext, id: number, fields: readonly string[]): Promise<Record<string, RevisionValue> | null> {
    if ((await value<number>(ctx.client, 'SELECT id FROM quote WHERE id = $1 FOR UPDATE', [id])) === null) return null;
    return this.quotes.current(ctx.client, id, fields);
  }

  /** Applies what differs and records it as one revision; null when nothing differs. */
  private async record(ctx: WriteContext, id: number, current: Record<string, RevisionValue>, wanted: Record<string, RevisionValue>, action: string, reason: string): Promise<RevisionRecord | null> {
    const changes = changesBetween(current, wanted);
    if (Object.keys(changes).length === 0) return null;
    const why = checkedReason(reason);
    await this.quotes.apply(ctx, id, Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.after])), why);
    return this.revisions.record(ctx, { entityType: 'quote', entityId: id, action, changes, reason: why });
  }
}
