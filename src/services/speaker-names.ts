import { normalizePersonReference, surnamesOf } from '../domain/person-name.ts';
import { foldName } from '../domain/text.ts';
import type { SearchQuery, SearchTerm } from '../domain/search-query.ts';
import type { SpeakerName, SpeakerReadRepository } from '../storage/ports/index.ts';
import { STOPWORDS } from '../verification/tokens.ts';
import { yieldIfLong } from '../turns.ts';

/**
 * Who a name in a search box means. With titles, honorifics, party labels
 * and articles stripped ("Mr. Ushakov", "President Putin"), a reference of
 * two words or more names the speakers with that name or alias ("Yury
 * Ushakov", "the Kremlin", "Unification Ministry"). A single word names the
 * people whose family name it is: the last word of a name of theirs
 * ("Ushakov"), or the first when the name is written family name first with a
 * hyphenated given name ("Lim Eul-chul", "Kim Jong-un"), or a one-word alias
 * that is the first or last word of one of their names ("Hong" for Hong
 * Min). A single word is never an organisation ("Russia", "Kremlin": more
 * often the topic than the speaker), nor a one-word alias that is no part of
 * the person's names ("Democrat" stored as an alias of a politician).
 */
interface NameIndex {
  /** Folded name or alias of two words or more → speakers. */
  byName: Map<string, Set<number>>;
  /** Family name (one word) → people. */
  byWord: Map<string, Set<number>>;
  /**
   * Runs of search words already looked up (findSpeakerInQuery) → the speakers they name, kept as long as
   * the index: reading a run costs 5–20 µs (titles, surnames, folding), and a search tries up to 15 runs.
   */
  runs: Map<string, readonly number[]>;
}

/** Runs remembered per index before the memory starts over. */
const RUNS_KEPT = 10_000;

/** Name words this short, or function words ("will", "may"), are never taken as a reference on their own. */
const MIN_NAME_WORD = 3;

function add(map: Map<string, Set<number>>, key: string, id: number): void {
  const ids = map.get(key);
  if (ids === undefined) map.set(key, new Set([id]));
  else ids.add(id);
}

const nameWord = (word: string | undefined): word is string => word !== undefined && word.length >= MIN_NAME_WORD && !STOPWORDS.has(word);

async function build(names: readonly SpeakerName[]): Promise<NameIndex> {
  const index: NameIndex = { byName: new Map(), byWord: new Map(), runs: new Map() };
  const aliasesOf = new Map<number, string[]>();
  for (const name of names) {
    const known = aliasesOf.get(name.speakerId);
    if (known === undefined) aliasesOf.set(name.speakerId, [name.alias]);
    else known.push(name.alias);
  }
  for (const name of names) {
    // Tens of thousands of names at 1M quotes: the event loop serves other requests meanwhile.
    await yieldIfLong();
    const words = name.normalized.split(' ');
    if (words.length < 2) continue;
    add(index.byName, name.normalized, name.speakerId);
    // An initial and a word ("N. Korea") is not a person's name, whatever the extractor made of it.
    if (name.kind !== 'person' || words.filter((w) => w.length > 1).length < 2) continue;
    // Titles and party words off first: "Democrat Hillary Clinton" does not make "democrat" a surname.
    for (const surname of surnamesOf(normalizePersonReference(name.alias).name, aliasesOf.get(name.speakerId) ?? [])) {
      if (nameWord(surname)) add(index.byWord, surname, name.speakerId);
    }
  }
  return index;
}

/**
 * One index per repository (process), rebuilt when a name has been added, moved or removed since; requests
 * that need it while it is being built wait for that build.
 */
const cache = new WeakMap<SpeakerReadRepository, { version: string; index: Promise<NameIndex> }>();

async function nameIndex(speakers: SpeakerReadRepository): Promise<NameIndex> {
  const version = await speakers.namesVersion();
  const cached = cache.get(speakers);
  if (cached !== undefined && cached.version === version) return cached.index;
  const index = speakers.names().then(build);
  cache.set(speakers, { version, index });
  try {
    return await index;
  } catch (error) {
    if (cache.get(speakers)?.index === index) cache.delete(speakers);
    throw error;
  }
}

/** The speakers a reference can mean (several when it is ambiguous: "Kim"), lowest id first; [] for none. */
export async function speakersNamed(speakers: SpeakerReadRepository, reference: string): Promise<number[]> {
  return namedIn(await nameIndex(speakers), reference);
}

