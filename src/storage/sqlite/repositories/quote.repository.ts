import type { SqlConnection } from '../database.ts';
import { AppError } from '../../../domain/errors.ts';
import type { Citation, Occurrence, QuoteDetail, QuoteLink, QuoteRecord, Relay, VariantLinks } from '../../../domain/models.ts';
import { MAX_PREFIX_EXPANSION, type SearchQuery, type SearchTerm } from '../../../domain/search-query.ts';
import { QUOTE_STATUSES, STANDING_STATUSES, WITHDRAWN_STATUSES, type OccurrenceStatus } from '../../../domain/status.ts';
import type {
  FacetCounts,
  FacetName,
  MatchEstimate,
  QuoteReadRepository,
  ReviewItem,
  ReviewQueueRequest,
  SearchFilters,
  SearchOrder,
  SearchPage,
  SearchRow,
  SearchScope,
} from '../../ports/index.ts';
import { excludedStatusTokens, matchExpression, statusesOf, tagFilters, type TagFilter, type TagFilterName } from '../search/fts-query.ts';
import {
  asAttributedBy,
  DOCUMENT_COLUMNS,
  QUOTE_COLUMNS,
  QUOTE_JOINS,
  toDocument,
  toOrganization,
  toQuote,
  toStatusNote,
  type DocumentRow,
  type QuoteRow,
} from './rows.ts';
import { columnIndex, StatementCache } from './statements.ts';
import type { Statement } from 'better-sqlite3';
import { FacetCounter, type MatchSource } from '../search/facet-counter.ts';
import { COUNT_MATCHES_SQL, countPrefixPairs, CREATE_WORDS_TABLE } from '../reader/read-calls.ts';
import type { ReadExecutor } from '../reader/reader-thread.ts';
import { expectedIn, MAX_SLICES, SLICE_SQL, sliceWithin } from '../search/newest-first.ts';

/**
 * The row's status is one of those shown (statusesOf): the check of a search without the index. The
 * statuses are written into the statement (a closed list: at most one statement per set of them); read
 * from a bound JSON array instead, the statement cost ~25 µs more (a newest-first page of a very common
 * word at 300k quotes: 172 µs against 145 µs of CPU).
 */
function statusIn(filters: SearchFilters): string {
  const shown = statusesOf(filters).filter((s) => QUOTE_STATUSES.includes(s));
  return `q.status IN (${shown.map((s) => `'${s}'`).join(', ')})`;
}

