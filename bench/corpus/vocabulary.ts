import type { Random } from './random.ts';

/**
 * Word lists for the synthetic corpus. The most frequent ranks are real
 * English words (so benchmark queries read like real ones); the long tail is
 * made of pronounceable pseudo-words, as rare as real rare words.
 */
const COMMON = `the of and to a in that is will we not for on it with as are be this by have our
  they at from has said but was he would an all more their there which about people been country
  government president military war talks security minister support nuclear peace economic
  forces international summit leaders sanctions agreement missile cooperation troops election
  policy border trade crisis ceasefire parliament reform democracy victory parade defense
  statement attack economy future relations region treaty alliance china russia korea
  united states europe ukraine market climate energy inflation budget court justice rights`
  .split(/\s+/)
  .filter((w) => w !== '');

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'ch', 'sh', 'th', 'br', 'gr', 'st', 'pl', 'kr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ea', 'io', 'y'];
const CODAS = ['', '', 'n', 'r', 's', 'l', 'm', 'nd', 'st', 'rk', 'x', 'ng'];

function syllable(random: Random): string {
  return random.pick(ONSETS) + random.pick(VOWELS) + random.pick(CODAS);
}

/** `size` distinct words, most frequent first. */
export function vocabulary(random: Random, size: number): string[] {
  const words = [...COMMON];
  const seen = new Set(words);
  while (words.length < size) {
    let w = '';
    const syllables = random.int(2, 4);
    for (let i = 0; i < syllables; i++) w += syllable(random);
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export interface PersonName {
  name: string;
  aliases: string[];
}

/** "Park Sun-ho" with aliases "Park", "Park Sun Ho", a transliteration variant ("Park Soon-ho"). */
export function personName(random: Random, families: readonly string[]): PersonName {
  const family = random.pick(families);
  const given = random.chance(0.5) ? `${capital(syllable(random))}-${syllable(random)}` : capital(syllable(random) + syllable(random));
  const name = `${family} ${given}`;
  const variant = name.replace(/u/, 'oo').replace(/y/, 'i');
  const aliases = [family, name.replace(/-/g, ' ')];
  if (variant !== name) aliases.push(variant);
  return { name, aliases };
}

export function familyNames(random: Random, count: number): string[] {
  const names = new Set<string>(['Kim', 'Lee', 'Park', 'Smith', 'Ivanov', 'Garcia', 'Nguyen', 'Müller', 'Dubois', 'Rossi']);
  while (names.size < count) names.add(capital(syllable(random) + (random.chance(0.5) ? syllable(random) : '')));
  return [...names];
}

const ORG_FORMS = ['Ministry of {}', '{} Institute', 'University of {}', '{} Party', '{} Council', '{} Foundation', '{} Agency'];
const OUTLET_FORMS = ['The {} Times', '{} Daily', '{} News Agency', '{} Herald', 'Radio {}', '{} Post', '{} Tribune'];

function fromForms(random: Random, forms: readonly string[], count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) out.add(random.pick(forms).replace('{}', capital(syllable(random) + syllable(random))));
  return [...out];
}

export const organizationNames = (random: Random, count: number) => fromForms(random, ORG_FORMS, count);
export const outletNames = (random: Random, count: number) => fromForms(random, OUTLET_FORMS, count);

export const ROLES = ['minister', 'spokesperson', 'adviser', 'professor', 'senior fellow', 'chair', 'director', 'ambassador', 'analyst'];
export const LANGUAGES: readonly [string, number][] = [
  ['en', 0.85],
  ['ko', 0.05],
  ['fr', 0.03],
  ['de', 0.03],
  ['es', 0.02],
  ['ru', 0.02],
];
