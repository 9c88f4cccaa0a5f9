import type { SearchQuery, SearchTerm } from '../../../domain/search-query.ts';
import type { SearchFilters } from '../../ports/index.ts';

/**
 * Compiles the parsed query language to tsquery text. The index holds the
 * application's own tokens (quote.search_text), so every token is a literal
 * lexeme, quoted: user text can never be read as a tsquery operator.
 */
const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** A phrase as adjacent lexemes; a prefix on its last word. */
export function termQuery(t: SearchTerm): string {
  const parts = t.tokens.map((token, i) => (t.prefix && i === t.tokens.length - 1 ? `${lexeme(token)}:*` : lexeme(token)));
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' <-> ')})`;
}

/** Every group (any of its terms), none of the excluded terms. */
export function toTsQuery(query: SearchQuery): string {
  const groups = query.required.map((g) => (g.length === 1 ? termQuery(g[0] as SearchTerm) : `(${g.map(termQuery).join(' | ')})`));
  const positive = groups.join(' & ');
  if (query.excluded.length === 0) return positive;
  return `(${positive}) & !(${query.excluded.map(termQuery).join(' | ')})`;
}

/** Any of several single words (as search folds them), or all of them. */
export function wordsQuery(words: readonly string[], operator: '|' | '&'): string {
  return words.map(lexeme).join(` ${operator} `);
}

/** Filter tags (quote.search_tags), the same tokens as the SQLite backend's. */
export const TAG_PREFIX = { speaker: 'sp', organization: 'or', outlet: 'ou', language: 'la', kind: 'ki' } as const;

/** ASCII lower-cased, trimmed, hex of the UTF-8 bytes: the SQL function tag_token() of the migration. */
export function tagToken(prefix: string, value: string): string {
  const folded = value.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  return `${prefix}${Buffer.from(folded, 'utf8').toString('hex')}`;
}

/** The tag lists a scope requires (a match holds one token of each); an empty list matches nothing. */
export function tagLists(filters: SearchFilters): string[][] {
  const lists: string[][] = [];
  if (filters.organizationIds !== undefined) lists.push(filters.organizationIds.map((id) => `${TAG_PREFIX.organization}${id}`));
  if (filters.outlet !== undefined) lists.push([tagToken(TAG_PREFIX.outlet, filters.outlet)]);
  if (filters.language !== undefined) lists.push([tagToken(TAG_PREFIX.language, filters.language)]);
  return lists;
}
