import { escapeHtml } from '../../domain/html.ts';

/** Private-use markers FTS5 puts around matches; replaced after HTML escaping. */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';

export { escapeHtml };

/** Escapes stored (untrusted) text and turns the match markers into <mark> elements. */
export function renderSnippet(raw: string): string {
  return escapeHtml(raw).replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>');
}

/** A plain excerpt for results without a text query. */
export function plainSnippet(text: string, maxLength = 240): string {
  const cut = text.length > maxLength ? `${text.slice(0, maxLength).replace(/\s+\S*$/, '')}…` : text;
  return escapeHtml(cut);
}
