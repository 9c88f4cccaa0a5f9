import { foldName } from './text.ts';

/**
 * How people are named in news text and in what users type: "Mr. Ushakov",
 * "Russian President Vladimir Putin", "Fed Chair Janet L. Yellen",
 * "Sen. Tim Kaine (D-Va.)". Stripping the titles, honorifics, party labels,
 * nationalities and leading articles around a name leaves the name a speaker
 * is stored under ("vladimir putin") or a part of it ("ushakov").
 */
export interface PersonReference {
  /** The folded name without titles: "vladimir putin"; '' when nothing but titles was given. */
  core: string;
  /**
   * The family name: the last word, suffixes such as "Jr." aside ("putin"),
   * or the first when a hyphenated given name follows it ("Kim Jong-un" →
   * "kim"); null when the core is empty.
   */
  surname: string | null;
  /** The folded words taken off, in order ("russian", "president"). */
  strippedTitles: string[];
}

/** Words (folded) that qualify a name without being part of it. Multi-word titles are listed word by word. */
const TITLE_WORDS = new Set([
  // articles and honorifics
  'the', 'a', 'an', 'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'madam', 'madame',
  'rev', 'reverend', 'father', 'hon', 'honorable', 'honourable',
  // offices and ranks
  'president', 'vice', 'prime', 'minister', 'deputy', 'foreign', 'defense', 'defence', 'finance', 'secretary', 'state', 'general',
  'attorney', 'senator', 'sen', 'rep', 'representative', 'congressman', 'congresswoman', 'governor', 'gov', 'mayor', 'chairman',
  'chairwoman', 'chair', 'chairperson', 'ambassador', 'envoy', 'gen', 'colonel', 'col', 'lt', 'lieutenant', 'captain', 'capt',
  'sgt', 'sergeant', 'admiral', 'adm', 'commander', 'judge', 'justice', 'chief', 'king', 'queen', 'prince', 'princess', 'pope',
  'chancellor', 'premier', 'leader', 'spokesman', 'spokeswoman', 'spokesperson', 'aide', 'presidential', 'adviser', 'advisor',
  'candidate', 'nominee', 'of', 'speaker', 'fed', 'ceo', 'former', 'late', 'then', 'acting', 'incumbent', 'supreme',
  // party labels, also as in "(D-Calif.)": the state after the letter is stripped as part of the label
  'democrat', 'democratic', 'republican', 'gop', 'labour', 'conservative', 'independent',
  // nationalities that most often precede a title in the news
  'russian', 'american', 'us', 'u', 's', 'uk', 'british', 'chinese', 'korean', 'north', 'south', 'japanese', 'french', 'german',
  'ukrainian', 'israeli', 'iranian', 'indian', 'turkish', 'canadian', 'mexican', 'brazilian',
]);

/** Generational suffixes: part of the name as stored, never its surname. */
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** A party label after the name: "(D-Calif.)", ", R-Texas", "(I)". */
const PARTY_LABEL = /[,(]\s*[DRI]\s*(?:[-–]\s*[A-Za-z.\s]+)?\)?\s*$/u;

/** Words always followed by a name: after them even a title word is the name ("Mr. King"). */
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'sen', 'rep', 'gov', 'gen']);

/**
 * A family name, then a hyphenated given name whose second part is lower-case
 * ("Lim Eul-chul", "Kim Jong-un"), as Korean names are written in English;
 * "Mary Smith-Jones" is not.
 */
export const FAMILY_NAME_FIRST = /(?:^|\s)\p{Lu}\p{L}*\s+\p{Lu}\p{L}*-\p{Ll}+$/u;

/** Strips what surrounds a name; pure, and idempotent on its own `core`. */
export function normalizePersonReference(text: string): PersonReference {
  const words = foldName(text.replace(PARTY_LABEL, '')).split(' ').filter((w) => w !== '');
  let start = 0;
  while (start < words.length && TITLE_WORDS.has(words[start] as string)) start++;
  // Nothing but titles: a name after an honorific ("Mr. King"), else no name at all ("the President").
  if (start === words.length && words.length > 1 && HONORIFICS.has(words[words.length - 2] as string)) start = words.length - 1;
  const name = words.slice(start);
  const strippedTitles = words.slice(0, start);
  let last = name.length - 1;
  while (last > 0 && SUFFIXES.has(name[last] as string)) last--;
  const familyFirst = name.length === 3 && FAMILY_NAME_FIRST.test(text.replace(PARTY_LABEL, '').trim());
  const surname = name.length === 0 ? null : (name[familyFirst ? 0 : last] as string);
  return { core: name.join(' '), surname, strippedTitles };
}

/** True when the folded word is a title, honorific, article or label rather than a name. */
export function isTitleWord(word: string): boolean {
  return TITLE_WORDS.has(word);
}