const WITHDRAWN_SQL = `(${WITHDRAWN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** The standing statuses as an SQL list: what a speaker's page lists. */
const STANDING_SQL = `(${STANDING_STATUSES.map((s) => `'${s}'`).join(', ')})`;

const FIRST_PUBLISHED = `(SELECT MIN(d3.publishedOn) FROM Occurrence o3
  JOIN Document d3 ON d3.id = o3.documentId WHERE o3.quoteId = q.id)`;

const PUBLISHED_IN_RANGE = `EXISTS (SELECT 1 FROM Occurrence o4 JOIN Document d4 ON d4.id = o4.documentId
  WHERE o4.quoteId = q.id AND d4.publishedOn >= @publishedFrom AND d4.publishedOn <= @publishedTo)`;

/** Filters the index cannot answer: date ranges and the kind of evidence, checked on each match. */
function rangeSql(filters: SearchFilters): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filters.from !== undefined) {
    where.push('q.filedOn >= @from');
    params.from = filters.from;
  }
  if (filters.to !== undefined) {
    where.push('q.filedOn <= @to');
    params.to = filters.to;
  }
  if (filters.publishedFrom !== undefined || filters.publishedTo !== undefined) {
    where.push(PUBLISHED_IN_RANGE);
    params.publishedFrom = filters.publishedFrom ?? '0000';
    params.publishedTo = filters.publishedTo ?? '9999';
  }
  if (filters.evidence !== undefined) where.push(HAS_EVIDENCE[filters.evidence]);
  return { where, params };
}

const HAS_EVIDENCE = {
  document: 'EXISTS (SELECT 1 FROM Occurrence o5 WHERE o5.quoteId = q.id)',
  url: 'EXISTS (SELECT 1 FROM Citation c5 WHERE c5.quoteId = q.id)',
} as const;

/**
 * Tag filters checked row by row instead of through the index. Intersecting a
 * rare word with a tag held by most quotes (language "en") walks the tag's
 * whole doclist; checking a few hundred matches is cheaper. Organisation,
 * outlet and language are checked on the row's own index tags (searchTags:
 * the tokens the index would have matched, so both ways give the same
 * answer); reading each match's occurrences and documents instead made
 * "language + kind" 1.5× the unfiltered query at 1M (docs/benchmarks-history.md).
 */
const POST_FILTER: Record<Exclude<TagFilterName, 'speaker' | 'status'>, string> = {
  organization: holdsTag('organizationTags'),
  outlet: holdsTag('outletTags'),
  language: holdsTag('languageTags'),
  kind: 'q.kind = @kind',
};

/** The row's tags (space-separated, with group_concat's commas within a list) hold one of the JSON array's tokens. */
function holdsTag(param: string): string {
  return `EXISTS (SELECT 1 FROM json_each(@${param}) t WHERE instr(' ' || replace(q.searchTags, ',', ' ') || ' ', ' ' || t.value || ' ') > 0)`;
}

/** One speaker as an equality (its own statement), so the (speakerId, filedOn) index can also supply the date order. */
function postFilter(name: TagFilterName, filters: SearchFilters): string {
  if (name === 'status') return statusIn(filters);
  if (name !== 'speaker') return POST_FILTER[name];
  return filters.speakerIds?.length === 1 ? 'q.speakerId = @speakerId' : 'q.speakerId IN (SELECT value FROM json_each(@speakerIds))';
}

/** A tag this many times more common than the words is checked per row instead (measured: docs/benchmarks-history.md). */
const POST_FILTER_RATIO = 8;

function postFilterParams(filters: SearchFilters, tags: readonly TagFilter[]): Record<string, unknown> {
  const tokens = (name: TagFilterName) => JSON.stringify(tags.find((t) => t.name === name)?.tokens ?? []);
  return {
    speakerIds: JSON.stringify(filters.speakerIds ?? []),
    speakerId: filters.speakerIds?.length === 1 ? filters.speakerIds[0] : null,
    organizationTags: tokens('organization'),
    outletTags: tokens('outlet'),
    languageTags: tokens('language'),
    kind: filters.kind ?? '',
  };
}

/** Ids of one page, in order: inner queries stop early when the index supplies the order. */
const INNER_ORDER: Record<SearchOrder, { fts: string; plain: string }> = {
  relevance: { fts: 'quote_fts.rank, quote_fts.rowid DESC', plain: 'q.filedOn DESC, q.id DESC' },
  date: { fts: 'q.filedOn DESC, q.id DESC', plain: 'q.filedOn DESC, q.id DESC' },
  recent: { fts: 'quote_fts.rowid DESC', plain: 'q.id DESC' },
};

/** The page in order again after the join: equal relevance, newest recorded first. */
const OUTER_ORDER: Record<SearchOrder, string> = {
  relevance: 'r.rank, q.id DESC',
  date: 'q.filedOn DESC, q.id DESC',
  recent: 'q.id DESC',
};

interface Plan {
  /** FTS5 MATCH expression, or null to scan "Quote". */
  match: string | null;
  /** The tag filters the MATCH expression holds (the others are checked on each row). */
  indexed: TagFilter[];
  where: string[];
  params: Record<string, unknown>;
  /** The statuses left out of view are neither in `match` nor in `where`: the caller screens the rows (searchScreened). */
  statusesLeftToCaller: boolean;
}

/**
 * One speaker and no words: the (speakerId, filedOn) index lists their quotes
 * newest first without sorting, however many there are.
 */
function servedByDateIndex(query: SearchQuery | null, tags: readonly TagFilter[]): boolean {
  return query === null && tags.length === 1 && tags[0]?.name === 'speaker' && tags[0].tokens.length === 1;
}

const FROM = (p: Plan) => (p.match === null ? 'Quote q' : 'quote_fts JOIN Quote q ON q.id = quote_fts.rowid');

/** Estimates older than this are looked up again: counts drift as quotes arrive. */
const ESTIMATE_TTL_MS = 60_000;
const ESTIMATE_CACHE_SIZE = 10_000;
/**
 * Term counts stop at this many documents ("very many", above every limit the
 * service applies), so counting costs at most this many doclist steps, cold.
 * fts5vocab was tried first: it walks a term's whole doclist (≈100 ms cold
 * for a word in most of 1M quotes, docs/benchmarks-history.md).
 */
const COUNT_CAP = 25_000;
/** "More than COUNT_CAP": estimates saturate here. */
const MANY = COUNT_CAP + 1;

/**
 * What the planner expects a statement to cost, in microseconds of CPU on the
 * machine of docs/decisions/0022 (an estimate from the index's counts, not a
 * measurement): reading and ranking one entry of a word's or a tag's list of
 * quotes, and reading and tallying one sampled match for facets.
 */
const US_PER_ENTRY = 0.5;
/** Measured 1.5–2.5 µs per sampled match at 1M quotes, load average 13, the statement and labels included (docs/decisions/0030). */
const US_PER_FACET_ROW = 2.5;
/**
 * Statements expected to cost more run on the reader thread
 * (reader/reader-thread.ts); the others, most searches, stay here, where they
 * cost no hop (~0.03–0.25 ms a call, docs/decisions/0022).
 */
const OFF_THREAD_ABOVE_US = 2_000;
/** Counting of a search's words and tags done here before the rest goes to the reader thread (ms). */
const COUNT_HERE_MS = 1;

/** A word's or a tag's count as the index is asked for it: the token, quoted, in one column. */
const countMatch = (column: 'text' | 'searchTags', token: string) => `{${column}} : "${token.replace(/"/g, '""')}"`;

interface HitRow extends QuoteRow {
  rank: number | null;
  filedOn: string | null;
  firstPublishedOn: string | null;
}

/** The columns of a page's statement (QUOTE_COLUMNS, then filedOn, firstPublishedOn and rank). */
const HIT_COLUMNS = [
  'id', 'text', 'kind', 'saidOn', 'venue', 'status', 'statusReason', 'statusChangedAt', 'statusChangedBy',
  'sId', 'sSlug', 'sName', 'sKind', 'sDescription', 'aId', 'aSlug', 'aName', 'aKind', 'aDescription',
  'filedOn', 'firstPublishedOn', 'rank',
] as const satisfies readonly (keyof HitRow)[];

/** A page's rows, read as arrays (columnIndex says why). */
function hitRows(statement: Statement, params: Record<string, unknown>): HitRow[] {
  const c = columnIndex(statement, HIT_COLUMNS);
  return (statement.raw(true).all(params) as unknown[][]).map(
    (r): HitRow => ({
      id: r[c.id] as number,
      text: r[c.text] as string,
      kind: r[c.kind] as string,
      saidOn: r[c.saidOn] as string | null,
      venue: r[c.venue] as string | null,
      status: r[c.status] as string,
      statusReason: r[c.statusReason] as string | null,
      statusChangedAt: r[c.statusChangedAt] as string | null,
      statusChangedBy: r[c.statusChangedBy] as string | null,
      sId: r[c.sId] as number,
      sSlug: r[c.sSlug] as string,
      sName: r[c.sName] as string,
      sKind: r[c.sKind] as string,
      sDescription: r[c.sDescription] as string | null,
      aId: r[c.aId] as number | null,
      aSlug: r[c.aSlug] as string | null,
      aName: r[c.aName] as string | null,
      aKind: r[c.aKind] as string | null,
      aDescription: r[c.aDescription] as string | null,
      filedOn: r[c.filedOn] as string | null,
      firstPublishedOn: r[c.firstPublishedOn] as string | null,
      rank: r[c.rank] as number | null,
    }),
  );
}