function namedIn(index: NameIndex, reference: string): number[] {
  const folded = foldName(reference);
  if (folded === '') return [];
  const found = new Set<number>(index.byName.get(folded) ?? []);
  const person = normalizePersonReference(reference);
  // Names and aliases of two words or more; "Janet L. Yellen" is also looked up as "janet yellen".
  for (const lookup of person.lookups) for (const id of lookup.includes(' ') ? (index.byName.get(lookup) ?? []) : []) found.add(id);
  if (person.surname !== null && !person.organization && nameWord(person.surname)) {
    for (const id of index.byWord.get(person.surname) ?? []) found.add(id);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * True when a word can open a title in front of a name: a title, party label
 * or article alone ("mr", "president", "the"), or an adjective such as a
 * nationality ("russian", "presidential", "chinese"); not a topic word ("parade").
 */
function opensTitle(word: string): boolean {
  return ARTICLES.has(word) || DESCRIPTOR.test(word) || normalizePersonReference(`${word} x`).titles.length > 0;
}

const DESCRIPTOR = /(?:ian|ial|ic|ese|an|ish)$/u;

const ARTICLES = new Set(['the', 'a', 'an']);

/** A speaker named in a parsed query, and the query without the name. */
export interface NameInQuery {
  /** The words read as the name, titles included ("mr ushakov"). */
  text: string;
  speakerIds: number[];
  /** The other words; null when the name was all there was to look for. */
  rest: SearchQuery | null;
  /** The whole query with the name's words as exact words: what to search to read them as text. */
  asText: SearchQuery;
}

/** Longest run of query words tried as one name ("russian president vladimir putin"). */
const MAX_NAME_WORDS = 5;

/** A plain word or hyphenated word: not quoted, not a prefix, not one side of an OR. */
const plain = (group: SearchTerm[]) => group.length === 1 && !(group[0] as SearchTerm).exact && !(group[0] as SearchTerm).prefix;

/**
 * The first run of plain query words that names a speaker, longest first at
 * each position. Quoted words are never names ("Ushakov" in quotes is text),
 * nor is a name whose removal would leave only excluded words.
 */
export async function findSpeakerInQuery(speakers: SpeakerReadRepository, query: SearchQuery): Promise<NameInQuery | null> {
  const groups = query.required;
  if (!groups.some(plain)) return null;
  // One look at the names' version per search, however many runs are tried.
  const index = await nameIndex(speakers);
  for (let i = 0; i < groups.length; i++) {
    for (let n = Math.min(MAX_NAME_WORDS, groups.length - i); n >= 1; n--) {
      // Up to 160 runs of a 32-word query, each a lookup: the event loop serves other requests meanwhile.
      await yieldIfLong();
      const run = groups.slice(i, i + n);
      if (!run.every(plain)) continue;
      const text = run.map((g) => (g[0] as SearchTerm).tokens.join(' ')).join(' ');
      const ids = runNames(index, text, n > 1);
      if (ids.length === 0) continue;
      const required = [...groups.slice(0, i), ...groups.slice(i + n)];
      if (required.length === 0 && query.excluded.length > 0) return null;
      const exactRun = run.map((g) => g.map((t) => ({ ...t, exact: true })));
      return {
        text,
        speakerIds: [...ids],
        rest: required.length === 0 ? null : { required, excluded: query.excluded },
        asText: { required: [...groups.slice(0, i), ...exactRun, ...groups.slice(i + n)], excluded: query.excluded },
      };
    }
  }
  return null;
}

/**
 * The speakers a run of plain search words names (`several`: more than one
 * word of the query), remembered in the index. A run of several words starts
 * with a name or a title: "parade leader Kim" is not a name with the title
 * "parade leader".
 */
function runNames(index: NameIndex, text: string, several: boolean): readonly number[] {
  const key = `${several ? '+' : '-'}${text}`;
  const known = index.runs.get(key);
  if (known !== undefined) return known;
  const first = text.split(' ', 1)[0] as string;
  const ids = several && normalizePersonReference(text).titles.length > 0 && !opensTitle(first) ? [] : namedIn(index, text);
  if (index.runs.size >= RUNS_KEPT) index.runs.clear();
  index.runs.set(key, ids);
  return ids;
}
