import type { SearchQuery, SearchTerm } from '../../../domain/search-query.ts';
import type { SearchFilters } from '../../ports/index.ts';
import { TAG_PREFIX, tagToken } from './search-index.sql.ts';

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

export type TagFilterName = 'speaker' | 'organization' | 'outlet' | 'language' | 'kind';

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
  return tags;
}

/** The whole MATCH expression, or null when neither words nor index-backed filters apply. */
export function matchExpression(query: SearchQuery | null, tags: readonly TagFilter[]): string | null {
  const parts: string[] = [];
  if (query !== null) parts.push(`{text} : (${toFts5Match(query)})`);
  for (const tag of tags) parts.push(`{searchTags} : (${tag.tokens.map(quoted).join(' OR ')})`);
  return parts.length === 0 ? null : parts.join(' AND ');
}