function toSearchRow(r: HitRow): SearchRow {
  // The quote's record gains the row's fields rather than being copied into a new object (less garbage per hit).
  return Object.assign(toQuote(r), {
    // FTS5's bm25 rank is negative, lower is better; expose it as a positive score.
    score: r.rank === null ? null : Math.round(-r.rank * 1e4) / 1e4,
    filedOn: r.filedOn,
    firstPublishedOn: r.firstPublishedOn,
  });
}

/** Rows read at least per statement when a first page's rows left out must be made up for (firstScreened). */
const SCREEN_BATCH_MIN = 8;

/** Pages deeper than this are not screened: their window would cost more than the exclusion it saves. */
const SCREEN_DEPTH_MAX = 500;

interface OccurrenceRow extends DocumentRow {
  occId: number;
  start: number;
  end: number;
  cueText: string | null;
  cueStart: number | null;
  cueEnd: number | null;
  speakerMentionText: string | null;
  speakerMentionStart: number | null;
  speakerMentionEnd: number | null;
  confidence: number;
  attributedBy: string;
  extractorVersion: string | null;
  occStatus: string;
  occStatusReason: string | null;
  occStatusChangedAt: string | null;
  occStatusChangedBy: string | null;
}

type ReviewRow = QuoteRow &
  Omit<DocumentRow, 'id'> &
  Pick<OccurrenceRow, 'occId' | 'start' | 'end' | 'speakerMentionText' | 'speakerMentionStart' | 'speakerMentionEnd' | 'confidence' | 'attributedBy' | 'extractorVersion'> & {
    docId: number;
    storedAt: string;
  };

interface RelayRow {
  occurrenceId: number;
  position: number;
  name: string;
  mentionText: string | null;
  mentionStart: number | null;
  mentionEnd: number | null;
  orgId: number | null;
  orgSlug: string | null;
  orgName: string | null;
  orgKind: string | null;
}

const span = (text: string | null, start: number | null, end: number | null) =>
  text === null || start === null || end === null ? null : { text, start, end };

export class SqliteQuoteRepository implements QuoteReadRepository {
  private readonly statements: StatementCache;
  private readonly facetCounter: FacetCounter;
  /** Term document counts (capped, see COUNT_CAP), cached: counting is cheap but not free. */
  private readonly estimates = new Map<string, { count: number; at: number }>();

  /**
   * `reader`: where statements estimated to cost more than `offThreadAboveUs`
   * run (none: all run here; tests set the threshold to 0 to send every
   * statement that can go there).
   */
  constructor(
    sql: SqlConnection,
    private readonly reader: ReadExecutor | null = null,
    private readonly offThreadAboveUs = OFF_THREAD_ABOVE_US,
  ) {
    // The index's words in order, each with the number of quotes it is in (a temporary table: the connection is read-only).
    sql.exec(CREATE_WORDS_TABLE);
    this.statements = new StatementCache(sql);
    this.facetCounter = new FacetCounter(this.statements);
  }

  async maxId(): Promise<number> {
    return (this.statements.get('SELECT COALESCE(MAX(id), 0) FROM Quote').pluck().get() as number) ?? 0;
  }

  async estimateMatches({ query, filters }: Pick<SearchScope, 'query' | 'filters'>, upTo: number): Promise<MatchEstimate | null> {
    await this.countAhead(query, filters);
    this.checkPrefixes(query);
    const tags = tagFilters(filters);
    if (servedByDateIndex(query, tags)) return null;
    const text = this.textEstimate(query);
    const counts = tags.map((t) => this.tagEstimate(t));
    const all = text === null ? counts : [text, ...counts];
    if (all.length === 0) return null;
    // Counts saturate at MANY; a caller asking beyond COUNT_CAP learns only "more than" what was counted.
    const count = Math.min(...all);
    const known = Math.min(upTo, COUNT_CAP);
    return count > known ? { count: known, more: true } : { count, more: false };
  }

  async search(page: SearchPage): Promise<SearchRow[]> {
    await this.countAhead(page.query, page.filters);
    const p = this.plan(page, { order: page.order, screen: page.offset + page.limit <= SCREEN_DEPTH_MAX });
    if (p === 'nothing') return [];
    const screened = p.statusesLeftToCaller ? await this.searchScreened(page, p) : null;
    if (screened !== null) return screened;
    // Not screened, or the window ran short: the statuses left out of view are excluded in the index.
    const exact = p.statusesLeftToCaller ? this.plan(page, { order: page.order, screen: false }) : p;
    if (exact === 'nothing') return [];
    const reader = this.offThread(() => this.statementCost(page, exact, page.offset + page.limit));
    if (reader !== null) {
      const newest = await this.newestFirst(page, exact, reader);
      if (newest !== null) return newest;
      const sql = this.innerSql(page, exact, 'LIMIT @limit OFFSET @offset');
      const ids = await reader.run({ op: 'all', sql, params: { ...exact.params, limit: page.limit, offset: page.offset }, mode: 'raw' });
      return this.rowsOf(ids as [number, number | null][], page.order);
    }
    return this.page(page, exact).map(toSearchRow);
  }

