import type { SearchQuery, SearchTerm } from './search-query.ts';

/**
 * English inflection at query time: a plain word also finds its regular
 * plural, past and -ing forms ("attend" finds "attended", "attending";
 * "troops" finds "troop"). Measured on the seed (`npm run bench -- --suites
 * stemming`): recall rises much as with FTS5's porter stemmer, without
 * porter's costs — the index keeps exact words, so `prefix*`, phrases,
 * the planner's per-term counts and the highlighter stay exact.
 *
 * Inflection both ways ("attended" finds "attend"); derivation one way
 * only, from a base to its derived forms (`derivations`: "govern" finds
 * "government", "government" does not find "govern"). Forms that are not words cost one index lookup that finds nothing. Phrases
 * and prefixes are left as typed; a word in quotes ("attend") is exact.
 */

/**
 * Words left as typed: function words, whose made-up forms would be other
 * words ("the" → "thing", "she" → "shed"), and words ending in -s, -ed or
 * -ing that are not inflections of a shorter word ("news", "united").
 */
const NOT_INFLECTED = new Set([
  'the', 'she', 'are', 'were', 'one', 'some', 'none', 'there', 'here', 'where', 'more', 'since', 'once', 'while', 'those',
  'these', 'whose', 'whole', 'else', 'before', 'because', 'above', 'whether', 'rather', 'either', 'neither', 'other',
  'and', 'but', 'for', 'nor', 'not', 'yet', 'its', 'our', 'who', 'why', 'how', 'all', 'any', 'was', 'has', 'had', 'did',
  'may', 'can', 'own', 'too', 'his', 'her', 'him', 'them', 'they', 'their', 'this', 'that', 'than', 'then', 'with', 'from',
  'into', 'onto', 'upon', 'over', 'under', 'after', 'about', 'also', 'only', 'very', 'just', 'will', 'would', 'shall', 'should',
  'news', 'series', 'species', 'always', 'perhaps', 'whereas', 'towards', 'afterwards', 'besides', 'sometimes', 'politics',
  'economics', 'physics', 'analysis', 'crisis', 'basis', 'thesis', 'status', 'census', 'campus', 'consensus', 'bonus',
  'during', 'nothing', 'something', 'anything', 'everything', 'morning', 'evening', 'ceiling', 'king', 'thing', 'string',
  'spring', 'bring', 'sing', 'ring', 'wing', 'sibling', 'hundred', 'speed', 'need', 'feed', 'seed', 'deed', 'indeed', 'united',
]);

/** Shortest stem an ending is removed down to: "used" is not "us" + "ed". */
const MIN_STEM = 3;

/**
 * One-syllable words ending consonant–vowel–consonant double the consonant:
 * "stop" → "stopped", "plan" → "planning" ("planed" is another word); not
 * "visit" or "open" (two syllables) nor "shell" (l, s, w, x, y never double here).
 */
const doubles = (stem: string) => /^[^aeiou]*[aeiou][bdfgkmnprtvz]$/.test(stem);

const DOUBLED = /([bdfgkmnprtvz])\1$/;

/** Shorter base forms of a word: what it is with a regular ending taken off ("stopped" → "stop"). */
function bases(word: string): string[] {
  const found: string[] = [];
  const cut = (n: number, add = '') => {
    const stem = word.slice(0, word.length - n) + add;
    if (stem.length >= MIN_STEM && /[aeiouy]/.test(stem)) found.push(stem);
  };
  /** "-ed"/"-ing" after a doubled consonant: the stem undoubled or not ("running" → "run", "added" → "add"); else with and without "e". */
  const verbStem = (n: number) => {
    const stem = word.slice(0, word.length - n);
    if (DOUBLED.test(stem)) {
      cut(n + 1);
      cut(n);
    } else {
      cut(n);
      cut(n, 'e');
    }
  };
  if (word.endsWith('ies') || word.endsWith('ied')) cut(3, 'y');
  else if (/(?:s|x|z|ch|sh)es$/.test(word)) cut(2);
  else if (/[^sui]s$/.test(word)) cut(1);
  else if (word.endsWith('ed')) verbStem(2);
  else if (word.endsWith('ing')) verbStem(3);
  return found;
}

/** The regular forms of a base: plural/3rd person, past, -ing. */
function forms(base: string): string[] {
  const out = [base];
  const consonantY = /[^aeiou]y$/.test(base);
  if (consonantY) out.push(`${base.slice(0, -1)}ies`, `${base.slice(0, -1)}ied`);
  else if (/(?:s|x|z|ch|sh)$/.test(base)) out.push(`${base}es`, `${base}ed`);
  else if (base.endsWith('e')) out.push(`${base}s`, `${base}d`);
  else out.push(`${base}s`, `${base}ed`);
  if (base.endsWith('ie')) out.push(`${base.slice(0, -2)}ying`);
  else if (base.endsWith('e') && !base.endsWith('ee')) out.push(`${base.slice(0, -1)}ing`);
  else out.push(`${base}ing`);
  if (doubles(base)) {
    const last = base.slice(-1);
    return [base, `${base}s`, `${base}${last}ed`, `${base}${last}ing`];
  }
  return out;
}

