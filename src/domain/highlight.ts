import { foldToken, type SearchQuery, type SearchTerm } from './search-query.ts';

/**
 * Where a parsed query matched a quote's text, as UTF-16 offsets, and an
 * HTML-safe excerpt with those words in <mark>. Computed from the stored text
 * with the same word splitting and folding as the index (letters and digits,
 * case and accents folded), so clients can render their own highlights.
 */
export interface Highlight {
  snippet: string;
  matches: { start: number; end: number }[];
}

interface Word {
  token: string;
  start: number;
  end: number;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** Words of the text with their offsets; combining marks stay with their letter. */
function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu)) {
    // Most words are plain ASCII: lower-casing is all their folding needs (and much cheaper than NFKD).
    const token = ASCII_WORD.test(m[0]) ? m[0].toLowerCase() : foldToken(m[0]);
    if (token !== '') out.push({ token, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const tokenMatches = (word: string, token: string, prefix: boolean) => (prefix ? word.startsWith(token) : word === token);

/** Indices of words covered by a term: every run of consecutive words equal to its tokens. */
function termHits(ws: Word[], term: SearchTerm, into: Set<number>): void {
  const n = term.tokens.length;
  for (let i = 0; i + n <= ws.length; i++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      ok = tokenMatches((ws[i + k] as Word).token, term.tokens[k] as string, term.prefix && k === n - 1);
    }
    if (ok) for (let k = 0; k < n; k++) into.add(i + k);
  }
}

/** Words around the first match, at most `window` of them, with "…" where text was cut. */
export function highlight(text: string, query: SearchQuery | null, window = 40): Highlight {
  const ws = words(text);
  const hit = new Set<number>();
  if (query !== null) for (const group of query.required) for (const term of group) termHits(ws, term, hit);
  const indices = [...hit].sort((a, b) => a - b);
  const matches = indices.map((i) => ({ start: (ws[i] as Word).start, end: (ws[i] as Word).end }));
  if (ws.length <= window) return { snippet: mark(text, 0, text.length, matches), matches };
  const first = indices[0] ?? 0;
  const from = Math.max(0, Math.min(first - Math.floor(window / 4), ws.length - window));
  const to = from + window - 1;
  const start = from === 0 ? 0 : (ws[from] as Word).start;
  const end = to >= ws.length - 1 ? text.length : (ws[to] as Word).end;
  const body = mark(text, start, end, matches);
  return { snippet: `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`, matches };
}

function mark(text: string, start: number, end: number, matches: Highlight['matches']): string {
  let out = '';
  let at = start;
  for (const m of matches) {
    if (m.start < start || m.end > end) continue;
    out += `${escapeHtml(text.slice(at, m.start))}<mark>${escapeHtml(text.slice(m.start, m.end))}</mark>`;
    at = m.end;
  }
  return out + escapeHtml(text.slice(at, end));
}