  /**
   * A page in the recent order that the index alone answers (single words without prefixes, index-backed tags,
   * statuses), read here in slices of rowids, newest first, while each slice's bound fits in the budget of
   * the serving thread; the matches below the last slice, if the page needs them, on the reader thread
   * (search/newest-first.ts). Null for any other page.
   */
  private async newestFirst(page: SearchPage, p: Plan, reader: ReadExecutor): Promise<SearchRow[] | null> {
    if (page.order !== 'recent') return null;
    const terms = page.query === null ? [] : [...page.query.required.flat(), ...page.query.excluded];
    // Not a phrase: FTS5 walks a phrase's lists to its next match whatever the rowid bounds, so a slice of
    // 100 rowids cost 47 ms at 1M quotes for 8 common words that meet nowhere (the whole lists, here).
    if (terms.some((t) => t.prefix || t.tokens.length > 1)) return null;
    if (p.match === null || !p.where.every((w, i) => i === 0 || w === statusIn(page.filters))) return null;
    // The statuses left out of view are excluded in the index here: no row is read before the page's.
    const excluded = excludedStatusTokens(page.filters);
    const match = matchExpression(page.query, p.indexed, excluded) as string;
    const words = (t: SearchTerm) => t.tokens.map((token) => this.documentCount(token, 'text', false));
    const tags = (tokens: readonly string[]) => tokens.map((token) => this.documentCount(token, 'searchTags', false));
    const bound = (count: number) => (count >= MANY ? Number.POSITIVE_INFINITY : count);
    const counts = [...terms.flatMap(words), ...tags([...p.indexed.flatMap((tag) => tag.tokens), ...excluded])].map(bound);
    const wanted = page.offset + page.limit;
    // Shares of the quotes (a phrase at most its rarest word's, a count past the cap at the cap's).
    const share = (count: number) => count / Math.max(1, page.maxId);
    const required = [
      ...(page.query?.required ?? []).map((group) => group.reduce((sum, t) => sum + share(Math.min(...words(t))), 0)),
      ...p.indexed.map((tag) => share(sum(tags(tag.tokens)))),
    ];
    const left = [...(page.query?.excluded ?? []).map((t) => share(Math.min(...words(t)))), ...tags(excluded).map(share)];
    if (expectedIn(sliceWithin(this.offThreadAboveUs, counts), required, left) < wanted) return null;
    const ids: number[] = [];
    const slice = this.statements.get(SLICE_SQL).pluck(true);
    const started = performance.now();
    let ceiling = page.maxId;
    for (let n = 0; n < MAX_SLICES && ids.length < wanted && ceiling > 0; n++) {
      const width = sliceWithin(this.offThreadAboveUs - (performance.now() - started) * 1000, counts);
      if (width === 0) break;
      const floor = Math.max(0, ceiling - width);
      ids.push(...(slice.all({ match, ceiling, floor, limit: wanted - ids.length }) as number[]));
      ceiling = floor;
    }
    if (ids.length < wanted && ceiling > 0) {
      const rest = await reader.run({ op: 'all', sql: SLICE_SQL, params: { match, ceiling, floor: 0, limit: wanted - ids.length }, mode: 'pluck' });
      ids.push(...(rest as number[]));
    }
    return this.rowsOf(
      ids.slice(page.offset, wanted).map((id): [number, null] => [id, null]),
      'recent',
    );
  }

  /** The reader thread, when a statement of this estimated cost (µs) runs there; null when it runs here. */
  private offThread(costUs: () => number): ReadExecutor | null {
    return this.reader !== null && costUs() > this.offThreadAboveUs ? this.reader : null;
  }

  /**
   * What a plan's statement is expected to cost (µs): every entry of the
   * lists of its words (excluded ones too), prefixes and index-backed tags is
   * read, and each match checked or ranked. Without the index, the date
   * index is walked: cheap, unless a filter is checked on each row that may
   * reject most of them (publication dates, kinds of evidence). Words any of
   * which will do, newest first, are read from their lists' ends, no further
   * than the `rows` the statement returns.
   */
  private statementCost(scope: SearchScope & { order?: SearchOrder }, p: Plan, rows?: number): number {
    if (p.match === null) {
      const { publishedFrom, publishedTo, evidence } = scope.filters;
      return publishedFrom === undefined && publishedTo === undefined && evidence === undefined ? 0 : Number.POSITIVE_INFINITY;
    }
    let entries = 0;
    if (scope.query !== null) {
      for (const t of [...scope.query.required.flat(), ...scope.query.excluded]) {
        t.tokens.forEach((token, i) => {
          entries += t.prefix && i === t.tokens.length - 1 ? this.prefixPairs(token, MAX_PREFIX_EXPANSION) : this.documentCount(token, 'text', false);
        });
      }
    }
    for (const tag of p.indexed) entries += this.tagEstimate(tag);
    // Its words' lists merged newest first (no prefix: a prefix's words are merged whole first) stop at the page.
    // Not a phrase's: its words' entries are walked until they meet in order, which may be nowhere (every entry).
    const merged =
      scope.query !== null &&
      scope.query.excluded.length === 0 &&
      scope.query.required.length === 1 &&
      scope.query.required[0]?.every((t) => !t.prefix && t.tokens.length === 1) === true;
    const unchecked = p.where.every((w, i) => i === 0 || w === statusIn(scope.filters));
    if (rows !== undefined && scope.order === 'recent' && merged && p.indexed.length === 0 && unchecked) entries = Math.min(entries, rows);
    return entries * US_PER_ENTRY;
  }

