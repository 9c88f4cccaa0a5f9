import { performance } from 'node:perf_hooks';
import { AppError } from '../domain/errors.ts';
import { highlight } from '../domain/highlight.ts';
import { withInflections } from '../domain/inflection.ts';
import type { Affiliation, SearchHit, SpeakerSummary } from '../domain/models.ts';
import type { QuoteStatus } from '../domain/status.ts';
import { formatSearchQuery, parseSearchQuery, SearchQueryError, type SearchQuery } from '../domain/search-query.ts';
import type {
  MatchEstimate,
  FacetCounts,
  FacetName,
  QuoteReadRepository,
  SearchFilters,
  SearchOrder,
  SearchScope,
  SpeakerReadRepository,
} from '../storage/ports/index.ts';
import { fingerprint, type CursorCodec } from './cursor.ts';
import { findSpeakerInQuery, type NameInQuery } from './speaker-names.ts';
import { mapInTurns, yieldIfLong } from '../turns.ts';

/** Filters passed through as given; speaker and organisation are names here, resolved to ids for the repository. */
type PlainFilters = Pick<SearchFilters, 'outlet' | 'language' | 'kind' | 'from' | 'to' | 'publishedFrom' | 'publishedTo' | 'evidence'>;

export interface SearchRequest extends PlainFilters {
  q?: string;
  speaker?: string;
  organization?: string;
  /** Statuses to show; default the standing ones (SearchFilters.statuses). */
  status?: readonly QuoteStatus[];
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
  /** About how many quotes match (an upper bound, or "more than" it); null when the index was not consulted. */
  estimate: MatchEstimate | null;
  facets?: FacetCounts;
  /** A speaker's name found in `q` (without a speaker filter): how it was read. */
  speakerMatch: SpeakerMatch | null;
  /** Milliseconds spent in the database (for the Server-Timing header). */
  dbMs: number;
}

/**
 * applied: the results are the speaker's quotes matching the other words;
 * ambiguous: the name fits several speakers (listed), the results are the words searched as text;
 * no_quotes: none of the speaker's quotes match, the results are the words searched as text.
 */
export type SpeakerMatchStatus = 'applied' | 'ambiguous' | 'no_quotes';

export interface SpeakerMatch {
  /** The words read as a name, folded, titles included ("mr ushakov"). */
  text: string;
  status: SpeakerMatchStatus;
  speakers: (SpeakerSummary & { affiliations: Affiliation[] })[];
  /** The words searched besides the name (query language); null when the name was all of it. */
  otherWords: string | null;
  /** The query that reads the name's words as text instead (they are quoted, and quoted words are never names). */
  asText: string;
}

/**
 * Above this many (estimated) matches, results come newest-recorded first
 * instead of ranked or date-sorted: ranking costs ~1–1.5 µs per matching row,
 * so this keeps every query inside its ~50 ms budget (docs/benchmarks-history.md, "Search").
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
    return parseSearchQuery(q);
  } catch (error) {
    if (error instanceof SearchQueryError) throw new AppError('invalid_search_query', error.message);
    throw error;
  }
}

async function filtersOf(repos: Repos, request: SearchRequest): Promise<SearchFilters> {
  const filters: SearchFilters = {};
  if (request.speaker !== undefined) filters.speakerIds = await repos.speakers.resolveIds(request.speaker);
  if (request.organization !== undefined) filters.organizationIds = await repos.speakers.resolveOrganizationIds(request.organization);
  if (request.outlet !== undefined) filters.outlet = request.outlet;
  if (request.language !== undefined) filters.language = request.language;
  if (request.kind !== undefined) filters.kind = request.kind;
  if (request.from !== undefined) filters.from = request.from;
  if (request.to !== undefined) filters.to = request.to;
  if (request.publishedFrom !== undefined) filters.publishedFrom = request.publishedFrom;
  if (request.publishedTo !== undefined) filters.publishedTo = request.publishedTo;
  if (request.evidence !== undefined) filters.evidence = request.evidence;
  if (request.status !== undefined) filters.statuses = request.status;
  return filters;
}

/** The order to run: the one asked for, unless the matches are too many to sort within budget. */
export function chooseOrder(requested: 'relevance' | 'date', hasText: boolean, estimate: MatchEstimate | null): SearchOrder {
  const wanted: SearchOrder = requested === 'relevance' && hasText ? 'relevance' : 'date';
  // Without the index (estimate null) the date order walks the filedOn index: no sort needed.
  if (estimate === null && wanted === 'date') return 'date';
  const limit = wanted === 'relevance' ? RANK_LIMIT : DATE_SORT_LIMIT;
  return estimate !== null && !estimate.more && estimate.count <= limit ? wanted : 'recent';
}

