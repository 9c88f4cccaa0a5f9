import type { Paragraph, QuoteSpan } from './quote-span.finder.ts';

export interface Sentence {
  start: number;
  end: number;
  paragraph: number;
}

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'maj', 'capt', 'sgt', 'adm', 'st', 'jr',
  'sr', 'rev', 'no', 'vs', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'inc', 'corp', 'co', 'ltd', 'u.s', 'u.k', 'u.n', 'e.u', 'a.m', 'p.m', 'approx', 'est', 'fig', 'mt', 'ft',
]);

const BOUNDARY = /[.!?]+[)\]"”’»]*\s+(?=[“"‘'«([\p{Lu}\p{N}])/gu;

/** Sentences of each paragraph; a boundary never falls inside a quotation. */
export function splitSentences(text: string, paragraphs: readonly Paragraph[], quotes: readonly QuoteSpan[]): Sentence[] {
  const sentences: Sentence[] = [];
  let q = 0;
  for (const p of paragraphs) {
    const slice = text.slice(p.start, p.end);
    let start = p.start;
    BOUNDARY.lastIndex = 0;
    for (let m = BOUNDARY.exec(slice); m !== null; m = BOUNDARY.exec(slice)) {
      const at = p.start + m.index;
      const cut = at + m[0].trimEnd().length;
      while (q < quotes.length && (quotes[q]?.close ?? quotes[q]?.end ?? 0) < cut) q++;
      if (insideQuote(quotes, q, cut)) continue;
      const word = /([\p{L}.]+)$/u.exec(text.slice(start, at))?.[1] ?? '';
      if (ABBREVIATIONS.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word)) continue;
      sentences.push({ start, end: cut, paragraph: p.index });
      start = p.start + m.index + m[0].length;
    }
    if (start < p.end) sentences.push({ start, end: p.end, paragraph: p.index });
  }
  return sentences.flatMap((s) => capLength(text, s));
}

/**
 * Real sentences are far shorter; capping the length bounds the per-sentence
 * work (quotes × cues), so a pathological input cannot stall the extractor.
 */
export const MAX_SENTENCE_CHARS = 2000;

function capLength(text: string, s: Sentence): Sentence[] {
  if (s.end - s.start <= MAX_SENTENCE_CHARS) return [s];
  const parts: Sentence[] = [];
  let start = s.start;
  while (s.end - start > MAX_SENTENCE_CHARS) {
    let cut = text.lastIndexOf(' ', start + MAX_SENTENCE_CHARS);
    if (cut <= start) cut = start + MAX_SENTENCE_CHARS;
    parts.push({ start, end: cut, paragraph: s.paragraph });
    start = cut + 1;
  }
  parts.push({ start, end: s.end, paragraph: s.paragraph });
  return parts;
}

function insideQuote(quotes: readonly QuoteSpan[], from: number, at: number): boolean {
  for (let i = from; i < quotes.length; i++) {
    const span = quotes[i];
    if (span === undefined || span.open > at) return false;
    const close = span.close ?? span.end;
    if (span.open < at && at < close) return true;
  }
  return false;
}
