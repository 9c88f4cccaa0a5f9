import { foldName, normalizeTypography } from './text.ts';

/**
 * How a person or an organisation is named in a claim or a query, reduced to
 * what a speaker is stored under: "Vice President Joe Biden" → "Joe Biden",
 * "Fed Chair Janet L. Yellen" → "Janet L. Yellen" (and "Janet Yellen"),
 * "Mr. Shields" → "Shields", "Sen. Bernie Sanders (I-Vt.)" → "Bernie Sanders",
 * "The South Korean Defense Ministry" → "South Korean Defense Ministry"
 * (and "Defense Ministry"). Pure: no storage; verify and search share it.
 */
export interface PersonReference {
  /** The reference as given, typography straightened. */
  original: string;
  /** The name with titles, honorifics, party labels and leading articles removed (display form). */
  name: string;
  /** What was removed in front of the name ("Vice President", "Mr."), for display. */
  titles: string[];
  /** Folded forms to look up, most specific first (the name, then without middle initials or suffixes, then an organisation's head). */
  lookups: string[];
  /** Folded single word a surname-only reference would be ("shields"), when the name is one word. */
  surname: string | null;
  /** True when the name reads as an organisation (a ministry, an office, the Kremlin). */
  organization: boolean;
}

/** Honorifics, offices and descriptors that precede a name and are not part of it (folded, no periods). */
const TITLE_WORDS: ReadonlySet<string> = new Set(
  (
    'mr mrs ms miss mx dr doctor prof professor sir dame lord lady madam mme mlle herr hon honorable honourable rt ' +
    'president vice prime minister deputy secretary senator sen sens rep reps representative congressman congresswoman ' +
    'gov governor lt mayor chancellor premier general gen col colonel maj major capt captain adm admiral sgt sergeant ' +
    'cmdr commander marshal judge justice king queen prince princess pope cardinal bishop rev reverend father sister ' +
    'sheikh emir ambassador envoy commissioner chairman chairwoman chairperson chair chief ceo cfo coo director ' +
    'spokesman spokeswoman spokesperson speaker leader aide adviser advisor candidate nominee nominees ' +
    'attorney counsel analyst fellow researcher economist official officer executive founder cofounder anchor host ' +
    'columnist correspondent editor sheriff councillor councilor councilman councilwoman assemblyman assemblywoman mp mep ' +
    'president-elect secretary-general superintendent inspector detective coach manager head former ex then acting ' +
    'state treasury homeland foreign interior commerce labor labour energy health education'
  ).split(' '),
);

/** Words in front of a title that belong to the title ("former", "U.S.", "Democratic"), removed with it. */
const LEADING_ARTICLES: ReadonlySet<string> = new Set(['the', 'a', 'an']);

/** Words that end an organisation's name: a title word inside it ("Defense", "Chief") is then part of the name. */
const ORGANIZATION_HEADS: ReadonlySet<string> = new Set(
  (
    'ministry kremlin department office agency institute university commission council committee party police army ' +
    'navy bank fund group corp inc company ltd association union court parliament assembly senate house congress ' +
    'administration government cabinet media service services bureau authority board foundation campaign embassy ' +
    'news times post journal agency press network organization organisation federation league coalition center centre ' +
    'secretariat presidency command forces staff school college mission'
  ).split(' '),
);

const NAME_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** A party label after the name: "(D-Calif.)", "(R)", ", R-Texas", "(I-Vt.)". */
const PARTY_LABEL = /\s*(?:,\s*|\(\s*)(?:D|R|I|Dem|Rep|GOP|Ind)\s*(?:[-–]\s*[A-Z][\w. ]*)?\)?\s*$/u;

/** Party or affiliation words in front of a name that read as labels ("Republican Sen. …", "GOP nominee …"). */
const PARTY_WORDS: ReadonlySet<string> = new Set(['democrat', 'democratic', 'republican', 'gop', 'independent', 'labour', 'conservative', 'liberal']);

const bare = (word: string) => foldName(word.replace(/\.$/u, ''));

function isTitleWord(word: string): boolean {
  const folded = bare(word);
  return TITLE_WORDS.has(folded) || TITLE_WORDS.has(folded.replace(/ /gu, '-'));
}

