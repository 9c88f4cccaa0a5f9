/**
 * Finds quotation spans paragraph by paragraph. A mark that never closes is
 * confined to its paragraph, so one stray mark cannot swallow the article.
 */
export interface Paragraph {
  index: number;
  start: number;
  end: number;
}

export interface QuoteSpan {
  /** Index of the opening mark. */
  open: number;
  /** Index of the closing mark, or null when the paragraph ended first. */
  close: number | null;
  /** Content offsets: marks, surrounding blanks and trailing commas excluded. */
  start: number;
  end: number;
  paragraph: number;
  /** True when the quote runs on into the next paragraph (its closing mark omitted). */
  continues: boolean;
  /** True when the span is this paragraph's part of a quote opened in an earlier one. */
  continuation: boolean;
}

// Mixed styles close each other ("…,” / “…,"): wire copy edited in two systems often pairs them so.
const CLOSER: Readonly<Record<string, string>> = { '“': '”"', '«': '»', '„': '“”', '"': '"”', '‘': '’', "'": "'", '‚': '‘’' };
const DOUBLE_OPENERS = new Set(['“', '«', '„', '"']);
const SINGLE_OPENERS = new Set(['‘', "'", '‚']);
const OPEN_BEFORE = /[\s([{—–\-/:]/u;

/** Splits on line breaks; blank lines and single newlines both end a paragraph. */
export function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const re = /[^\r\n]+/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const lead = m[0].length - m[0].trimStart().length;
    const trail = m[0].length - m[0].trimEnd().length;
    if (m[0].trim() === '') continue;
    paragraphs.push({ index: paragraphs.length, start: m.index + lead, end: m.index + m[0].length - trail });
  }
  return paragraphs;
}

const isLetterOrDigit = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isSpaceOrStart = (ch: string | undefined): boolean => ch === undefined || OPEN_BEFORE.test(ch);

function opensHere(text: string, i: number, start: number): boolean {
  const ch = text[i] ?? '';
  const prev = i > start ? text[i - 1] : undefined;
  const next = text[i + 1];
  if (ch === '“' || ch === '«' || ch === '„' || ch === '‚') return next !== undefined && !/\s/u.test(next);
  if (ch === '"') return isSpaceOrStart(prev) && next !== undefined && !/\s/u.test(next);
  // Single marks double as apostrophes: open only before a word and after a space ("the ’90s" is not a quote).
  if (ch === '‘' || ch === "'") return isSpaceOrStart(prev) && isLetterOrDigit(next) && !/^[’']?\d0s/u.test(text.slice(i + 1, i + 5));
  return false;
}

function closesHere(text: string, i: number, opener: string): boolean {
  const ch = text[i] ?? '';
  if (!(CLOSER[opener] ?? '').includes(ch)) return false;
  const prev = text[i - 1];
  const next = text[i + 1];
  if (SINGLE_OPENERS.has(opener)) {
    // "you’ll", "Russia’s": an apostrophe between letters is never a closing mark.
    return prev !== undefined && !/\s/u.test(prev) && !isLetterOrDigit(next);
  }
  if (opener === '"' || ch === '"') return prev !== undefined && !/\s/u.test(prev);
  return true;
}

function trimContent(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/u.test(text[s] ?? '')) s++;
  // A comma before the closing mark belongs to the sentence, not the words ("…level,” according to …").
  while (e > s && /[\s,;:]/u.test(text[e - 1] ?? '')) e--;
  return [s, e];
}

function firstNonSpace(text: string, p: Paragraph): number {
  let i = p.start;
  while (i < p.end && /\s/u.test(text[i] ?? '')) i++;
  return i;
}

/** Quotation spans of the whole text, in order. Nested quotes stay inside their outer span. */
export function findQuoteSpans(text: string, paragraphs: readonly Paragraph[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let carried = false;
  for (const [pi, p] of paragraphs.entries()) {
    const continuation = carried;
    carried = false;
    let open: number | null = null;
    let opener = '';
    const lastCloser = lastSingleClosers(text, p);
    for (let i = p.start; i < p.end; i++) {
      const ch = text[i] ?? '';
      if (open === null) {
        if ((DOUBLE_OPENERS.has(ch) || SINGLE_OPENERS.has(ch)) && opensHere(text, i, p.start)) {
          if (SINGLE_OPENERS.has(ch) && (lastCloser.get(ch) ?? -1) <= i) continue;
          open = i;
          opener = ch;
        }
        continue;
      }
      // "“Apparently not,“ he said": an opening mark typed for the closing one, after the words' final punctuation.
      const mistyped = ch === '“' && opener === '“' && /[,.!?]/u.test(text[i - 1] ?? '') && /\s/u.test(text[i + 1] ?? '');
      if (mistyped || closesHere(text, i, opener)) {
        const [s, e] = trimContent(text, open + 1, i);
        if (e > s) spans.push({ open, close: i, start: s, end: e, paragraph: pi, continues: false, continuation: continuation && open === firstNonSpace(text, p) });
        open = null;
      } else if (ch === opener && opener !== '"' && opener !== "'" && DOUBLE_OPENERS.has(ch)) {
        // A second opening mark before any closing one: the first was stray.
        open = i;
      }
    }
    if (open !== null) {
      const next = paragraphs[pi + 1];
      const nextOpens = next !== undefined && DOUBLE_OPENERS.has(text[firstNonSpace(text, next)] ?? '') ;
      const atParagraphStart = open === firstNonSpace(text, p);
      // Closing mark omitted at a paragraph end: the quote goes on in the next paragraph (news convention).
      // Only for a quote that opens the paragraph or is introduced ("said: “…"); otherwise the mark is stray.
      const introduced = /(?:[,:]|[.!?]["”’]?)\s*$/u.test(text.slice(p.start, open));
      if (atParagraphStart || (nextOpens && introduced)) {
        const [s, e] = trimContent(text, open + 1, p.end);
        if (e > s) spans.push({ open, close: null, start: s, end: e, paragraph: pi, continues: nextOpens, continuation: continuation && atParagraphStart });
        carried = nextOpens && e > s;
      }
    }
  }
  return spans;
}

/**
 * For each single opening mark, the last place in the paragraph it could close: a single mark
 * opens only when a closer follows, and one backward pass answers that for every opener at once.
 */
function lastSingleClosers(text: string, p: Paragraph): Map<string, number> {
  const last = new Map<string, number>();
  for (let i = p.end - 1; i >= p.start && last.size < SINGLE_OPENERS.size; i--) {
    for (const opener of SINGLE_OPENERS) if (!last.has(opener) && closesHere(text, i, opener)) last.set(opener, i);
  }
  return last;
}
