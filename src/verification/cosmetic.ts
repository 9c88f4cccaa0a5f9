import type { Token } from './tokens.ts';

/**
 * Words that differ only in form, not in what they say: contractions
 * ("I've" = "I have", "won't" = "will not"), British and American spelling
 * ("defence" = "defense", "organised" = "organized"), hyphenation
 * ("well-known" = "well known") and filler words ("um", "uh"). Comparisons
 * run on these canonical tokens, so such differences never make a claim
 * `altered`; `cosmeticDifferences` names them for the answer's note.
 */
export type CosmeticKind = 'contraction' | 'spelling' | 'hyphenation' | 'filler';

const FILLERS: ReadonlySet<string> = new Set(['um', 'uh', 'er', 'erm', 'ah', 'uhm', 'hmm', 'mm', 'umm', 'uhh']);

const IRREGULAR: Readonly<Record<string, readonly string[]>> = {
  "won't": ['will', 'not'],
  "can't": ['can', 'not'],
  cannot: ['can', 'not'],
  "shan't": ['shall', 'not'],
  "ain't": ['is', 'not'],
  "let's": ['let', 'us'],
  "y'all": ['you', 'all'],
};
const IS_PRONOUNS: ReadonlySet<string> = new Set(['it', 'he', 'she', 'that', 'there', 'what', 'who', 'here', 'where', 'this', 'how']);
const SUFFIXES: ReadonlyArray<[string, string]> = [
  ["n't", 'not'],
  ["'ve", 'have'],
  ["'ll", 'will'],
  ["'re", 'are'],
  ["'m", 'am'],
  ["'d", 'would'],
];

/** British spellings whose American form is not given by the rules below. */
const SPELLING: Readonly<Record<string, string>> = {
  defence: 'defense', offence: 'offense', licence: 'license', pretence: 'pretense',
  centre: 'center', centres: 'centers', centred: 'centered', theatre: 'theater', theatres: 'theaters', metre: 'meter',
  metres: 'meters', litre: 'liter', litres: 'liters', fibre: 'fiber', calibre: 'caliber', sombre: 'somber', spectre: 'specter',
  travelled: 'traveled', travelling: 'traveling', traveller: 'traveler', travellers: 'travelers', cancelled: 'canceled',
  cancelling: 'canceling', modelling: 'modeling', modelled: 'modeled', labelled: 'labeled', labelling: 'labeling',
  fuelled: 'fueled', fuelling: 'fueling', signalled: 'signaled', counselling: 'counseling', levelled: 'leveled',
  programme: 'program', programmes: 'programs', grey: 'gray', tyre: 'tire', tyres: 'tires', aluminium: 'aluminum',
  jewellery: 'jewelry', mould: 'mold', manoeuvre: 'maneuver', manoeuvres: 'maneuvers', judgement: 'judgment',
  ageing: 'aging', enrol: 'enroll', fulfil: 'fulfill', skilful: 'skillful', plough: 'plow', sceptical: 'skeptical',
  sceptic: 'skeptic', paediatric: 'pediatric', anaemia: 'anemia', oestrogen: 'estrogen', cheque: 'check', kerb: 'curb',
  draught: 'draft', gaol: 'jail', storey: 'story', whilst: 'while', amongst: 'among', catalogue: 'catalog',
  dialogue: 'dialog', analogue: 'analog', practise: 'practice', practised: 'practiced',
};
const OUR_STEMS = [
  'colour', 'favour', 'honour', 'labour', 'neighbour', 'behaviour', 'harbour', 'rumour', 'humour', 'flavour', 'vigour',
  'endeavour', 'armour', 'valour', 'savour', 'splendour', 'rigour', 'odour', 'parlour', 'clamour', 'glamour', 'saviour',
];
/** Words in -ise that are spelt so in American English too. */
const ISE_WORDS: ReadonlySet<string> = new Set(
  (
    'rise arise wise otherwise likewise clockwise promise premise exercise expertise surprise compromise advertise advise ' +
    'devise revise supervise televise franchise merchandise noise poise raise praise bruise cruise concise precise paradise ' +
    'enterprise disguise despise chastise comprise excise incise demise treatise apprise improvise circumcise reprise ' +
    'sunrise uprise guise mortise'
  ).split(' '),
);

const ISE_WORD_LIST = [...ISE_WORDS];

/** Words already seen, with their American form: scoring asks for every word of every candidate, most of them many times. */
const AMERICAN = new Map<string, string>();
const AMERICAN_CACHED = 50_000;

/** American form of a British spelling; the word itself when it is none. */
function american(word: string): string {
  if (word.length < 4) return word;
  let form = AMERICAN.get(word);
  if (form === undefined) {
    form = americanOf(word);
    if (AMERICAN.size >= AMERICAN_CACHED) AMERICAN.clear();
    AMERICAN.set(word, form);
  }
  return form;
}