  /**
   * Counts the scope's words, prefixes and tags the planner will read that
   * are not cached yet. Words and tags are counted here while counting has
   * taken less than COUNT_HERE_MS (a rare word's count is ~0.02 ms, a common
   * one's up to ~2 ms: a count stops at COUNT_CAP); the rest, and every prefix
   * (its words are walked: up to ~15 ms cold), on the reader thread, in one
   * call each. All are cached.
   */
  private async countAhead(query: SearchQuery | null, filters: SearchFilters): Promise<void> {
    if (this.reader === null) return;
    const now = Date.now();
    const unknown = (key: string) => {
      const cached = this.estimates.get(key);
      return cached === undefined || now - cached.at >= ESTIMATE_TTL_MS;
    };
    const words = new Set<string>();
    const prefixes = new Set<string>();
    const tags = new Set<string>();
    for (const t of query === null ? [] : [...query.required.flat(), ...query.excluded]) {
      t.tokens.forEach((token, i) => {
        if (t.prefix && i === t.tokens.length - 1) {
          if (unknown(`words\u0000${token}`)) prefixes.add(token);
        } else if (unknown(`text\u0000${token}`)) words.add(token);
      });
    }
    const tagged = tagFilters(filters);
    if (!servedByDateIndex(query, tagged)) for (const tag of tagged) for (const token of tag.tokens) if (unknown(`searchTags\u0000${token}`)) tags.add(token);
    // The statuses left out of view: a newest-first page walks their lists too (newestFirst).
    for (const token of excludedStatusTokens(filters)) if (unknown(`searchTags\u0000${token}`)) tags.add(token);
    const uncounted = [...[...words].map((token) => ({ column: 'text' as const, token })), ...[...tags].map((token) => ({ column: 'searchTags' as const, token }))];
    const documents: typeof uncounted = [];
    const started = performance.now();
    for (const d of uncounted) {
      if (this.offThreadAboveUs > 0 && performance.now() - started < COUNT_HERE_MS) this.documentCount(d.token, d.column, false);
      else documents.push(d);
    }
    if (prefixes.size === 0 && documents.length === 0) return;
    const [counts, pairs] = await Promise.all([
      documents.length === 0 ? [] : this.reader.run({ op: 'counts', matches: documents.map((d) => countMatch(d.column, d.token)), limit: COUNT_CAP + 1 }),
      prefixes.size === 0 ? [] : this.reader.run({ op: 'prefixPairs', tokens: [...prefixes], budget: MAX_PREFIX_EXPANSION }),
    ]);
    const at = Date.now();
    documents.forEach((d, i) => {
      const found = counts[i] ?? 0;
      this.remember(`${d.column}\u0000${d.token}`, found > COUNT_CAP ? MANY : found, at);
    });
    // A prefix counted past the budget is kept as it was counted: more than any budget a query's prefixes may have, which is all a caller needs.
    [...prefixes].forEach((token, i) => this.remember(`words\u0000${token}`, pairs[i] ?? 0, at));
  }

  private remember(key: string, count: number, at: number): void {
    if (this.estimates.size >= ESTIMATE_CACHE_SIZE) this.estimates.clear();
    this.estimates.set(key, { count, at });
  }

  /**
   * A ranked page read from the index alone, in the default view (withdrawn and unreviewed quotes left
   * out). Excluding their tokens inside MATCH makes FTS5 read those doclists and score them on every query
   * (a mid-frequency word at 1M: 0.69 -> 1.00 ms), so words are matched without the exclusion, a window of
   * twice the page is read, and the statuses are checked on the window's rows (a few primary-key reads).
   * Null when the rows left out make the page short and the window was full: then the query runs again
   * with the exclusion in the index.
   */
  private async searchScreened(page: SearchPage, p: Plan): Promise<SearchRow[] | null> {
    const window = 2 * (page.offset + page.limit) + 16;
    const inner = { sql: this.innerSql(page, p, 'LIMIT @window'), params: { ...p.params, window } };
    const reader = this.offThread(() => this.statementCost(page, p, window));
    const matches = (
      reader !== null ? await reader.run({ op: 'all', ...inner, mode: 'raw' }) : this.statements.get(inner.sql).raw(true).all(inner.params)
    ) as [number, number | null][];
    if (page.offset === 0) return this.firstScreened(page, matches, window);
    const hidden = new Set(
      this.statements
        .get('SELECT id FROM Quote WHERE id IN (SELECT value FROM json_each(@ids)) AND status NOT IN (SELECT value FROM json_each(@statuses))')
        .pluck()
        .all({ ids: JSON.stringify(matches.map((m) => m[0])), statuses: JSON.stringify(statusesOf(page.filters)) }) as number[],
    );
    const shown = hidden.size === 0 ? matches : matches.filter((m) => !hidden.has(m[0]));
    // A full window that leaves the page short: more rows were left out than the window allowed for.
    if (matches.length === window && shown.length < page.offset + page.limit) return null;
    return this.rowsOf(shown.slice(page.offset, page.offset + page.limit), page.order);
  }

  /**
   * A first page screened on its own rows: they are read anyway and carry their status, so the window's
   * matches are read in order, a few more each time rows are left out, until the page is full (no statement
   * of its own for the statuses). Null as in searchScreened.
   */
  private firstScreened(page: SearchPage, matches: [number, number | null][], window: number): SearchRow[] | null {
    const shown = new Set<string>(statusesOf(page.filters));
    const rows: SearchRow[] = [];
    let next = 0;
    while (rows.length < page.limit && next < matches.length) {
      const batch = matches.slice(next, next + Math.max(page.limit - rows.length, SCREEN_BATCH_MIN));
      next += batch.length;
      for (const row of this.rowsOf(batch, page.order)) if (shown.has(row.status)) rows.push(row);
    }
    if (matches.length === window && rows.length < page.limit) return null;
    return rows.slice(0, page.limit);
  }

