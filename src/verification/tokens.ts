import { foldName, normalizeTypography } from '../domain/text.ts';

/**
 * Words of a claim or a stored quote. `text` is the word as written (after
 * typography is straightened), shown in diffs; `key` is the case- and
 * accent-folded form every comparison uses.
 */
export interface Token {
  text: string;
  key: string;
}

// A word keeps inner apostrophes and hyphens ("you'll", "Jong-un", "Anti-Imperialist").
const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;

export function foldKey(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const NON_ASCII = /[\u0080-\uffff]/;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  if (NON_ASCII.test(text)) {
    for (const match of normalizeTypography(text).matchAll(WORD)) out.push({ text: match[0], key: foldKey(match[0]) });
    return out;
  }
  // Scoring tokenizes every candidate: for ASCII, the common case, typography is only the grave accent (whitespace
  // does not change the words) and a word is its own NFKD form without marks, so its key is it lower-cased.
  for (const match of (text.includes('`') ? text.replace(/`/g, "'") : text).matchAll(WORD)) out.push({ text: match[0], key: match[0].toLowerCase() });
  return out;
}

/** The keys of `tokenize(text)`, without the tokens: what a pre-score needs of each of many candidates. */
export function tokenKeys(text: string): string[] {
  if (NON_ASCII.test(text)) return tokenize(text).map((t) => t.key);
  return (text.includes('`') ? text.replace(/`/g, "'") : text).toLowerCase().match(WORD) ?? [];
}

/**
 * Distinct terms as the full-text index (unicode61, remove_diacritics) sees
 * them: folded, split at every non-alphanumeric ("you'll" → "you", "ll").
 */
export function indexTerms(text: string): string[] {
  return [...new Set(indexWords(text))];
}

const ASCII_INDEX_WORD = /[a-z0-9]+/g;

/** The words in order as the full-text index sees them (folded, split at every non-alphanumeric), repeats kept. */
export function indexWords(text: string): string[] {
  // ASCII (most quotes; every stored quote is signed with these): foldName lower-cases and makes every run of
  // other characters one space, so its words are the lower-cased runs of a-z and 0-9, found in one pass.
  if (!NON_ASCII.test(text)) return text.toLowerCase().match(ASCII_INDEX_WORD) ?? [];
  return foldName(text)
    .split(' ')
    .filter((t) => t !== '');
}

/**
 * Function words that carry no identity. Negations are deliberately absent:
 * "will" and "will not" must not look alike to the near-duplicate index.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or of to in on at by for from with as is are was were be been being it its this that these those ' +
    'he she they we you i his her their our your him them us me my s ll ve re d t will would can could should has have had do does did ' +
    'which who whom whose what there here also than then so such about into over under after before while'
  ).split(' '),
);

/** Index terms minus stopwords: the set a MinHash signature is taken over. */
export function contentTerms(text: string): string[] {
  return contentTermsOf(indexWords(text));
}

/** `contentTerms` of words already split by `indexWords`. */
export function contentTermsOf(words: readonly string[]): string[] {
  return [...new Set(words)].filter((t) => !STOPWORDS.has(t));
}
