import type { ReviewItem, Repositories } from '../storage/ports/index.ts';
import { fingerprint, type CursorCodec } from './cursor.ts';

export interface ReviewRequest {
  speaker?: string | undefined;
  document?: number | undefined;
  minConfidence?: number | undefined;
  maxConfidence?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface ReviewPage {
  queue: ReviewItem[];
  nextCursor: string | null;
}

/**
 * The attributions waiting for review, oldest first. The signed cursor (as
 * search's, cursor.ts) carries the last occurrence shown, bound to the filters.
 */
export async function reviewQueue(repos: Pick<Repositories, 'quotes' | 'speakers'>, cursors: CursorCodec, request: ReviewRequest): Promise<ReviewPage> {
  const { limit, cursor, ...filters } = request;
  const bound = fingerprint(['review', filters]);
  const afterId = cursor === undefined ? undefined : cursors.decode(cursor, bound).maxId;
  const rows = await repos.quotes.reviewQueue({
    limit: limit + 1,
    ...(afterId === undefined ? {} : { afterId }),
    ...(filters.speaker === undefined ? {} : { speakerIds: await repos.speakers.resolveIds(filters.speaker) }),
    ...(filters.document === undefined ? {} : { documentId: filters.document }),
    ...(filters.minConfidence === undefined ? {} : { minConfidence: filters.minConfidence }),
    ...(filters.maxConfidence === undefined ? {} : { maxConfidence: filters.maxConfidence }),
  });
  const queue = rows.slice(0, limit);
  const last = queue.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? cursors.encode({ offset: 0, maxId: last.occurrenceId, fingerprint: bound, mode: 0 }) : null;
  return { queue, nextCursor };
}