  /** The rows of a page whose ids (and ranks) are known, in the page's order. */
  private rowsOf(rows: [number, number | null][], order: SearchOrder): SearchRow[] {
    if (rows.length === 0) return [];
    const text = `SELECT ${QUOTE_COLUMNS}, q.filedOn, ${FIRST_PUBLISHED} AS firstPublishedOn, r.rank AS rank
      FROM (SELECT value ->> 0 AS id, value ->> 1 AS rank FROM json_each(@rows)) r CROSS JOIN Quote q ON q.id = r.id ${QUOTE_JOINS}
      ORDER BY ${OUTER_ORDER[order]}`;
    return hitRows(this.statements.get(text), { rows: JSON.stringify(rows) }).map(toSearchRow);
  }

  /** The ids of one page of a plan (or of the window `limit` asks for), in the page's order. */
  private innerSql(page: SearchPage, p: Plan, limit: string): string {
    const ranked = page.order === 'relevance' && p.match !== null && page.query !== null;
    // Ranked without row-by-row checks: the index alone picks the page (rowid breaks ties: newest recorded first).
    return ranked && p.where.length === 1
      ? `SELECT rowid AS id, rank FROM quote_fts WHERE ${p.where[0] as string} ORDER BY rank, rowid DESC ${limit}`
      : `SELECT q.id AS id, ${ranked ? 'quote_fts.rank' : 'NULL'} AS rank FROM ${FROM(p)}
      WHERE ${p.where.join(' AND ')}
      ORDER BY ${p.match === null ? INNER_ORDER[page.order].plain : INNER_ORDER[page.order].fts} ${limit}`;
  }

  /** One page of a plan. */
  private page(page: SearchPage, p: Plan): HitRow[] {
    // CROSS JOIN keeps the page's few ids as the outer loop: with a plain JOIN and a date order, SQLite
    // walked every quote in filedOn order and probed the page for each (a no-query search at 1M: 650 ms).
    const text = `SELECT ${QUOTE_COLUMNS}, q.filedOn, ${FIRST_PUBLISHED} AS firstPublishedOn, r.rank AS rank
      FROM (${this.innerSql(page, p, 'LIMIT @limit OFFSET @offset')}) r CROSS JOIN Quote q ON q.id = r.id ${QUOTE_JOINS}
      ORDER BY ${OUTER_ORDER[page.order]}`;
    return hitRows(this.statements.get(text), { ...p.params, limit: page.limit, offset: page.offset });
  }

  async facets(scope: SearchScope, facets: FacetName[], sample: number): Promise<FacetCounts> {
    await this.countAhead(scope.query, scope.filters);
    // The sample's rows are read in the recent order (their tags), so their statuses are checked on them.
    const p = this.plan(scope, { order: 'recent', screen: false });
    if (p === 'nothing') return { counts: Object.fromEntries(facets.map((f) => [f, []])), basedOn: 0, sampled: false };
    const order = p.match === null ? 'q.id DESC' : 'quote_fts.rowid DESC';
    const source: MatchSource = { from: FROM(p), where: p.where.join(' AND '), order };
    // The sample's rows are read and tallied: as many as match, up to the sample.
    const rows = () => Math.min(sample, p.match === null ? sample : this.matchesAtMost(scope));
    const reader = this.offThread(() => this.statementCost(scope, p) + rows() * US_PER_FACET_ROW);
    if (reader !== null) {
      return reader.run({ op: 'facets', source, params: p.params, facets, sample });
    }
    return this.facetCounter.count(source, p.params, facets, sample);
  }

  /** At most this many quotes match the scope (its rarest required word or tag), from the cached counts. */
  private matchesAtMost(scope: SearchScope): number {
    const text = this.textEstimate(scope.query);
    const tags = tagFilters(scope.filters).map((t) => this.tagEstimate(t));
    return Math.min(text ?? MANY, ...tags);
  }

  /**
   * How to run a scope: words and selective tags through the index, tags much
   * more common than the words row by row, date ranges row by row.
   *
   * Statuses left out of view (the default view: withdrawn and unreviewed
   * quotes) are checked on each match's row wherever the statement reads that
   * row anyway: no words, a date or recent order, row-by-row checks, facets
   * (a column of a row already read, where screening would read a window of
   * twice the page and check it with a statement of its own). Only a ranked
   * page that the index alone picks reads no row before its page: it is
   * screened by the caller (`screen`, searchScreened), or the statuses are
   * excluded in the index.
   */
  private plan(scope: SearchScope, { order, screen }: { order: SearchOrder; screen: boolean }): Plan | 'nothing' {
    this.checkPrefixes(scope.query);
    const tags = tagFilters(scope.filters);
    if (tags.some((t) => t.tokens.length === 0)) return 'nothing';
    const text = this.textEstimate(scope.query);
    const byDateIndex = servedByDateIndex(scope.query, tags);
    const indexed = tags.filter((t) => !byDateIndex && (text === null || this.tagEstimate(t) <= POST_FILTER_RATIO * text));
    const checked = tags.filter((t) => !indexed.includes(t));
    const ranges = rangeSql(scope.filters);
    const excluded = excludedStatusTokens(scope.filters);
    const indexOnly = order === 'relevance' && scope.query !== null && checked.length === 0 && ranges.where.length === 0;
    const statusChecked = excluded.length > 0 && !indexOnly;
    const statusesLeftToCaller = excluded.length > 0 && indexOnly && screen;
    const match = matchExpression(scope.query, indexed, statusChecked || statusesLeftToCaller ? [] : excluded);
    const where = [
      match === null ? 'q.id <= @maxId' : 'quote_fts MATCH @match AND quote_fts.rowid <= @maxId',
      ...checked.map((t) => postFilter(t.name, scope.filters)),
      ...(statusChecked ? [statusIn(scope.filters)] : []),
      ...ranges.where,
    ];
    const params = {
      ...ranges.params,
      ...(checked.length > 0 || statusChecked ? postFilterParams(scope.filters, tags) : {}),
      maxId: scope.maxId,
      ...(match === null ? {} : { match }),
    };
    return { match, where, params, statusesLeftToCaller, indexed };
  }

