import { normalizePersonReference } from '../domain/person-name.ts';
import { foldName } from '../domain/text.ts';
import type { SearchQuery, SearchTerm } from '../domain/search-query.ts';
import type { SpeakerName, SpeakerReadRepository } from '../repositories/ports.ts';
import { STOPWORDS } from '../verification/tokens.ts';

/**
 * Who a name in a search box means. A reference names a speaker when, with
 * titles, honorifics, party labels and articles stripped ("Mr. Ushakov",
 * "President Putin"), it is one of their names or aliases, or a single word
 * that is a person's family name: the last word ("Ushakov"), or the first
 * when the name is written family name first with a hyphenated given name
 * ("Lim Eul-chul", "Kim Jong-un"). Given names alone ("Bill") are not
 * references: they are too often ordinary words.
 */
interface NameIndex {
  /** Folded full name or alias → speakers. */
  byName: Map<string, Set<number>>;
  /** Family name of a person's name (two words or more) → people. */
  byWord: Map<string, Set<number>>;
}

/** Name words this short, or function words ("will", "may"), are never taken as a reference on their own. */
const MIN_NAME_WORD = 3;
/** "Lim Eul-chul", "Kim Jong-un": a family name, then a hyphenated given name. */
const FAMILY_NAME_FIRST = /^\p{L}+\s+\p{L}+-\p{L}+$/u;
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

function add(map: Map<string, Set<number>>, key: string, id: number): void {
  const ids = map.get(key);
  if (ids === undefined) map.set(key, new Set([id]));
  else ids.add(id);
}

function build(names: readonly SpeakerName[]): NameIndex {
  const index: NameIndex = { byName: new Map(), byWord: new Map() };
  for (const { speakerId, kind, alias, normalized } of names) {
    add(index.byName, normalized, speakerId);
    const words = normalized.split(' ');
    while (words.length > 2 && SUFFIXES.has(words[words.length - 1] as string)) words.pop();
    if (kind !== 'person' || words.length < 2) continue;
    const family = FAMILY_NAME_FIRST.test(alias.trim()) ? words[0] : words[words.length - 1];
    if (family !== undefined && family.length >= MIN_NAME_WORD && !STOPWORDS.has(family)) add(index.byWord, family, speakerId);
  }
  return index;
}

/** One index per repository (process), rebuilt when a name has been added since. */
const cache = new WeakMap<SpeakerReadRepository, { version: number; index: NameIndex }>();

function nameIndex(speakers: SpeakerReadRepository): NameIndex {
  const version = speakers.namesVersion();
  const cached = cache.get(speakers);
  if (cached !== undefined && cached.version === version) return cached.index;
  const index = build(speakers.names());
  cache.set(speakers, { version, index });
  return index;
}

/** The speakers a reference can mean (several when it is ambiguous: "Kim"), lowest id first; [] for none. */
export function speakersNamed(speakers: SpeakerReadRepository, reference: string): number[] {
  const folded = foldName(reference);
  if (folded === '') return [];
  const index = nameIndex(speakers);
  const found = new Set<number>(index.byName.get(folded) ?? []);
  const { core } = normalizePersonReference(folded);
  if (core !== '') {
    for (const id of index.byName.get(core) ?? []) found.add(id);
    // "Janet L. Yellen" is stored as "Janet Yellen".
    const withoutInitials = core.split(' ').filter((w) => w.length > 1).join(' ');
    for (const id of index.byName.get(withoutInitials) ?? []) found.add(id);
    if (!core.includes(' ') && core.length >= MIN_NAME_WORD && !STOPWORDS.has(core)) {
      for (const id of index.byWord.get(core) ?? []) found.add(id);
    }
  }
  return [...found].sort((a, b) => a - b);
}

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
export function findSpeakerInQuery(speakers: SpeakerReadRepository, query: SearchQuery): NameInQuery | null {
  const groups = query.required;
  for (let i = 0; i < groups.length; i++) {
    for (let n = Math.min(MAX_NAME_WORDS, groups.length - i); n >= 1; n--) {
      const run = groups.slice(i, i + n);
      if (!run.every(plain)) continue;
      const text = run.map((g) => (g[0] as SearchTerm).tokens.join(' ')).join(' ');
      const ids = speakersNamed(speakers, text);
      if (ids.length === 0) continue;
      const required = [...groups.slice(0, i), ...groups.slice(i + n)];
      if (required.length === 0 && query.excluded.length > 0) return null;
      const exactRun = run.map((g) => g.map((t) => ({ ...t, exact: true })));
      return {
        text,
        speakerIds: ids,
        rest: required.length === 0 ? null : { required, excluded: query.excluded },
        asText: { required: [...groups.slice(0, i), ...exactRun, ...groups.slice(i + n)], excluded: query.excluded },
      };
    }
  }
  return null;
}
