/**
 * The query language journalists type, parsed into a small tree that any
 * full-text engine can run. Nothing a user types reaches the engine raw.
 *
 *   climate change      both words (AND)
 *   "exact phrase"      the words in this order ("…" and “…” both work)
 *   shell*              any word starting with "shell" (3+ characters, 3 per query at most)
 *   -parade             leave out quotes containing "parade"
 *   NOT parade          the same (upper-case NOT before a term)
 *   Putin OR Kremlin    either side (upper-case OR between two terms)
 *   Putin AND Kim       both (upper-case AND between two terms: what a space does)
 *
 * Everything else is literal text: lower-case and, or, not, NEAR, parentheses,
 * colons and other punctuation separate words and carry no meaning. Hyphenated and
 * apostrophised words are phrases of their parts ("Jong-un" = "Jong un").
 */
export interface SearchTerm {
  /** Folded tokens, in order; more than one means an adjacent phrase. */
  tokens: string[];
  prefix: boolean;
  /** Typed in quotes: matched exactly as typed, never widened to other forms. */
  exact: boolean;
}

export interface SearchQuery {
  /** Every group must match; a group matches when any of its terms does. */
  required: SearchTerm[][];
  excluded: SearchTerm[];
}

export const MAX_QUERY_TERMS = 32;
/**
 * A prefix expands to every indexed word it starts: a short one ("a*") to a
 * large part of the vocabulary, whose lists the engine must merge. These two
 * caps bound that cost whatever the query: "a* b* c* … z*" is refused.
 */
export const MIN_PREFIX_CHARS = 3;
export const MAX_PREFIX_TERMS = 3;
/**
 * What a query's prefixes may stand for together, in (word, quote) pairs: the
 * engine merges the quote lists of every word a prefix starts before it can
 * return one result, so this, not the number of words, is what a prefix costs.
 * A prefix of common words ("the*" at 1M quotes: over a million pairs) is
 * refused with the advice to add letters.
 */
export const MAX_PREFIX_EXPANSION = 250_000;

const OPEN_QUOTES = new Set(['"', '\u201C', '\u201E', '\u00AB']);
const CLOSE_QUOTES = new Set(['"', '\u201D', '\u201C', '\u00BB']);

/** Case and accents folded, as the index's tokenizer does (unicode61, remove_diacritics 2). */
export function foldToken(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * Splits text into the tokens the index holds: runs of letters and digits,
 * accents and case folded. Apostrophes (straight or curly), hyphens and other
 * punctuation separate words, in the index and in queries alike.
 */
export function tokenize(text: string): string[] {
  return foldToken(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

interface RawPart {
  type: 'phrase' | 'word' | 'or' | 'not' | 'and';
  text: string;
  negated: boolean;
}

const OPERATORS: Record<string, RawPart['type']> = { OR: 'or', NOT: 'not', AND: 'and' };

function lex(input: string): RawPart[] {
  const parts: RawPart[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const negated = ch === '-' && i + 1 < input.length && !/\s/.test(input[i + 1] as string);
    const start = negated ? i + 1 : i;
    const opener = input[start] as string;
    if (OPEN_QUOTES.has(opener)) {
      let close = -1;
      for (let j = start + 1; j < input.length; j++) {
        if (CLOSE_QUOTES.has(input[j] as string)) {
          close = j;
          break;
        }
      }
      if (close !== -1) {
        const after = input[close + 1];
        const prefix = after === '*';
        parts.push({ type: 'phrase', text: input.slice(start + 1, close) + (prefix ? '*' : ''), negated });
        i = close + (prefix ? 2 : 1);
        continue;
      }
      // An unbalanced quote mark is just punctuation.
      i = start + 1;
      continue;
    }
    let end = start;
    while (end < input.length && !/\s/.test(input[end] as string) && !OPEN_QUOTES.has(input[end] as string)) end++;
    const text = input.slice(start, end);
    parts.push({ type: negated ? 'word' : (OPERATORS[text] ?? 'word'), text, negated });
    i = Math.max(end, start + 1);
  }
  return parts;
}

function toTerm(part: RawPart): SearchTerm | null {
  const prefix = part.text.endsWith('*') && tokenize(part.text).length > 0 && /[\p{L}\p{N}]\*+$/u.test(part.text);
  const tokens = tokenize(part.text);
  return tokens.length === 0 ? null : { tokens, prefix, exact: part.type === 'phrase' };
}

export class SearchQueryError extends Error {}

function checkPrefixes(terms: readonly SearchTerm[]): void {
  const prefixes = terms.filter((t) => t.prefix);
  if (prefixes.length > MAX_PREFIX_TERMS) {
    throw new SearchQueryError(`A query may have at most ${MAX_PREFIX_TERMS} prefix* terms.`);
  }
  const short = prefixes.find((t) => [...(t.tokens.at(-1) ?? '')].length < MIN_PREFIX_CHARS);
  if (short !== undefined) {
    throw new SearchQueryError(`A prefix* needs at least ${MIN_PREFIX_CHARS} letters or digits before the * ("${short.tokens.join(' ')}*" has fewer).`);
  }
}

/** Parses user input; throws SearchQueryError when nothing is left to look for. */
export function parseSearchQuery(input: string): SearchQuery {
  const parts = lex(input);
  const required: SearchTerm[][] = [];
  const excluded: SearchTerm[] = [];
  let joinNext = false;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as RawPart;
    const next = parts[k + 1];
    const nextIsTerm = next !== undefined && !next.negated && (next.type === 'word' || next.type === 'phrase');
    if (part.type === 'not' && nextIsTerm) {
      // NOT before a term excludes it, as "-term" does; elsewhere it is the word "not".
      parts[k + 1] = { ...next, negated: true };
      continue;
    }
    if (part.type === 'and' && required.length > 0 && (nextIsTerm || next?.type === 'not')) continue;
    if (part.type === 'or') {
      // OR joins only when a term stands on both sides; otherwise it is the word "or".
      if (required.length > 0 && nextIsTerm) {
        joinNext = true;
        continue;
      }
    }
    const term = toTerm(part);
    if (term === null) continue;
    if (part.negated) {
      excluded.push(term);
    } else if (joinNext) {
      (required[required.length - 1] as SearchTerm[]).push(term);
    } else {
      required.push([term]);
    }
    joinNext = false;
  }
  const count = required.reduce((n, g) => n + g.length, 0) + excluded.length;
  if (count > MAX_QUERY_TERMS) throw new SearchQueryError(`A query may have at most ${MAX_QUERY_TERMS} terms.`);
  checkPrefixes([...required.flat(), ...excluded]);
  if (required.length === 0) {
    throw new SearchQueryError(
      excluded.length > 0
        ? 'A query needs at least one word to look for besides the excluded ones.'
        : 'The query has no words to look for (letters or digits).',
    );
  }
  return { required, excluded };
}

/** A parsed query written back in the query language (folded words): parsing it gives the same query. */
export function formatSearchQuery(query: SearchQuery): string {
  const term = (t: SearchTerm) => {
    const words = t.tokens.join(' ');
    return `${t.exact || t.tokens.length > 1 ? `"${words}"` : words}${t.prefix ? '*' : ''}`;
  };
  return [...query.required.map((g) => g.map(term).join(' OR ')), ...query.excluded.map((t) => `-${term(t)}`)].join(' ');
}
