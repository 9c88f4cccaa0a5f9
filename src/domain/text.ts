import { hash } from 'node:crypto';

/** Hex sha256 of a string's UTF-8 bytes (one-shot: a third of createHash's cost on short texts). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

const TYPOGRAPHY: ReadonlyArray<[RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' '],
  [/[\u200B-\u200D\u2060\uFEFF]/g, ''],
];

const NON_ASCII = /[\u0080-\uffff]/;

/** Straightens quotes, apostrophes and dashes and collapses whitespace, keeping case and words. */
export function normalizeTypography(text: string): string {
  let out: string;
  if (NON_ASCII.test(text)) {
    out = text.normalize('NFKC');
    for (const [pattern, replacement] of TYPOGRAPHY) out = out.replace(pattern, replacement);
  } else {
    // ASCII is its own NFKC form, and the grave accent is the one ASCII character TYPOGRAPHY changes.
    out = text.includes('`') ? text.replace(/`/g, "'") : text;
  }
  // Most texts hold single spaces only, which the replace would copy unchanged: testing first is cheaper.
  return (MORE_THAN_A_SPACE.test(out) ? out.replace(/\s+/g, ' ') : out).trim();
}

/** Whitespace that `/\s+/g → ' '` changes: two in a row, or one that is not a space. */
const MORE_THAN_A_SPACE = /\s\s|[^\S ]/;

/** What normalizeQuoteText drops at either end of a quote. */
const QUOTE_EDGE = /[\s"'.,;:!?-]/;

/**
 * The form under which two quotes count as the same words: typography and case
 * folded, surrounding punctuation dropped ("…participating." = "…participating").
 */
export function normalizeQuoteText(text: string): string {
  const folded = normalizeTypography(text).toLowerCase();
  // The runs of QUOTE_EDGE at both ends, found by hand: a regex for them tries every position of the text.
  let start = 0;
  let end = folded.length;
  while (start < end && QUOTE_EDGE.test(folded.charAt(start))) start++;
  while (end > start && QUOTE_EDGE.test(folded.charAt(end - 1))) end--;
  return start === 0 && end === folded.length ? folded : folded.slice(start, end);
}

/** Case-, accent- and punctuation-folded form of a name: "Kim Jong-un" = "kim jong un". */
export function foldName(name: string): string {
  // ASCII has no marks and is its own NFKD form; its letters and digits, lower-cased, are a-z and 0-9.
  if (!NON_ASCII.test(name)) return name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** URL-safe identifier from a name: "Lim Eul-chul" → "lim-eul-chul". */
export function slugify(name: string): string {
  return foldName(name).replace(/ /g, '-');
}

/** True when the string holds an unpaired UTF-16 surrogate (not valid Unicode text). */
/**
 * Whether a text has anything a reader could see: not only white space,
 * control and format characters (zero-width space and joiners, BOM, soft
 * hyphen) and the blank fillers that render as nothing (Hangul fillers,
 * braille blank, combining grapheme joiner).
 */
export function hasVisibleText(text: string): boolean {
  return /[^\s\p{Z}\p{Cc}\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\u2800]/u.test(text);
}

export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