  private textEstimate(query: SearchQuery | null): number | null {
    if (query === null) return null;
    return Math.min(...query.required.map((anyOf) => sum(anyOf.map((t) => this.termEstimate(t)))));
  }

  private tagEstimate(tag: TagFilter): number {
    return sum(tag.tokens.map((token) => this.documentCount(token, 'searchTags', false)));
  }

  /** Documents a term can match: a phrase at most its rarest word, a prefix the sum over its words. */
  private termEstimate(t: SearchTerm): number {
    const counts = t.tokens.map((token, i) =>
      t.prefix && i === t.tokens.length - 1 ? Math.min(MANY, this.prefixPairs(token, MAX_PREFIX_EXPANSION)) : this.documentCount(token, 'text', false),
    );
    return Math.min(...counts);
  }

  /**
   * Refuses a query whose prefixes stand for more than MAX_PREFIX_EXPANSION
   * (word, quote) pairs together, before the engine merges them: the merge
   * costs ~75 ns a pair (250,000 pairs ≈ 20 ms), counting them ~18 ns, and
   * counting stops as soon as the query is over.
   */
  private checkPrefixes(query: SearchQuery | null): void {
    if (query === null) return;
    let total = 0;
    for (const t of [...query.required.flat(), ...query.excluded]) {
      const last = t.tokens.at(-1);
      if (!t.prefix || last === undefined) continue;
      total += this.prefixPairs(last, MAX_PREFIX_EXPANSION - total);
      if (total > MAX_PREFIX_EXPANSION) {
        throw new AppError(
          'invalid_search_query',
          `"${t.tokens.join(' ')}*" starts too many words: the query's prefixes may stand for at most ${MAX_PREFIX_EXPANSION.toLocaleString('en')} word occurrences together. Add letters to the prefix, or search for the whole word.`,
        );
      }
    }
  }

  /**
   * The (word, quote) pairs of the index's words starting with `token`: an
   * upper bound of the quotes the prefix matches, and what merging them costs.
   * Counting stops once over `budget` (then the count is not kept).
   */
  private prefixPairs(token: string, budget: number): number {
    const key = `words\u0000${token}`;
    const now = Date.now();
    const cached = this.estimates.get(key);
    if (cached !== undefined && now - cached.at < ESTIMATE_TTL_MS) return cached.count;
    const pairs = countPrefixPairs(this.statements, token, budget);
    if (pairs > budget) return pairs;
    this.remember(key, pairs, now);
    return pairs;
  }

  private documentCount(token: string, column: 'text' | 'searchTags', prefix: boolean): number {
    const key = `${column}\u0000${prefix ? '*' : ''}${token}`;
    const now = Date.now();
    const cached = this.estimates.get(key);
    if (cached !== undefined && now - cached.at < ESTIMATE_TTL_MS) return cached.count;
    const match = `${countMatch(column, token)}${prefix ? ' *' : ''}`;
    const found = this.statements.get(COUNT_MATCHES_SQL).pluck().get(match, COUNT_CAP + 1) as number;
    const count = found > COUNT_CAP ? MANY : found;
    this.remember(key, count, now);
    return count;
  }


  async findById(id: number): Promise<QuoteDetail | null> {
    const row = this.statements.get(`SELECT ${QUOTE_COLUMNS} FROM Quote q ${QUOTE_JOINS} WHERE q.id = ?`).get(id) as
      | QuoteRow
      | undefined;
    if (row === undefined) return null;
    return { ...toQuote(row), occurrences: this.occurrences(id), citations: this.citations(id) };
  }

  /** Citations in the order the source saw them (undated last), then as recorded. */
  private citations(quoteId: number): Citation[] {
    return this.statements
      .get(
        `SELECT url, seenOn, confidence, source, sourceQuoteId FROM Citation WHERE quoteId = ?
         ORDER BY seenOn IS NULL, seenOn, id`,
      )
      .all(quoteId) as Citation[];
  }

  async variantLinks(id: number): Promise<VariantLinks> {
    const variantOf = this.statements
      // A subquery, not a join: joined on variantOfId, the planner scanned the whole partial index of variants.
      .get('SELECT id, text FROM Quote WHERE id = (SELECT variantOfId FROM Quote WHERE id = ?)')
      .get(id) as QuoteLink | undefined;
    const variants = this.statements.get('SELECT id, text FROM Quote WHERE variantOfId = ? ORDER BY id').all(id) as QuoteLink[];
    return { variantOf: variantOf ?? null, variants };
  }

  async bySpeaker(speakerId: number, limit: number): Promise<QuoteRecord[]> {
    const rows = this.statements
      .get(`SELECT ${QUOTE_COLUMNS} FROM Quote q ${QUOTE_JOINS} WHERE q.speakerId = ? AND q.status IN ${STANDING_SQL} ORDER BY q.filedOn DESC, q.id DESC LIMIT ?`)
      .all(speakerId, limit) as QuoteRow[];
    return rows.map(toQuote);
  }

  async standingIdsBySpeaker(speakerId: number, limit: number): Promise<number[]> {
    return this.statements
      .get(`SELECT q.id FROM Quote q WHERE q.speakerId = ? AND q.status IN ${STANDING_SQL} ORDER BY q.filedOn DESC, q.id DESC LIMIT ?`)
      .pluck()
      .all(speakerId, limit) as number[];
  }