/** Removes a trailing appositive that only describes ("Carly Fiorina, former HP chief executive"). */
function dropAppositive(text: string): string {
  const comma = text.indexOf(',');
  if (comma <= 0) return text;
  const tail = text.slice(comma + 1).trim().split(/\s+/u);
  return tail.some((w) => isTitleWord(w) || PARTY_WORDS.has(bare(w)) || /^(?:former|ex|then)$/iu.test(bare(w))) ? text.slice(0, comma) : text;
}

/** Normalises how a claim or a query names someone: titles, honorifics, party labels and leading articles removed. */
export function normalizePersonReference(reference: string): PersonReference {
  const original = normalizeTypography(reference);
  let text = original.replace(PARTY_LABEL, '').trim();
  text = dropAppositive(text).trim();
  let words = text.split(/\s+/u).filter((w) => w !== '');
  while (words.length > 1 && LEADING_ARTICLES.has(bare(words[0] as string))) words = words.slice(1);
  const organization = words.length > 0 && ORGANIZATION_HEADS.has(bare(words[words.length - 1] as string));
  const titles: string[] = [];
  if (!organization) {
    // Everything up to the last title word in front of the name goes ("Senate Majority Leader Mitch McConnell").
    let lastTitle = -1;
    // The last word of the name proper (before "Jr.", "III") is never a title: "Martin Luther King Jr.".
    let end = words.length;
    while (end > 1 && NAME_SUFFIXES.has(bare(words[end - 1] as string))) end--;
    for (let i = 0; i < end - 1; i++) if (isTitleWord(words[i] as string) || PARTY_WORDS.has(bare(words[i] as string))) lastTitle = i;
    // "Vice President" alone has no name left: keep it as it is.
    if (lastTitle >= 0) {
      titles.push(words.slice(0, lastTitle + 1).join(' '));
      words = words.slice(lastTitle + 1);
    }
    // A possessive in front of the rest ("Putin's spokesman" gone above, "Putin's" left alone) is not the name.
  }
  const name = words.join(' ').replace(/[,;:]+$/u, '');
  const folded = foldName(name);
  const lookups = [folded];
  const add = (form: string) => {
    if (form !== '' && !lookups.includes(form)) lookups.push(form);
  };
  if (!organization) {
    const parts = folded.split(' ');
    const withoutSuffix = parts.length > 2 && NAME_SUFFIXES.has(parts[parts.length - 1] as string) ? parts.slice(0, -1) : parts;
    add(withoutSuffix.join(' '));
    // Middle initials and middle names: "janet l yellen" → "janet yellen".
    if (withoutSuffix.length > 2) add(`${withoutSuffix[0]} ${withoutSuffix[withoutSuffix.length - 1]}`);
  } else {
    // An organisation is often stored without its country or its article: "South Korean Defense Ministry" → "Defense Ministry".
    const parts = folded.split(' ');
    for (let i = 1; i + 2 <= parts.length; i++) add(parts.slice(i).join(' '));
  }
  const single = folded.split(' ');
  return {
    original,
    name,
    titles,
    lookups: lookups.filter((l) => l !== ''),
    surname: !organization && single.length === 1 && single[0] !== '' ? (single[0] as string) : null,
    organization,
  };
}

/**
 * The folded words a stored person can be named by alone: the last word of the
 * name ("biden"), and the first when the name is written surname first
 * ("kim jong un", "lim eul chul": two words, the second hyphenated) or when the
 * speaker is also known by that word alone.
 */
export function surnamesOf(name: string, aliases: readonly string[] = []): string[] {
  const words = normalizeTypography(name).split(/\s+/u).filter((w) => w !== '');
  const folded = words.map((w) => foldName(w));
  const cut = folded.length > 2 && NAME_SUFFIXES.has(folded[folded.length - 1] as string) ? folded.slice(0, -1) : folded;
  if (cut.length < 2) return [];
  const out = new Set<string>([cut[cut.length - 1] as string]);
  const surnameFirst = words.length === 2 && (words[1] as string).includes('-');
  const aliasFolded = new Set(aliases.map((a) => foldName(a)));
  if (surnameFirst || aliasFolded.has(cut[0] as string)) out.add(cut[0] as string);
  // A hyphenated last word folds to two words ("jong un"): its last part is not a surname.
  return [...out].filter((w) => !w.includes(' '));
}
