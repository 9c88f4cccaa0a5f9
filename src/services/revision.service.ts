import { notFound } from '../domain/errors.ts';
import type { RevisionEntityType, RevisionRecord } from '../domain/revision.ts';
import type { Repositories } from '../storage/ports/index.ts';
import { fingerprint, type CursorCodec } from './cursor.ts';

export interface HistoryPage {
  revisions: RevisionRecord[];
  nextCursor: string | null;
}

/**
 * One page of an entity's revisions, newest first. The cursor is signed like
 * search's (cursor.ts): it carries the last id shown, bound to the entity.
 */
export async function historyPage(
  repos: Pick<Repositories, 'revisions'>,
  cursors: CursorCodec,
  entityType: RevisionEntityType,
  entityId: number,
  request: { limit: number; cursor?: string | undefined },
): Promise<HistoryPage> {
  const bound = fingerprint(['history', entityType, entityId]);
  const beforeId = request.cursor === undefined ? undefined : cursors.decode(request.cursor, bound).maxId;
  // One more than asked: whether a next page exists without a second query.
  const rows = await repos.revisions.history(entityType, entityId, { limit: request.limit + 1, ...(beforeId === undefined ? {} : { beforeId }) });
  const revisions = rows.slice(0, request.limit);
  const last = revisions.at(-1);
  const nextCursor = rows.length > request.limit && last !== undefined ? cursors.encode({ offset: 0, maxId: last.id, fingerprint: bound, mode: 0 }) : null;
  return { revisions, nextCursor };
}

/** A quote's history: 404 when no quote has this id. */
export async function quoteHistory(
  repos: Pick<Repositories, 'revisions' | 'quotes'>,
  cursors: CursorCodec,
  quoteId: number,
  request: { limit: number; cursor?: string | undefined },
): Promise<HistoryPage> {
  if ((await repos.quotes.findById(quoteId)) === null) throw notFound('quote', quoteId);
  return historyPage(repos, cursors, 'quote', quoteId, request);
}

/** Reverts a revision, as a revision of its own (EditorialWriteRepository.undoRevision). */
export function undoRevision(repos: Pick<Repositories, 'writes'>, id: number, reason: string): Promise<RevisionRecord> {
  return repos.writes.undoRevision(id, { reason });
}