  async texts(ids: readonly number[]): Promise<Map<number, string>> {
    const rows = this.statements.get('SELECT id, text FROM Quote WHERE id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(ids)) as [number, string][];
    return new Map(rows);
  }

  async occurrenceStatus(occurrenceId: number): Promise<{ quoteId: number; status: OccurrenceStatus } | null> {
    const row = this.statements.get('SELECT quoteId, status FROM Occurrence WHERE id = ?').get(occurrenceId) as
      | { quoteId: number; status: OccurrenceStatus }
      | undefined;
    return row ?? null;
  }

  async reviewQueue(request: ReviewQueueRequest): Promise<ReviewItem[]> {
    // Evidence of a quote withdrawn meanwhile waits for nothing.
    const where = ["o.status = 'needs_review'", 'o.id > @afterId', `q.status NOT IN ${WITHDRAWN_SQL}`];
    if (request.speakerIds !== undefined) where.push('q.speakerId IN (SELECT value FROM json_each(@speakerIds))');
    if (request.documentId !== undefined) where.push('o.documentId = @documentId');
    if (request.minConfidence !== undefined) where.push('o.confidence >= @minConfidence');
    if (request.maxConfidence !== undefined) where.push('o.confidence <= @maxConfidence');
    // The (status, id) index walks the queue oldest first; each filter is checked on the few rows it holds.
    const rows = this.statements
      .get(
        `SELECT ${QUOTE_COLUMNS}, d.id AS docId, d.outlet, d.title, d.url, d.publishedOn, d.dateline, d.language, d.sha256, d.addedAt, o.id AS occId, o.start, o."end", o.speakerMentionText, o.speakerMentionStart,
           o.speakerMentionEnd, o.confidence, o.attributedBy, o.extractorVersion, o.createdAt AS storedAt
         FROM Occurrence o JOIN Quote q ON q.id = o.quoteId ${QUOTE_JOINS} JOIN Document d ON d.id = o.documentId
         WHERE ${where.join(' AND ')} ORDER BY o.id LIMIT @limit`,
      )
      .all({
        afterId: request.afterId ?? 0,
        limit: request.limit,
        speakerIds: JSON.stringify(request.speakerIds ?? []),
        documentId: request.documentId ?? null,
        minConfidence: request.minConfidence ?? null,
        maxConfidence: request.maxConfidence ?? null,
      }) as ReviewRow[];
    return rows.map((r) => ({
      occurrenceId: r.occId,
      quote: toQuote(r),
      document: toDocument({ ...r, id: r.docId }),
      start: r.start,
      end: r.end,
      speakerMention: span(r.speakerMentionText, r.speakerMentionStart, r.speakerMentionEnd),
      confidence: r.confidence,
      attributedBy: asAttributedBy(r.attributedBy),
      extractorVersion: r.extractorVersion,
      storedAt: r.storedAt,
    }));
  }

  async aboutSpeaker(speakerId: number, limit: number): Promise<QuoteRecord[]> {
    const rows = this.statements
      .get(`SELECT ${QUOTE_COLUMNS} FROM Quote q ${QUOTE_JOINS} WHERE q.aboutSpeakerId = ? AND q.status IN ${STANDING_SQL} ORDER BY q.filedOn DESC, q.id DESC LIMIT ?`)
      .all(speakerId, limit) as QuoteRow[];
    return rows.map(toQuote);
  }

  /** Occurrences with their documents and relays, earliest publication first. */
  private occurrences(quoteId: number): Occurrence[] {
    const rows = this.statements
      .get(
        `SELECT ${DOCUMENT_COLUMNS}, o.id AS occId, o.start, o."end", o.cueText, o.cueStart, o.cueEnd,
           o.speakerMentionText, o.speakerMentionStart, o.speakerMentionEnd, o.confidence, o.attributedBy, o.extractorVersion,
           o.status AS occStatus, o.statusReason AS occStatusReason, o.statusChangedAt AS occStatusChangedAt, o.statusChangedBy AS occStatusChangedBy
         FROM Occurrence o JOIN Document d ON d.id = o.documentId
         WHERE o.quoteId = ? ORDER BY d.publishedOn IS NULL, d.publishedOn, d.addedAt, o.id`,
      )
      .all(quoteId) as OccurrenceRow[];
    const relays = this.statements
      .get(
        `SELECT r.occurrenceId, r.position, r.name, r.mentionText, r.mentionStart, r.mentionEnd,
           g.id AS orgId, g.slug AS orgSlug, g.name AS orgName, g.kind AS orgKind
         FROM Relay r JOIN Occurrence o ON o.id = r.occurrenceId LEFT JOIN Organization g ON g.id = r.organizationId
         WHERE o.quoteId = ? ORDER BY r.occurrenceId, r.position`,
      )
      .all(quoteId) as RelayRow[];
    const byOccurrence = new Map<number, Relay[]>();
    for (const r of relays) {
      const list = byOccurrence.get(r.occurrenceId) ?? [];
      list.push({
        position: r.position,
        name: r.name,
        organization: r.orgId === null ? null : toOrganization(r.orgId, r.orgSlug ?? '', r.orgName ?? '', r.orgKind),
        mention: span(r.mentionText, r.mentionStart, r.mentionEnd),
      });
      byOccurrence.set(r.occurrenceId, list);
    }
    return rows.map((r) => ({
      id: r.occId,
      document: toDocument(r),
      start: r.start,
      end: r.end,
      cue: span(r.cueText, r.cueStart, r.cueEnd),
      speakerMention: span(r.speakerMentionText, r.speakerMentionStart, r.speakerMentionEnd),
      relays: byOccurrence.get(r.occId) ?? [],
      confidence: r.confidence,
      attributedBy: asAttributedBy(r.attributedBy),
      extractorVersion: r.extractorVersion,
      status: r.occStatus as OccurrenceStatus,
      statusNote: toStatusNote(r.occStatusReason, r.occStatusChangedAt, r.occStatusChangedBy),
    }));
  }
}

const sum = (values: number[]) => values.reduce((a, b) => Math.min(MANY, a + b), 0);