function americanOf(word: string): string {
  // Every compared word comes through here: cheap substring tests before any loop or pattern.
  if (word.length < 4) return word;
  const direct = Object.hasOwn(SPELLING, word) ? SPELLING[word] : undefined;
  if (direct !== undefined) return direct;
  if (word.includes('our')) for (const stem of OUR_STEMS) if (word.startsWith(stem)) return stem.replace(/our$/u, 'or') + word.slice(stem.length);
  const analyse = word.includes('ys') ? /^(anal|paral|catal|dial)ys(e|ed|es|ing)$/u.exec(word) : null;
  if (analyse !== null) return `${analyse[1]}yz${analyse[2]}`;
  const ise = word.includes('is') ? /^([a-z]{3,})is(e|ed|es|ing|ation|ations|er|ers)$/u.exec(word) : null;
  if (ise !== null) {
    const base = `${ise[1]}ise`;
    if (!ISE_WORDS.has(base) && !ISE_WORD_LIST.some((w) => base.endsWith(w))) return `${ise[1]}iz${ise[2]}`;
  }
  return word;
}

function expandContraction(key: string): readonly string[] | null {
  if (!key.includes("'") && key !== 'cannot') return null;
  const irregular = Object.hasOwn(IRREGULAR, key) ? IRREGULAR[key] : undefined;
  if (irregular !== undefined) return irregular;
  for (const [suffix, full] of SUFFIXES) {
    if (key.endsWith(suffix) && key.length > suffix.length) return [key.slice(0, -suffix.length), full];
  }
  if (key.endsWith("'s") && IS_PRONOUNS.has(key.slice(0, -2))) return [key.slice(0, -2), 'is'];
  return null;
}

export interface CanonicalToken extends Token {
  /** Index of the written token this one comes from. */
  from: number;
  /** How its form differs from the written token, when it does. */
  cosmetic: CosmeticKind | null;
}

/** The tokens with contractions expanded, hyphenated words split, spelling made American and fillers dropped. */
export function canonicalTokens(tokens: readonly Token[]): CanonicalToken[] {
  const out: CanonicalToken[] = [];
  tokens.forEach((token, from) => {
    if (FILLERS.has(token.key)) return;
    const expanded = expandContraction(token.key);
    if (expanded !== null) {
      for (const key of expanded) out.push({ text: key, key, from, cosmetic: 'contraction' });
      return;
    }
    const parts = token.key.includes('-') && !/\d/u.test(token.key) ? token.key.split('-') : [token.key];
    // Each part keeps the written word as its text: "Jong-il" is still a capitalised name where one part differs.
    for (const part of parts) {
      const key = american(part);
      const cosmetic = key !== part ? 'spelling' : parts.length > 1 ? 'hyphenation' : null;
      out.push({ text: token.text, key, from, cosmetic });
    }
  });
  return out;
}

export interface CosmeticDifference {
  kind: CosmeticKind;
  stored: string;
  claimed: string;
}

/**
 * Form-only differences between two stretches that are equal as canonical tokens:
 * each written word of one that the other writes otherwise ("I've" / "I have").
 */
export function cosmeticDifferences(stored: readonly Token[], claim: readonly Token[]): CosmeticDifference[] {
  const a = canonicalTokens(stored);
  const b = canonicalTokens(claim);
  const found: CosmeticDifference[] = [];
  const seen = new Set<string>();
  const add = (d: CosmeticDifference) => {
    const key = `${d.kind}:${d.stored}:${d.claimed}`;
    if (!seen.has(key)) {
      seen.add(key);
      found.push(d);
    }
  };
  // Fillers are dropped from canonical tokens: list them from the written ones.
  for (const t of stored) if (FILLERS.has(t.key)) add({ kind: 'filler', stored: t.text, claimed: '' });
  for (const t of claim) if (FILLERS.has(t.key)) add({ kind: 'filler', stored: '', claimed: t.text });
  // Walk the canonical tokens in step (they are equal key for key) and compare the written words behind them.
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a[i] as CanonicalToken;
    const y = b[i] as CanonicalToken;
    let j = i + 1;
    while (j < a.length && j < b.length && ((a[j] as CanonicalToken).from === x.from || (b[j] as CanonicalToken).from === y.from)) j++;
    const storedWords = [...new Set(a.slice(i, j).map((t) => t.from))].map((k) => (stored[k] as Token).text).join(' ');
    const claimWords = [...new Set(b.slice(i, j).map((t) => t.from))].map((k) => (claim[k] as Token).text).join(' ');
    if (storedWords.toLowerCase() !== claimWords.toLowerCase()) {
      const kinds = [...a.slice(i, j), ...b.slice(i, j)].map((t) => t.cosmetic).filter((k) => k !== null);
      add({ kind: kinds.includes('contraction') ? 'contraction' : kinds.includes('spelling') ? 'spelling' : 'hyphenation', stored: storedWords, claimed: claimWords });
    }
    i = j;
  }
  return found;
}
