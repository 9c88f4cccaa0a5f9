import { AppError } from '../domain/errors.ts';
import type { QuoteKind, SearchHit } from '../domain/models.ts';
import { parseSearchQuery, SearchQueryError, type SearchQuery } from '../domain/search-query.ts';
import type { QuoteReadRepository, SearchFilters, SpeakerReadRepository } from '../repositories/ports.ts';
import { decodeCursor, encodeCursor, fingerprint } from './cursor.ts';

export interface SearchRequest {
  q?: string;
  speaker?: string;
  organization?: string;
  kind?: QuoteKind;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface SearchResult {
  items: SearchHit[];
  nextCursor: string | null;
}

function parseQuery(q: string | undefined): SearchQuery | null {
  if (q === undefined || q.trim() === '') return null;
  try {
    return parseSearchQuery(q);
  } catch (error) {
    if (error instanceof SearchQueryError) throw new AppError('invalid_search_query', error.message);
    throw error;
  }
}

export function searchQuotes(
  repos: { quotes: QuoteReadRepository; speakers: SpeakerReadRepository },
  request: SearchRequest,
): SearchResult {
  const query = parseQuery(request.q);
  const filters: SearchFilters = {};
  if (request.speaker !== undefined) filters.speakerIds = repos.speakers.resolveIds(request.speaker);
  if (request.organization !== undefined) filters.organization = request.organization;
  if (request.kind !== undefined) filters.kind = request.kind;
  if (request.from !== undefined) filters.from = request.from;
  if (request.to !== undefined) filters.to = request.to;

  const print = fingerprint({ query, speaker: request.speaker, filters: { ...filters, speakerIds: undefined } });
  const position =
    request.cursor === undefined ? { offset: 0, maxId: repos.quotes.maxId() } : decodeCursor(request.cursor, print);

  // One extra row tells whether another page exists without counting.
  const rows = repos.quotes.search({ query, filters, limit: request.limit + 1, offset: position.offset, maxId: position.maxId });
  const items = rows.slice(0, request.limit);
  const nextCursor =
    rows.length > request.limit
      ? encodeCursor({ offset: position.offset + request.limit, maxId: position.maxId, fingerprint: print })
      : null;
  return { items, nextCursor };
}
