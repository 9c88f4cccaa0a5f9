import { performance } from 'node:perf_hooks';
import { AppError } from '../domain/errors.ts';
import { highlight } from '../domain/highlight.ts';
import { withInflections } from '../domain/inflection.ts';
import type { SearchHit } from '../domain/models.ts';
import { parseSearchQuery, SearchQueryError, type SearchQuery } from '../domain/search-query.ts';
import type {
  FacetCounts,
  FacetName,
  QuoteReadRepository,
  SearchFilters,
  SearchOrder,
  SpeakerReadRepository,
} from '../repositories/ports.ts';
import { fingerprint, type CursorCodec } from './cursor.ts';

/** Filters passed through as given; speaker and organisation are names here, resolved to ids for the repository. */
type PlainFilters = Pick<SearchFilters, 'outlet' | 'language' | 'kind' | 'from' | 'to' | 'publishedFrom' | 'publishedTo'>;

export interface SearchRequest extends PlainFilters {
  q?: string;
  speaker?: string;
  organization?: string;
  sort?: 'relevance' | 'date';
  facets?: FacetName[];
  limit: number;
  cursor?: string;
}

export interface SearchResult {
  items: SearchHit[];
  nextCursor: string | null;
  /** The order actually used: `recent` replaces the one asked for when the match set is too large to sort in budget. */
  order: SearchOrder;
  /** Upper bound of the matches from index statistics; null when the index was not consulted. */
  estimatedMatches: number | null;
  facets?: FacetCounts;
  /** Milliseconds spent in the database (for the Server-Timing header). */
  dbMs: number;
}

/**
 * Above this many (estimated) matches, results come newest-recorded first
 * instead of ranked or date-sorted: ranking costs ~1–1.5 µs per matching row,
 * so this keeps every query inside its ~50 ms budget (BENCHMARKS.md, "Search").
 */
export const RANK_LIMIT = 20_000;
/** Sorting unranked matches by date joins each one to its row (~2.4 µs at 1M quotes): a lower limit. */
export const DATE_SORT_LIMIT = 5_000;
/** Facets count at most this many matches (the most recent); `sampled` says when they did. */
export const FACET_SAMPLE = 1_000;

/**
 * Deepest result reachable by paging: no cursor is issued past it. Each page
 * costs its offset in skipped rows, so this bounds the cost of any page.
 */
export const MAX_RESULT_WINDOW = 10_000;

type Repos = { quotes: QuoteReadRepository; speakers: SpeakerReadRepository; cursors: CursorCodec };

function parseQuery(q: string | undefined): SearchQuery | null {
  if (q === undefined || q.trim() === '') return null;
  try {
    return withInflections(parseSearchQuery(q));
  } catch (error) {
    if (error instanceof SearchQueryError) throw new AppError('invalid_search_query', error.message);
    throw error;
  }
}

function filtersOf(repos: Repos, request: SearchRequest): SearchFilters {
  const filters: SearchFilters = {};
  if (request.speaker !== undefined) filters.speakerIds = repos.speakers.resolveIds(request.speaker);
  if (request.organization !== undefined) filters.organizationIds = repos.speakers.resolveOrganizationIds(request.organization);
  if (request.outlet !== undefined) filters.outlet = request.outlet;
  if (request.language !== undefined) filters.language = request.language;
  if (request.kind !== undefined) filters.kind = request.kind;
  if (request.from !== undefined) filters.from = request.from;
  if (request.to !== undefined) filters.to = request.to;
  if (request.publishedFrom !== undefined) filters.publishedFrom = request.publishedFrom;
  if (request.publishedTo !== undefined) filters.publishedTo = request.publishedTo;
  return filters;
}

/** The order to run: the one asked for, unless the matches are too many to sort within budget. */
export function chooseOrder(requested: 'relevance' | 'date', hasText: boolean, estimate: number | null): SearchOrder {
  const wanted: SearchOrder = requested === 'relevance' && hasText ? 'relevance' : 'date';
  // Without the index (estimate null) the date order walks the filedOn index: no sort needed.
  if (estimate === null && wanted === 'date') return 'date';
  const limit = wanted === 'relevance' ? RANK_LIMIT : DATE_SORT_LIMIT;
  return estimate !== null && estimate <= limit ? wanted : 'recent';
}

const ORDER_CODES: readonly SearchOrder[] = ['relevance', 'date', 'recent'];

export function searchQuotes(repos: Repos, request: SearchRequest): SearchResult {
  const started = performance.now();
  const query = parseQuery(request.q);
  const filters = filtersOf(repos, request);
  const requested = request.sort ?? (query === null ? 'date' : 'relevance');

  const print = fingerprint({
    query,
    speaker: request.speaker,
    organization: request.organization,
    filters: { ...filters, speakerIds: undefined, organizationIds: undefined },
    sort: requested,
  });
  const estimatedMatches = repos.quotes.estimateMatches({ query, filters });
  let position: { offset: number; maxId: number; order: SearchOrder };
  if (request.cursor === undefined) {
    position = { offset: 0, maxId: repos.quotes.maxId(), order: chooseOrder(requested, query !== null, estimatedMatches) };
  } else {
    // Later pages keep the first page's snapshot and order, so results never shift between pages.
    const state = repos.cursors.decode(request.cursor, print);
    const order = ORDER_CODES[state.mode];
    if (order === undefined) throw new AppError('invalid_cursor', 'The cursor is not one this API issued.');
    position = { offset: state.offset, maxId: state.maxId, order };
  }

  const scope = { query, filters, maxId: position.maxId };
  // One extra row tells whether another page exists without counting.
  const rows = repos.quotes.search({ ...scope, order: position.order, limit: request.limit + 1, offset: position.offset });
  const facets = request.facets === undefined || request.facets.length === 0 ? undefined : repos.quotes.facets(scope, request.facets, FACET_SAMPLE);
  const dbMs = performance.now() - started;

  const items = rows.slice(0, request.limit).map((row) => ({ ...row, ...highlight(row.text, query) }));
  const nextCursor =
    rows.length > request.limit && position.offset + request.limit < MAX_RESULT_WINDOW
      ? repos.cursors.encode({
          offset: position.offset + request.limit,
          maxId: position.maxId,
          fingerprint: print,
          mode: ORDER_CODES.indexOf(position.order),
        })
      : null;
  return { items, nextCursor, order: position.order, estimatedMatches, ...(facets === undefined ? {} : { facets }), dbMs };
}
