import type { SearchQuery, SearchTerm } from '../../domain/search-query.ts';

/**
 * Compiles a parsed query to FTS5 MATCH syntax. Every token is emitted inside
 * double quotes, so user text can never be read as an FTS5 operator.
 */
function term(t: SearchTerm): string {
  const phrase = `"${t.tokens.map((tok) => tok.replace(/"/g, '""')).join(' ')}"`;
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
