import { REPORTING_PHRASES, REPORTING_VERBS } from './extraction.lexicon.ts';
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

/** Abbreviations that also end sentences ("… entering the U.S. The proposal …"): a sentence opener after them splits. */
const FINAL_ABBREVIATIONS = new Set(['u.s', 'u.k', 'u.n', 'e.u', 'a.m', 'p.m', 'inc', 'corp', 'co', 'ltd', 'jr', 'sr']);
const SENTENCE_OPENER =
  /^(?:The|This|That|These|Those|It|He|She|They|We|I|But|And|In|On|At|A|An|His|Her|Their|Its|Our|There|Some|Many|Most|As|After|When|While|If|Yet|So|Still|Meanwhile|However|Now|Then|Asked|According)\s/u;

/** A run of sentence-ending marks; what follows it is checked separately, so a long run costs its length once. */
const END_MARKS = /[.!?]+/gu;
const AFTER_MARKS = /[)\]"”’»]*\s+(?=[“"‘'«([\p{Lu}\p{N}])/uy;
const WORD_CHAR = /[\p{L}.]/u;
// Longest first, multiword cues included ("“…?” Trump went on", "“…!” she shot back").
const VERBS = [...REPORTING_PHRASES, ...REPORTING_VERBS].sort((a, b) => b.length - a.length).map((v) => v.replace(/ /gu, '\\s+')).join('|');
/**
 * “Are you ready?” Sanders asked. / “No!” said the crowd. — after a question or exclamation
 * inside quotation marks, a speaker and cue (either order) continue the same sentence.
 */
const CUE_FOLLOWS = new RegExp(`^(?:(?:(?:the|a|an|one|his|her|their)\\s+)?(?:[\\p{L}.’'-]+\\s+){0,4}?(?:${VERBS})|(?:${VERBS})\\s+\\p{Lu})\\b`, 'u');

/**
 * What may follow "Trump said" in a cue-only sentence: nothing, an aside after a comma, or when, where and to whom
 * ("said on Tuesday.", "said in an interview."); "Cruz says he isn’t familiar with …" is a sentence of its own.
 */
const ADJUNCT_TAIL =
  String.raw`(?:\s*[.!?]|\s*,(?![^.!?]*\bthat\b)[^.!?“”"]{0,60}[.!?]|\s+(?:on|in|at|during|after|before|to|from|while|when|as|last|this|earlier|later|late|early|about|with|via|through|yesterday|today|tonight|recently|again|then|afterward|afterwards|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?![^.!?]*\bthat\b)[^.!?“”"]{0,60}[.!?])(?:\s|$)`;

/**
 * “We will win.” Trump said. — a period inside the marks, then a sentence that is only a speaker
 * and a cue (no clause of its own): the cue belongs to the quotation.
 */
const CUE_FRAGMENT = new RegExp(
  `^(?:(?:(?:the|a|an|one|his|her|their)\\s+)?(?:[\\p{L}’'-]+\\s+){0,4}?(?:${VERBS})\\b${ADJUNCT_TAIL}|(?:${VERBS})\\s+\\p{Lu}\\b(?![^.!?]*\\bthat\\b)[^.!?“”"]{0,60}[.!?](?:\\s|$))`,
  'u',
);

/** The word (letters and periods) ending at `at`, read backwards no further than `from`. */
function wordBefore(text: string, from: number, at: number): string {
  let i = at;
  // A word longer than any abbreviation need not be read in full.
  while (i > from && at - i < 12 && WORD_CHAR.test(text[i - 1] ?? '')) i--;
  return text.slice(i, at);
}

/** Sentences of each paragraph; a boundary never falls inside a quotation. */
export function splitSentences(text: string, paragraphs: readonly Paragraph[], quotes: readonly QuoteSpan[]): Sentence[] {
  const sentences: Sentence[] = [];
  let q = 0;
  for (const p of paragraphs) {
    let start = p.start;
    END_MARKS.lastIndex = p.start;
    for (let m = END_MARKS.exec(text); m !== null && m.index < p.end; m = END_MARKS.exec(text)) {
      const at = m.index;
      AFTER_MARKS.lastIndex = at + m[0].length;
      const tail = AFTER_MARKS.exec(text);
      if (tail === null || AFTER_MARKS.lastIndex > p.end) continue;
      const boundaryEnd = AFTER_MARKS.lastIndex;
      const cut = at + (text.slice(at, boundaryEnd).trimEnd().length);
      while (q < quotes.length && (quotes[q]?.close ?? quotes[q]?.end ?? 0) < cut) q++;
      if (insideQuote(quotes, q, cut)) continue;
      if (/[!?]/u.test(m[0]) && /["”’»]/u.test(tail[0]) && CUE_FOLLOWS.test(text.slice(boundaryEnd, Math.min(p.end, boundaryEnd + 80)))) continue;
      if (/["”»]/u.test(tail[0]) && CUE_FRAGMENT.test(text.slice(boundaryEnd, Math.min(p.end, boundaryEnd + 120)))) continue;
      const word = wordBefore(text, start, at);
      const abbreviation = word.toLowerCase();
      const opens = FINAL_ABBREVIATIONS.has(abbreviation) && SENTENCE_OPENER.test(text.slice(boundaryEnd, Math.min(p.end, boundaryEnd + 12)));
      if (!opens && (ABBREVIATIONS.has(abbreviation) || /^\p{Lu}$/u.test(word))) continue;
      sentences.push({ start, end: cut, paragraph: p.index });
      start = boundaryEnd;
      END_MARKS.lastIndex = boundaryEnd;
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
