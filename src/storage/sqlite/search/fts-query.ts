import type { SearchQuery, SearchTerm } from '../../../domain/search-query.ts';
import type { SearchFilters } from '../../ports/index.ts';
import { QUOTE_STATUSES, STANDING_STATUSES, type QuoteStatus } from '../../../domain/status.ts';
import { statusToken, TAG_PREFIX, tagToken } from './search-index.sql.ts';

/**
 * Compiles a parsed query and the index-backed filters to FTS5 MATCH syntax.
 * Every token is emitted inside double quotes, so user text can never be read
 * as an FTS5 operator. Words are looked up in the `text` column only; filters
 * are single-token tags in the `tags` column, which FTS5 intersects with the
 * words' doclists (far cheaper than joining and filtering the matches).
 */
const quoted = (token: string) => `"${token.replace(/"/g, '""')}"`;

function term(t: SearchTerm): string {
  const phrase = quoted(t.tokens.join(' '));
  return t.prefix ? `${phrase} *` : phrase;
}

function group(terms: SearchTerm[]): string {
  return terms.length === 1 ? term(terms[0] as SearchTerm) : `(${terms.map(term).join(' OR ')})`;
}

export function toFts5Match(query: SearchQuery): string {
  const positive = query.required.map(group).join(' AND ');
  if (query.excluded.length === 0) return positive;
  return `(${positive}) NOT (${query.excluded.map(term).join(' OR ')})`;
}

export type TagFilterName = 'speaker' | 'organization' | 'outlet' | 'language' | 'kind' | 'status';

/** An index-backed filter: a match needs any of its tag tokens. */
export interface TagFilter {
  name: TagFilterName;
  tokens: string[];
}

export function tagFilters(filters: SearchFilters): TagFilter[] {
  const tags: TagFilter[] = [];
  if (filters.speakerIds !== undefined) tags.push({ name: 'speaker', tokens: filters.speakerIds.map((id) => `${TAG_PREFIX.speaker}${id}`) });
  if (filters.organizationIds !== undefined) {
    tags.push({ name: 'organization', tokens: filters.organizationIds.map((id) => `${TAG_PREFIX.organization}${id}`) });
  }
  if (filters.outlet !== undefined) tags.push({ name: 'outlet', tokens: [tagToken(TAG_PREFIX.outlet, filters.outlet)] });
  if (filters.language !== undefined) tags.push({ name: 'language', tokens: [tagToken(TAG_PREFIX.language, filters.language)] });
  if (filters.kind !== undefined) tags.push({ name: 'kind', tokens: [`${TAG_PREFIX.kind}${filters.kind}`] });
  const statuses = statusesOf(filters);
  // Without active, the statuses asked for are rare: their tokens select them (active quotes carry none).
  if (!statuses.includes('active')) tags.push({ name: 'status', tokens: statuses.flatMap((s) => statusToken(s) ?? []) });
  return tags;
}

/** The statuses a search shows: those asked for, else the standing ones. */
export function statusesOf(filters: SearchFilters): readonly QuoteStatus[] {
  return filters.statuses ?? STANDING_STATUSES;
}

/**
 * With active among the statuses shown, the statuses left out (their tokens):
 * matches holding one are excluded. Empty when every status is shown, or when
 * active is not shown (then `tagFilters` selects by token instead).
 */
export function excludedStatusTokens(filters: SearchFilters): string[] {
  const statuses = statusesOf(filters);
  if (!statuses.includes('active')) return [];
  return QUOTE_STATUSES.filter((s) => !statuses.includes(s)).flatMap((s) => statusToken(s) ?? []);
}

/**
 * The whole MATCH expression, or null when neither words nor index-backed
 * filters apply. `excluded`: tag tokens a match must not hold (statuses left
 * out of view); their doclists are short (few quotes are withdrawn), so
 * excluding them costs next to nothing.
 */
export function matchExpression(query: SearchQuery | null, tags: readonly TagFilter[], excluded: readonly string[] = []): string | null {
  const parts: string[] = [];
  if (query !== null) parts.push(`{text} : (${toFts5Match(query)})`);
  for (const tag of tags) parts.push(`{searchTags} : (${tag.tokens.map(quoted).join(' OR ')})`);
  if (parts.length === 0) return null;
  const positive = parts.join(' AND ');
  return excluded.length === 0 ? positive : `(${positive}) NOT {searchTags} : (${excluded.map(quoted).join(' OR ')})`;
}
