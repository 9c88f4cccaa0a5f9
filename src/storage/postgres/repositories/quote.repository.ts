import type { AttributedBy, Citation, Occurrence, QuoteDetail, QuoteLink, QuoteRecord, Relay, VariantLinks } from '../../../domain/models.ts';
import { QUOTE_STATUSES, STANDING_STATUSES, type OccurrenceStatus } from '../../../domain/status.ts';
import type { SearchQuery, SearchTerm } from '../../../domain/search-query.ts';
import type { FacetCounts, FacetName, MatchEstimate, QuoteReadRepository, ReviewItem, ReviewQueueRequest, SearchFilters, SearchPage, SearchRow, SearchScope } from '../../ports/index.ts';
import { column, Params, rows, value, type Queryable } from '../connection.ts';
import { rankSql } from '../search/ranking.ts';
import { countFacets, type SampleRow } from '../search/facets.ts';
import { tagLists, termQuery, toTsQuery } from '../search/ts-query.ts';
import { PrefixCost } from '../search/prefix-cost.ts';
import { takeNewestQuote } from '../request-snapshot.ts';
import type { TermStatistics } from '../search/term-statistics.ts';
import { DOCUMENT_COLUMNS, DOCUMENT_FIELDS, QUOTE_COLUMNS, QUOTE_JOINS, timestamp, toDocument, toQuote, toStatusNote, type DocumentRow, type QuoteRow } from './rows.ts';

/** Counts stop here ("more than 25,000"), as the SQLite backend's do: above every limit the service applies. */
const COUNT_CAP = 25_000;
const MANY = COUNT_CAP + 1;
/**
 * Matches ranked at most: a word in most quotes is ranked over its newest
 * RANK_WINDOW matches only (ranking all of 880k matches at 1M quotes cost
 * 883 ms, the newest 10k 9.9 ms). Fewer matches are all ranked.
 */
const RANK_WINDOW = 10_000;

const FIRST_PUBLISHED = `(SELECT min(d3.published_on) FROM occurrence o3 JOIN document d3 ON d3.id = o3.document_id WHERE o3.quote_id = q.id)`;

interface HitRow extends QuoteRow {
  score: number | null;
  filed_on: string | null;
  first_published_on: string | null;
}

/** The standing statuses as an SQL list: what a speaker's page lists. */
const STANDING_SQL = `(${STANDING_STATUSES.map((st) => `'${st}'`).join(', ')})`;

const HAS_EVIDENCE = {
  document: 'EXISTS (SELECT 1 FROM occurrence o5 WHERE o5.quote_id = q.id)',
  url: 'EXISTS (SELECT 1 FROM citation c5 WHERE c5.quote_id = q.id)',
} as const;

/**
 * The statuses a search shows (those asked for, else the standing ones) as a condition: with active among
 * them, the few statuses left out are excluded; without it, the rare ones asked for are selected.
 */
function statusCondition(filters: SearchFilters, p: Params): string | null {
  const shown = filters.statuses ?? STANDING_STATUSES;
  if (!shown.includes('active')) return `q.status = ANY(${p.add([...shown])}::text[])`;
  const hidden = QUOTE_STATUSES.filter((st) => !shown.includes(st));
  return hidden.length === 0 ? null : `q.status <> ALL(${p.add(hidden)}::text[])`;
}