/** The word and its regular inflections, the word first. Only plain lower-case a–z words of 3+ letters are inflected. */
export function inflections(word: string): string[] {
  if (word.length < MIN_STEM || !/^[a-z]+$/.test(word) || NOT_INFLECTED.has(word)) return [word];
  const shorter = bases(word);
  // An inflected word brings the forms of its base; a base word brings its own.
  return [...new Set([word, ...(shorter.length > 0 ? shorter : [word]).flatMap(forms)])];
}

/**
 * Words whose derived forms mean something else ("office" → "official",
 * "state" → "statement", "secret" → "secretary"): they keep their inflections only.
 */
const NOT_DERIVED = new Set([
  'state', 'apart', 'depart', 'office', 'person', 'critic', 'origin', 'margin', 'memory', 'private', 'digit', 'exception',
  'occasion', 'provision', 'convention', 'addition', 'incident', 'instrument', 'station', 'contract', 'abort', 'quest', 'audit',
  'corporate', 'organize', 'organ', 'graph', 'media', 'direct', 'general', 'content', 'second', 'moment', 'document', 'element',
]);

/** Shortest base that gets derived forms: "part" → "partial", "sign" → "signal" are other words. */
const MIN_DERIVED_BASE = 5;

/**
 * Derivation at query time, from a base word to the adjectives and nouns a
 * reporter means by it: "ambassador" → "ambassadorial", "president" →
 * "presidential", "economy" → "economic", "negotiate" → "negotiations",
 * "impeach" → "impeachment", "Korea" → "Korean". One way only (the derived
 * word does not find its base: "presidential" stays narrow), from bases of
 * five letters or more, and never for NOT_DERIVED. Nouns bring their plural.
 */
export function derivations(base: string): string[] {
  if (base.length < MIN_DERIVED_BASE || !/^[a-z]+$/.test(base) || NOT_DERIVED.has(base) || NOT_INFLECTED.has(base)) return [];
  const out: string[] = [];
  const noun = (form: string) => out.push(form, `${form}s`);
  const stem = base.slice(0, -1);
  if (/[^aeiou]y$/.test(base)) out.push(`${stem}ic`, `${stem}ical`, `${stem}ial`);
  else if (base.endsWith('ence')) out.push(`${base.slice(0, -2)}tial`);
  else if (base.endsWith('ce')) out.push(`${stem}ial`);
  else if (base.endsWith('ate')) noun(`${stem}ion`);
  else if (base.endsWith('ize')) noun(`${stem}ation`);
  else if (base.endsWith('ope') || base.endsWith('ine')) out.push(`${stem}ean`, `${stem}ian`);
  else if (base.endsWith('e')) noun(`${stem}al`);
  else if (base.endsWith('a')) noun(`${base}n`);
  else if (/[^aeiou]$/.test(base)) {
    out.push(`${base}ial`, `${base}al`, `${base}ic`);
    if (base.endsWith('t')) noun(`${base}ion`);
  }
  if (/[^aeiou]$/.test(base) || base.endsWith('e')) noun(`${base}ment`);
  return out;
}

/**
 * A single plain word becomes the group of its forms; phrases and prefixes
 * stay. Required words also bring derived forms; excluded ones only their
 * inflections ("-nation" keeps quotes saying "national").
 */
function expand(term: SearchTerm, derive: boolean): SearchTerm[] {
  const [word] = term.tokens;
  if (term.prefix || term.exact || term.tokens.length !== 1 || word === undefined) return [term];
  return formsOf(word, derive).map((form) => ({ tokens: [form], prefix: false, exact: true }));
}

/** Forms remembered per word before the memory starts over. */
const FORMS_KEPT = 10_000;
const formsKept = new Map<string, readonly string[]>();

/**
 * The word's forms (inflections, then derived forms when `derive`), remembered: working them out takes
 * some thirty regular expressions a word (~5 µs), for every search that has the word.
 */
function formsOf(word: string, derive: boolean): readonly string[] {
  const key = `${derive ? '+' : '-'}${word}`;
  const kept = formsKept.get(key);
  if (kept !== undefined) return kept;
  const shorter = bases(word);
  const forms = [...inflections(word), ...(derive ? (shorter.length > 0 ? shorter : [word]).flatMap(derivations) : [])];
  if (formsKept.size >= FORMS_KEPT) formsKept.clear();
  formsKept.set(key, forms);
  return forms;
}

/** The query with each plain word widened to its inflections (excluded words too: "-war" also leaves out "wars") and required ones to their derivations. */
export function withInflections(query: SearchQuery): SearchQuery {
  return {
    required: query.required.map((group) => dedupe(group.flatMap((t) => expand(t, true)))),
    excluded: dedupe(query.excluded.flatMap((t) => expand(t, false))),
  };
}

function dedupe(terms: SearchTerm[]): SearchTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = `${t.tokens.join(' ')}${t.prefix ? '*' : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