const ORDER_CODES: readonly SearchOrder[] = ['relevance', 'date', 'recent'];

/** One way of running the request: its words (inflected), filters and what binds its cursors. */
interface Reading {
  query: SearchQuery | null;
  filters: SearchFilters;
  print: string;
}

function reading(request: SearchRequest, query: SearchQuery | null, filters: SearchFilters, speakerId: number | null, requested: string): Reading {
  const print = fingerprint({
    query,
    speaker: request.speaker,
    organization: request.organization,
    nameAsSpeaker: speakerId,
    filters: { ...filters, speakerIds: undefined, organizationIds: undefined },
    sort: requested,
  });
  return { query: query === null ? null : withInflections(query), filters, print };
}

/** Speakers listed for an ambiguous name, at most (lowest ids first). */
const MAX_LISTED = 20;

async function speakerMatch(repos: Repos, found: NameInQuery, status: SpeakerMatchStatus): Promise<SpeakerMatch> {
  const summaries = await repos.speakers.summaries(found.speakerIds.slice(0, MAX_LISTED));
  return {
    text: found.text,
    status,
    speakers: await Promise.all(summaries.map(async (s) => ({ ...s, affiliations: await repos.speakers.affiliations(s.id) }))),
    otherWords: found.rest === null ? null : formatSearchQuery(found.rest),
    asText: formatSearchQuery(found.asText),
  };
}

/**
 * Searches quotes. A speaker named in the words (when no speaker filter is
 * given) becomes the speaker filter, the other words the text searched:
 * "Ushakov North Korea" is Yury Ushakov's quotes matching "North Korea". A
 * name that fits several speakers, or whose speaker has no matching quote,
 * is searched as text, and the answer says so (speakerMatch).
 */
export async function searchQuotes(repos: Repos, request: SearchRequest): Promise<SearchResult> {
  const started = performance.now();
  const parsed = parseQuery(request.q);
  const filters = await filtersOf(repos, request);
  const requested = request.sort ?? (parsed === null ? 'date' : 'relevance');
  const asText = reading(request, parsed, filters, null, requested);

  const found = parsed === null || request.speaker !== undefined ? null : await findSpeakerInQuery(repos.speakers, parsed);
  const speakerId = found?.speakerIds.length === 1 ? (found.speakerIds[0] as number) : null;
  const bySpeaker =
    found === null || speakerId === null
      ? null
      : reading(request, found.rest, { ...filters, speakerIds: [speakerId] }, speakerId, requested);

  let outcome = bySpeaker === null ? await run(repos, request, asText, requested) : await runOrNull(repos, request, bySpeaker, requested);
  let status: SpeakerMatchStatus = speakerId === null ? 'ambiguous' : 'applied';
  if (outcome === null) {
    // The speaker has no quote with these words: the words as text, as if no name had been read.
    outcome = await run(repos, request, asText, requested);
    status = 'no_quotes';
  }
  const match = found === null ? null : await speakerMatch(repos, found, status);
  return { ...outcome, speakerMatch: match, dbMs: performance.now() - started };
}