/** A scope as SQL conditions on "quote q", or null when it can match nothing. */
function conditions(scope: Pick<SearchScope, 'query' | 'filters' | 'maxId'>, p: Params): string[] | null {
  const f = scope.filters;
  if (f.speakerIds?.length === 0 || f.organizationIds?.length === 0) return null;
  const where = [`q.id <= ${p.add(scope.maxId)}`];
  if (scope.query !== null) where.push(`q.search @@ ${p.add(toTsQuery(scope.query))}::tsquery`);
  if (f.speakerIds !== undefined) where.push(f.speakerIds.length === 1 ? `q.speaker_id = ${p.add(f.speakerIds[0])}` : `q.speaker_id = ANY(${p.add(f.speakerIds)}::int[])`);
  for (const tags of tagLists(f)) where.push(`q.search_tags && ${p.add(tags)}::text[]`);
  if (f.kind !== undefined) where.push(`q.kind = ${p.add(f.kind)}`);
  const status = statusCondition(f, p);
  if (status !== null) where.push(status);
  if (f.evidence !== undefined) where.push(HAS_EVIDENCE[f.evidence]);
  if (f.from !== undefined) where.push(`q.filed_on >= ${p.add(f.from)}`);
  if (f.to !== undefined) where.push(`q.filed_on <= ${p.add(f.to)}`);
  if (f.publishedFrom !== undefined || f.publishedTo !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM occurrence o4 JOIN document d4 ON d4.id = o4.document_id
      WHERE o4.quote_id = q.id AND d4.published_on >= ${p.add(f.publishedFrom ?? '0000')} AND d4.published_on <= ${p.add(f.publishedTo ?? '9999')})`);
  }
  return where;
}

/**
 * The matches of a scope as a FROM clause whose rows are "q" (quote's columns): `quote q WHERE …`; or, when
 * its words match few quotes (`fewMatches`), those matches alone in a subquery the planner plans apart from
 * the rest (`OFFSET 0`: nothing is pushed into it, nothing pulled out), the other conditions tested on them.
 * The planner's estimate of a word outside its statistics' most common 1,000 (migration 20261207050000) is a
 * guess, 0.07% of the quotes for each of a word's spelling variants (0.6% for a word's nine): with it, it
 * walked the date index for a word in 400 quotes (65–97 ms instead of 1–2), or intersected its matches with a
 * date range's 240,000 (34 ms instead of 3). The application knows the count: it says which plan it wants.
 */
function matchSource(scope: Pick<SearchScope, 'query' | 'filters' | 'maxId'>, p: Params, few: boolean): string | null {
  const where = conditions(scope, p);
  if (where === null) return null;
  const words = scope.query === null ? -1 : where.findIndex((c) => c.startsWith('q.search @@ '));
  if (!few || words < 0) return `quote q WHERE ${where.join(' AND ')}`;
  const [match] = where.splice(words, 1);
  return `(SELECT * FROM quote q WHERE ${match as string} OFFSET 0) q WHERE ${where.join(' AND ')}`;
}

/** Every term of the required groups, each weighed by its rarity. */
const scoredTerms = (query: SearchQuery): SearchTerm[] => query.required.flat();

export class PostgresQuoteRepository implements QuoteReadRepository {
  private readonly prefixes: PrefixCost;

  constructor(
    private readonly db: Queryable,
    private readonly terms: TermStatistics,
  ) {
    this.prefixes = new PrefixCost(db);
  }

  async maxId(): Promise<number> {
    return takeNewestQuote() ?? (await value<number>(this.db, 'SELECT COALESCE(max(id), 0) FROM quote')) ?? 0;
  }

  async estimateMatches({ query, filters }: Pick<SearchScope, 'query' | 'filters'>, upTo: number): Promise<MatchEstimate | null> {
    await this.prefixes.check(query);
    const tags = tagLists(filters);
    const counts: number[] = [];
    if (query !== null) counts.push(await this.textEstimate(query));
    else if (filters.speakerIds?.length === 1 && tags.length === 0 && filters.kind === undefined && filters.language === undefined) return null;
    if (tags.length > 0 || filters.speakerIds !== undefined || filters.kind !== undefined) {
      // Counted no further than the words' estimate: the smaller of the two is the answer, and a broad
      // filter (a language, a kind) would otherwise read COUNT_CAP rows for nothing (200 ms at 1M).
      counts.push(await this.filterCount(filters, Math.min(COUNT_CAP, ...counts)));
    }
    if (counts.length === 0) return null;
    const count = Math.min(...counts);
    const known = Math.min(upTo, COUNT_CAP);
    return count > known ? { count: known, more: true } : { count, more: false };
  }

  /** Quotes the filters alone select, counted no further than just over `upTo`. */
  private async filterCount(filters: SearchScope['filters'], upTo: number): Promise<number> {
    const p = new Params();
    const where = conditions({ query: null, filters: { ...filters, from: undefined, to: undefined, publishedFrom: undefined, publishedTo: undefined }, maxId: 2 ** 31 - 1 }, p);
    if (where === null) return 0;
    return (await value<number>(this.db, `SELECT count(*) FROM (SELECT 1 FROM quote q WHERE ${where.join(' AND ')} LIMIT ${p.add(upTo + 1)}) x`, p.values)) ?? 0;
  }

  /** Quotes the words can match: each group the sum of its terms, the query its smallest group. */
  private async textEstimate(query: SearchQuery): Promise<number> {
    const terms = query.required.flat();
    const counts = await this.termCounts(terms);
    let smallest = MANY;
    let i = 0;
    for (const group of query.required) {
      let sum = 0;
      for (let g = 0; g < group.length; g++) sum = Math.min(MANY, sum + (counts[i++] ?? 0));
      smallest = Math.min(smallest, sum);
    }
    return smallest;
  }

  private termCounts(terms: readonly SearchTerm[]): Promise<number[]> {
    return this.terms.counts(
      terms.map((t) => ({ query: termQuery(t), words: t.tokens, prefix: t.prefix })),
      COUNT_CAP,
    );
  }

  async search(page: SearchPage): Promise<SearchRow[]> {
    await this.prefixes.check(page.query);
    const p = new Params();
    const query = page.query;
    const from = matchSource(page, p, await this.fewMatches(query, page.limit + page.offset, page.maxId));
    if (from === null) return [];
    const ranked = page.order === 'relevance' && query !== null;
    let inner: string;
    if (ranked) {
      const score = await this.scoreSql(query, page.maxId, p, 'm');
      // Ranked over every match, or over the newest RANK_WINDOW when the words are common.
      const window = (await this.textEstimate(query)) > RANK_WINDOW ? `ORDER BY q.id DESC LIMIT ${RANK_WINDOW}` : '';
      inner = `SELECT m.id, ${score} AS score FROM (SELECT q.id, q.search, q.search_length FROM ${from} ${window}) m
        ORDER BY score DESC, m.id DESC LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)}`;
    } else {
      const order = page.order === 'recent' ? 'q.id DESC' : 'q.filed_on DESC NULLS LAST, q.id DESC';
      inner = `SELECT q.id, NULL::float8 AS score FROM ${from} ORDER BY ${order} LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)}`;
    }
    // The page in order again after the join; relevance without words lists its page newest recorded first, as SQLite does.
    const outer = ranked ? 'r.score DESC, q.id DESC' : page.order === 'date' ? 'q.filed_on DESC NULLS LAST, q.id DESC' : 'q.id DESC';
    const found = await rows<HitRow>(
      this.db,
      `SELECT ${QUOTE_COLUMNS}, q.filed_on, ${FIRST_PUBLISHED} AS first_published_on, r.score
       FROM (${inner}) r JOIN quote q ON q.id = r.id ${QUOTE_JOINS} ORDER BY ${outer}`,
      p.values,
    );
    return found.map((r) => ({
      ...toQuote(r),
      score: r.score === null ? null : Math.round(r.score * 1e4) / 1e4,
      filedOn: r.filed_on,
      firstPublishedOn: r.first_published_on,
    }));
  }

  /**
   * Whether the words match so few quotes that reading all their matches costs less than any other way to the
   * `wanted` rows: walking an order's index reads about wanted × quotes / matches rows, as many as the matches
   * at sqrt(wanted × quotes) of them (4,600 for a page of 21 at 1M quotes). Above that the planner chooses
   * (matchSource): its statistics know every word in more than ~0.14% of the quotes.
   */
  private async fewMatches(query: SearchQuery | null, wanted: number, quotes: number): Promise<boolean> {
    if (query === null) return false;
    const matches = await this.textEstimate(query);
    return matches < MANY && matches * matches <= wanted * quotes;
  }

  /** The relevance of a match (search/ranking.ts), every term of the required groups weighed by its rarity. */
  private async scoreSql(query: SearchQuery, maxId: number, p: Params, row: string): Promise<string> {
    const terms = scoredTerms(query);
    // The page's snapshot of the newest id stands for the quote count (as max(id) would): one round trip fewer.
    const [counts, collection] = await Promise.all([this.termCounts(terms), this.terms.collection(maxId)]);
    return rankSql(row, terms.map((t, i) => ({ query: termQuery(t), hits: counts[i] ?? 0, phrase: t.tokens.length > 1 })), collection, p);
  }

  async facets(scope: SearchScope, facets: FacetName[], sample: number): Promise<FacetCounts> {
    await this.prefixes.check(scope.query);
    const p = new Params();
    const from = matchSource(scope, p, await this.fewMatches(scope.query, sample + 1, scope.maxId));
    if (from === null) return { counts: Object.fromEntries(facets.map((f) => [f, []])), basedOn: 0, sampled: false };
    const found = await rows<SampleRow>(
      this.db,
      `SELECT q.id, q.speaker_id, q.kind, q.search_tags, substr(q.filed_on, 1, 4) AS year FROM ${from} ORDER BY q.id DESC LIMIT ${p.add(sample + 1)}`,
      p.values,
    );
    const sampled = found.length > sample;
    const counted = sampled ? found.slice(0, sample) : found;
    return { counts: await countFacets(this.db, counted, facets), basedOn: counted.length, sampled };
  }

  async findById(id: number): Promise<QuoteDetail | null> {
    const found = await rows<QuoteRow>(this.db, `SELECT ${QUOTE_COLUMNS} FROM quote q ${QUOTE_JOINS} WHERE q.id = $1`, [id]);
    const r = found[0];
    if (r === undefined) return null;
    const [occurrences, citations] = await Promise.all([this.occurrences(id), this.citations(id)]);
    return { ...toQuote(r), occurrences, citations };
  }

  /** Citations in the order the source saw them (undated last), then as recorded. */
  private async citations(quoteId: number): Promise<Citation[]> {
    const found = await rows<{ url: string; seen_on: string | null; confidence: number; source: string; source_quote_id: string | null }>(
      this.db,
      'SELECT url, seen_on, confidence, source, source_quote_id FROM citation WHERE quote_id = $1 ORDER BY seen_on IS NULL, seen_on COLLATE "C", id',
      [quoteId],
    );
    return found.map((c) => ({ url: c.url, seenOn: c.seen_on, confidence: c.confidence, source: c.source, sourceQuoteId: c.source_quote_id }));
  }

  async variantLinks(id: number): Promise<VariantLinks> {
    // Ids are integer columns: a larger id names no quote (and would not bind).
    if (!Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1) return { variantOf: null, variants: [] };
    const [variantOf, variants] = await Promise.all([
      rows<QuoteLink>(this.db, 'SELECT id, text FROM quote WHERE id = (SELECT variant_of_id FROM quote WHERE id = $1)', [id]),
      rows<QuoteLink>(this.db, 'SELECT id, text FROM quote WHERE variant_of_id = $1 ORDER BY id', [id]),
    ]);
    return { variantOf: variantOf[0] ?? null, variants };
  }

  async occurrenceStatus(occurrenceId: number): Promise<{ quoteId: number; status: OccurrenceStatus } | null> {
    const found = await rows<{ quote_id: number; status: OccurrenceStatus }>(this.db, 'SELECT quote_id, status FROM occurrence WHERE id = $1', [occurrenceId]);
    const r = found[0];
    return r === undefined ? null : { quoteId: r.quote_id, status: r.status };
  }

  async reviewQueue(request: ReviewQueueRequest): Promise<ReviewItem[]> {
    const p = new Params();
    // Evidence of a quote withdrawn meanwhile waits for nothing.
    const where = ["o.status = 'needs_review'", `o.id > ${p.add(request.afterId ?? 0)}`, "q.status NOT IN ('retracted', 'rejected')"];
    if (request.speakerIds !== undefined) where.push(`q.speaker_id = ANY(${p.add(request.speakerIds)}::int[])`);
    if (request.documentId !== undefined) where.push(`o.document_id = ${p.add(request.documentId)}`);
    if (request.minConfidence !== undefined) where.push(`o.confidence >= ${p.add(request.minConfidence)}`);
    if (request.maxConfidence !== undefined) where.push(`o.confidence <= ${p.add(request.maxConfidence)}`);
    const found = await rows<ReviewRow>(
      this.db,
      `SELECT ${QUOTE_COLUMNS}, d.id AS doc_id, ${DOCUMENT_FIELDS}, o.id AS occ_id, o.start, o."end", o.speaker_mention_text, o.speaker_mention_start,
         o.speaker_mention_end, o.confidence, o.attributed_by, o.extractor_version, o.created_at AS stored_at
       FROM occurrence o JOIN quote q ON q.id = o.quote_id ${QUOTE_JOINS} JOIN document d ON d.id = o.document_id
       WHERE ${where.join(' AND ')} ORDER BY o.id LIMIT ${p.add(request.limit)}`,
      p.values,
    );
    return found.map((r) => ({
      occurrenceId: r.occ_id,
      quote: toQuote(r),
      document: toDocument({ ...r, id: r.doc_id }),
      start: r.start,
      end: r.end,
      speakerMention: span(r.speaker_mention_text, r.speaker_mention_start, r.speaker_mention_end),
      confidence: r.confidence,
      attributedBy: r.attributed_by as AttributedBy,
      extractorVersion: r.extractor_version,
      storedAt: timestamp(r.stored_at),
    }));
  }

  bySpeaker(speakerId: number, limit: number): Promise<QuoteRecord[]> {
    return this.standingOf('speaker_id', speakerId, limit);
  }

  standingIdsBySpeaker(speakerId: number, limit: number): Promise<number[]> {
    return column<number>(
      this.db,
      `SELECT q.id FROM quote q WHERE q.speaker_id = $1 AND q.status IN ${STANDING_SQL} ORDER BY q.filed_on DESC NULLS LAST, q.id DESC LIMIT $2`,
      [speakerId, limit],
    );
  }

  async texts(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const found = await rows<{ id: number; text: string }>(this.db, 'SELECT id, text FROM quote WHERE id = ANY($1::int[])', [[...ids]]);
    return new Map(found.map((r) => [r.id, r.text]));
  }

  aboutSpeaker(speakerId: number, limit: number): Promise<QuoteRecord[]> {
    return this.standingOf('about_speaker_id', speakerId, limit);
  }

  /** The standing quotes of (or about) a speaker, newest first. */
  private async standingOf(column: 'speaker_id' | 'about_speaker_id', speakerId: number, limit: number): Promise<QuoteRecord[]> {
    const found = await rows<QuoteRow>(
      this.db,
      `SELECT ${QUOTE_COLUMNS} FROM quote q ${QUOTE_JOINS} WHERE q.${column} = $1 AND q.status IN ${STANDING_SQL} ORDER BY q.filed_on DESC NULLS LAST, q.id DESC LIMIT $2`,
      [speakerId, limit],
    );
    return found.map(toQuote);
  }

  /** Occurrences with their documents and relays, earliest publication first. */
  private async occurrences(quoteId: number): Promise<Occurrence[]> {
    const [occurrences, relays] = await Promise.all([
      rows<OccurrenceRow>(
        this.db,
        `SELECT ${DOCUMENT_COLUMNS}, o.id AS occ_id, o.start, o."end", o.cue_text, o.cue_start, o.cue_end,
           o.speaker_mention_text, o.speaker_mention_start, o.speaker_mention_end, o.confidence, o.attributed_by, o.extractor_version,
           o.status AS occ_status, o.status_reason AS occ_status_reason, o.status_changed_at AS occ_status_changed_at, o.status_changed_by AS occ_status_changed_by
         FROM occurrence o JOIN document d ON d.id = o.document_id
         WHERE o.quote_id = $1 ORDER BY d.published_on IS NULL, d.published_on COLLATE "C", d.added_at, o.id`,
        [quoteId],
      ),
      rows<RelayRow>(
        this.db,
        `SELECT r.occurrence_id, r.position, r.name, r.mention_text, r.mention_start, r.mention_end,
           g.id AS org_id, g.slug AS org_slug, g.name AS org_name, g.kind AS org_kind
         FROM relay r JOIN occurrence o ON o.id = r.occurrence_id LEFT JOIN organization g ON g.id = r.organization_id
         WHERE o.quote_id = $1 ORDER BY r.occurrence_id, r.position`,
        [quoteId],
      ),
    ]);
    const byOccurrence = new Map<number, Relay[]>();
    for (const r of relays) {
      const list = byOccurrence.get(r.occurrence_id) ?? [];
      list.push({
        position: r.position,
        name: r.name,
        organization: r.org_id === null ? null : { id: r.org_id, slug: r.org_slug ?? '', name: r.org_name ?? '', kind: r.org_kind },
        mention: span(r.mention_text, r.mention_start, r.mention_end),
      });
      byOccurrence.set(r.occurrence_id, list);
    }
    return occurrences.map((r) => ({
      id: r.occ_id,
      document: toDocument(r),
      start: r.start,
      end: r.end,
      cue: span(r.cue_text, r.cue_start, r.cue_end),
      speakerMention: span(r.speaker_mention_text, r.speaker_mention_start, r.speaker_mention_end),
      relays: byOccurrence.get(r.occ_id) ?? [],
      confidence: r.confidence,
      attributedBy: r.attributed_by as Occurrence['attributedBy'],
      extractorVersion: r.extractor_version,
      status: r.occ_status,
      statusNote: toStatusNote(r.occ_status_reason, r.occ_status_changed_at, r.occ_status_changed_by),
    }));
  }
}

/** An occurrence's own columns, as both the quote's evidence and the review queue read them. */
interface EvidenceRow {
  occ_id: number;
  start: number;
  end: number;
  speaker_mention_text: string | null;
  speaker_mention_start: number | null;
  speaker_mention_end: number | null;
  confidence: number;
  attributed_by: string;
  extractor_version: string | null;
}

interface OccurrenceRow extends DocumentRow, EvidenceRow {
  cue_text: string | null;
  cue_start: number | null;
  cue_end: number | null;
  occ_status: OccurrenceStatus;
  occ_status_reason: string | null;
  occ_status_changed_at: string | null;
  occ_status_changed_by: string | null;
}

interface ReviewRow extends QuoteRow, Omit<DocumentRow, 'id'>, EvidenceRow {
  doc_id: number;
  stored_at: Date;
}

interface RelayRow {
  occurrence_id: number;
  position: number;
  name: string;
  mention_text: string | null;
  mention_start: number | null;
  mention_end: number | null;
  org_id: number | null;
  org_slug: string | null;
  org_name: string | null;
  org_kind: string | null;
}

const span = (text: string | null, start: number | null, end: number | null) => (text === null || start === null || end === null ? null : { text, start, end });
