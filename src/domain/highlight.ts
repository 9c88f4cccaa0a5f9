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

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** A word at the position lastIndex is set to (sticky): after a successful test, lastIndex is its end. */
const WORD_AT = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/uy;

const isAsciiAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The words of the text being highlighted (letters and digits, combining marks staying with their letter;
 * one that folds to nothing is no word of the index): word i spans starts[i]..ends[i]; folded[i] is its
 * token when the word is not plain ASCII (a plain word's token is the word lower-cased, compared in
 * place). Buffers shared by every call (highlight runs to its end without awaiting), so a page of hits,
 * thousands of words, leaves no object per word for the serving thread's collector.
 */
let starts = new Int32Array(256);
let ends = new Int32Array(256);
let hits = new Uint8Array(256);
const folded: (string | undefined)[] = [];

/** Finds the text's words into the buffers; their number. */
function findWords(text: string): number {
  let count = 0;
  folded.length = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    // ASCII other than letters and digits never starts a word: passed over without the regular expression.
    if (c < 0x80 && !isAsciiAlnum(c)) {
      i++;
      continue;
    }
    WORD_AT.lastIndex = i;
    if (!WORD_AT.test(text)) {
      // A character of two code units that starts no word is passed over whole.
      i += isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
      continue;
    }
    const end = WORD_AT.lastIndex;
    let ascii = true;
    for (let k = i; k < end && ascii; k++) ascii = isAsciiAlnum(text.charCodeAt(k));
    // Most words are plain ASCII: lower-casing is all their folding needs (much cheaper than NFKD), and none folds to nothing.
    const token = ascii ? undefined : foldToken(text.slice(i, end));
    if (token !== '') {
      if (count === starts.length) grow();
      starts[count] = i;
      ends[count] = end;
      if (token !== undefined) folded[count] = token;
      count++;
    }
    i = end;
  }
  return count;
}

function grow(): void {
  const more = (from: Int32Array) => {
    const to = new Int32Array(from.length * 2);
    to.set(from);
    return to;
  };
  starts = more(starts);
  ends = more(ends);
  hits = new Uint8Array(starts.length);
}

/** Whether word i's token is `token` (or starts with it, for a prefix). */
function tokenMatches(text: string, i: number, token: string, prefix: boolean): boolean {
  const word = folded[i];
  if (word !== undefined) return prefix ? word.startsWith(token) : word === token;
  const start = starts[i] as number;
  const length = (ends[i] as number) - start;
  if (prefix ? length < token.length : length !== token.length) return false;
  for (let k = 0; k < token.length; k++) {
    const c = text.charCodeAt(start + k);
    // Plain ASCII letters and digits: upper case lowered.
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== token.charCodeAt(k)) return false;
  }
  return true;
}

/** Marks the words covered by a term in `hits`: every run of consecutive words equal to its tokens. */
function termHits(text: string, count: number, term: SearchTerm): void {
  const n = term.tokens.length;
  for (let i = 0; i + n <= count; i++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      ok = tokenMatches(text, i + k, term.tokens[k] as string, term.prefix && k === n - 1);
    }
    if (ok) for (let k = 0; k < n; k++) hits[i + k] = 1;
  }
}

/** Words around the first match, at most `window` of them, with "…" where text was cut. */
export function highlight(text: string, query: SearchQuery | null, window = 40): Highlight {
  const count = findWords(text);
  const matches: Highlight['matches'] = [];
  let first = -1;
  if (query !== null && query.required.length > 0) {
    hits.fill(0, 0, count);
    for (const group of query.required) for (const term of group) termHits(text, count, term);
    for (let i = 0; i < count; i++) {
      if (hits[i] === 0) continue;
      if (first < 0) first = i;
      matches.push({ start: starts[i] as number, end: ends[i] as number });
    }
  }
  if (count <= window) return { snippet: mark(text, 0, text.length, matches), matches };
  const from = Math.max(0, Math.min(Math.max(first, 0) - Math.floor(window / 4), count - window));
  const to = from + window - 1;
  const start = from === 0 ? 0 : (starts[from] as number);
  const end = to >= count - 1 ? text.length : (ends[to] as number);
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