/**
 * What a search's request matches, read as `searchQuotes` reads it (a speaker named in the words becomes the
 * speaker filter when that speaker has a matching quote), without running a page: for readers that go
 * through every match themselves (export).
 */
export async function searchScopeOf(repos: Repos, request: Omit<SearchRequest, 'limit' | 'cursor'>): Promise<Pick<SearchScope, 'query' | 'filters'>> {
  const parsed = parseQuery(request.q);
  const filters = await filtersOf(repos, { ...request, limit: 1 });
  const asText = { query: parsed === null ? null : withInflections(parsed), filters };
  const found = parsed === null || request.speaker !== undefined ? null : await findSpeakerInQuery(repos.speakers, parsed);
  const speakerId = found?.speakerIds.length === 1 ? (found.speakerIds[0] as number) : null;
  if (found === null || speakerId === null) return asText;
  const bySpeaker = { query: found.rest === null ? null : withInflections(found.rest), filters: { ...filters, speakerIds: [speakerId] } };
  const maxId = await repos.quotes.maxId();
  const any = await repos.quotes.search({ ...bySpeaker, maxId, order: 'recent', limit: 1, offset: 0 });
  return any.length > 0 ? bySpeaker : asText;
}

type Outcome = Omit<SearchResult, 'speakerMatch' | 'dbMs'>;

/** The reading's page, or null when it finds nothing on a first page or its cursor is another reading's. */
async function runOrNull(repos: Repos, request: SearchRequest, r: Reading, requested: 'relevance' | 'date'): Promise<Outcome | null> {
  if (request.cursor !== undefined) {
    try {
      repos.cursors.decode(request.cursor, r.print);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_cursor') return null;
      throw error;
    }
  }
  const outcome = await run(repos, request, r, requested);
  return request.cursor === undefined && outcome.items.length === 0 ? null : outcome;
}

async function run(repos: Repos, request: SearchRequest, r: Reading, requested: 'relevance' | 'date'): Promise<Outcome> {
  const { query, filters, print } = r;
  // Counted as far as the largest limit below needs: beyond it only "more" matters.
  const estimate = await repos.quotes.estimateMatches({ query, filters }, Math.max(RANK_LIMIT, DATE_SORT_LIMIT));
  let position: { offset: number; maxId: number; order: SearchOrder };
  if (request.cursor === undefined) {
    position = { offset: 0, maxId: await repos.quotes.maxId(), order: chooseOrder(requested, query !== null, estimate) };
  } else {
    // Later pages keep the first page's snapshot and order, so results never shift between pages.
    const state = repos.cursors.decode(request.cursor, print);
    const order = ORDER_CODES[state.mode];
    if (order === undefined) throw new AppError('invalid_cursor', 'The cursor is not one this API issued.');
    position = { offset: state.offset, maxId: state.maxId, order };
  }

  const scope = { query, filters, maxId: position.maxId };
  // Each read below may take a few ms here (longer ones run off this thread): the event loop runs between them when they add up.
  await yieldIfLong();
  // One extra row tells whether another page exists without counting.
  const rows = await repos.quotes.search({ ...scope, order: position.order, limit: request.limit + 1, offset: position.offset });
  await yieldIfLong();
  const facets = request.facets === undefined || request.facets.length === 0 ? undefined : await repos.quotes.facets(scope, request.facets, FACET_SAMPLE);

  // Each row is the repository's own, made for this page: its highlight is added to it rather than to a copy (less garbage per hit).
  const items = await mapInTurns(rows.slice(0, request.limit), (row): SearchHit => Object.assign(row, highlight(row.text, query)));
  const nextCursor =
    rows.length > request.limit && position.offset + request.limit < MAX_RESULT_WINDOW
      ? repos.cursors.encode({
          offset: position.offset + request.limit,
          maxId: position.maxId,
          fingerprint: print,
          mode: ORDER_CODES.indexOf(position.order),
        })
      : null;
  return { items, nextCursor, order: position.order, estimate, ...(facets === undefined ? {} : { facets }) };
}
