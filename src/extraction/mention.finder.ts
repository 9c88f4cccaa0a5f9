/**
 * Finds who a stretch of text names: a capitalised name (with its titles), a
 * common-noun speaker ("the ministry", "state media") or a pronoun. Works on
 * token lists so it can look backwards from a cue as easily as forwards.
 */
import type { SpeakerKind } from '../domain/models.ts';
import type { ExtractedAffiliation, TextSpan } from './extraction.types.ts';
import {
  APPOSITIVE_STARTERS,
  CLAUSE_WORDS,
  COMMON_MODIFIERS,
  COMMON_SPEAKER_HEADS,
  CONNECTORS,
  DESCRIPTOR_HEADS,
  DETERMINERS,
  DEMONYMS,
  FEMALE_HINTS,
  MALE_HINTS,
  NOT_NAMES,
  ORG_CONNECTORS,
  ORG_DESCRIPTOR_HEADS,
  ORGANIZATION_HEADS,
  PARTICIPLE_CUES,
  PARTY_AND_DESCRIPTOR_WORDS,
  PERSON_NOUN,
  PRONOUNS,
  REPORTING_VERBS,
  ROLE_WORDS,
  TIME_BEFORE_VERB,
  TITLE_WORDS,
  UNNAMED_SOURCE,
} from './extraction.lexicon.ts';

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** 'person': a definite description ('the 31-year-old') that can only mean a person already named. */
export type Gender = 'male' | 'female' | 'plural' | 'neuter' | 'first' | 'person' | null;

export interface Mention {
  /** The mention as written, titles excluded (determiner kept for organisations: "the Unification Ministry"). */
  span: TextSpan;
  /** The surface name without determiner or title ("Unification Ministry", "Yury Ushakov"). */
  name: string;
  kind: SpeakerKind | 'pronoun';
  /** For common nouns ("the ministry"): resolve against earlier named organisations. */
  common: boolean;
  gender: Gender;
  /** Pre-modifier title ("Russian presidential aide") read as an affiliation. */
  affiliation: ExtractedAffiliation | null;
  /** A described group or unnamed source ("Anti-TPP activists", "56 percent of voters polled"): never an identity. */
  unnamed?: true;
}

const TOKEN = /[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}’'.\-&]*[\p{L}\p{M}\p{N}.])?|[^\s\p{L}\p{M}\p{N}]/gu;

/** Whether a connector between two capitalised runs joins them into one name. */
function joins(tokens: readonly Token[], connector: number): boolean {
  const c = tokens[connector]?.text ?? '';
  if (!ORG_CONNECTORS.has(c)) return true;
  // "Ministry of Foreign Affairs", "Institute for …": the head comes first ("Shares of Acme Inc." is two things).
  for (let i = connector - 1; i >= 0 && isNameToken(tokens[i]); i--) if (ORGANIZATION_HEADS.has(tokens[i]?.text ?? '') || TITLE_WORDS.has(tokens[i]?.text ?? '')) return true;
  if (c !== '&') return false;
  for (let i = connector + 1; i < tokens.length && isNameToken(tokens[i]); i++) if (ORGANIZATION_HEADS.has(tokens[i]?.text ?? '')) return true;
  return false;
}
/** Reporting verbs end a mention read rightwards ("Paul Mendes told Reuters" is Mendes, not Reuters). */
const VERB_WORDS = new Set([...REPORTING_VERBS, ...PARTICIPLE_CUES].filter((v) => !v.includes(' ')));
const HEAD_WORDS = new Set(COMMON_SPEAKER_HEADS.flatMap((h) => h.toLowerCase().split(' ')));
const HEADS_BY_LENGTH = [...COMMON_SPEAKER_HEADS].map((h) => h.split(' ')).sort((a, b) => b.length - a.length);

/** Whether a common-noun mention names nobody in particular: only modifiers and heads ("senior officials", "Police"). */
export function isGenericName(name: string): boolean {
  return name
    .toLowerCase()
    .split(/\s+/u)
    .every((w) => HEAD_WORDS.has(w) || COMMON_MODIFIERS.has(w) || DETERMINERS.has(w));
}

export function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m !== null && m.index < to; m = TOKEN.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    let word = text.slice(m.index, end);
    // A trailing period belongs to the word only for abbreviations and initials ("Mr.", "J.", "U.S.").
    if (word.endsWith('.') && !/^(?:\p{Lu}\.?)+$|^(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Maj|Capt|Sgt|Adm|St|Jr|Sr|Rev|Inc|Corp|Co|Ltd)\.$/u.test(word)) {
      word = word.slice(0, -1);
      tokens.push({ text: word, start: m.index, end: end - 1 });
      tokens.push({ text: '.', start: end - 1, end });
      continue;
    }
    tokens.push({ text: word, start: m.index, end });
  }
  return tokens;
}

const isCapitalized = (t: Token | undefined): boolean => t !== undefined && /^\p{Lu}/u.test(t.text);
const isPossessive = (t: Token): boolean => /[’']s$/u.test(t.text) || /s[’']$/u.test(t.text);
/** "Hillary Clinton Said …" (a Title-Case headline): a capitalised reporting verb ends the name. */
const CAPITALISED_VERBS = new Set([...VERB_WORDS].map((v) => v.charAt(0).toUpperCase() + v.slice(1)));
/** "Specifically, …", "Ultimately, …": a capitalised adverb opening a sentence, by endings no surname has. */
const CAPITALISED_ADVERB = /^\p{Lu}\p{Ll}{2,}(?:ally|ately|edly|ously|ively|fully|ently|antly|ibly|ably|ingly|essly|ictly|ckly|ndly)$/u;
const isNameToken = (t: Token | undefined): boolean =>
  t !== undefined && isCapitalized(t) && !NOT_NAMES.has(t.text) && !isPossessive(t) && !CAPITALISED_VERBS.has(t.text) && !CAPITALISED_ADVERB.test(t.text);

function genderOf(words: readonly string[]): Gender {
  for (const w of words) {
    if (MALE_HINTS.has(w)) return 'male';
    if (FEMALE_HINTS.has(w)) return 'female';
  }
  return null;
}

function isOrganization(words: readonly string[]): boolean {
  return words.some((w) => ORGANIZATION_HEADS.has(w) || /^\p{Lu}{2,}$/u.test(w));
}

function span(text: string, start: number, end: number): TextSpan {
  return { text: text.slice(start, end), start, end };
}

/** A name run ending at tokens[last] (inclusive), walking left. */
function nameRunEndingAt(tokens: readonly Token[], last: number): number | null {
  if (!isNameToken(tokens[last])) return null;
  let first = last;
  while (first > 0) {
    const prev = tokens[first - 1];
    if (isNameToken(prev) || (prev !== undefined && TITLE_WORDS.has(prev.text))) {
      first--;
    } else if (prev !== undefined && CONNECTORS.has(prev.text) && isNameToken(tokens[first - 2]) && joins(tokens, first - 1)) {
      first -= 2;
    } else {
      break;
    }
  }
  return first;
}

/** Splits leading titles and demonyms off a run: "Russian President Vladimir Putin" → title + name. */
function splitTitle(tokens: readonly Token[], first: number, last: number): number {
  let nameStart = first;
  while (nameStart < last) {
    const t = tokens[nameStart]?.text ?? '';
    const next = tokens[nameStart + 1]?.text ?? '';
    if (TITLE_WORDS.has(t) || (t in DEMONYMS && TITLE_WORDS.has(next)) || (CONNECTORS.has(t) && TITLE_WORDS.has(next))) nameStart++;
    else if (t === 'North' || t === 'South') nameStart++;
    // "Republican Donald Trump", "Billionaire Mark Cuban": a party or description, not part of the name.
    else if (last - nameStart >= 2 && PARTY_AND_DESCRIPTOR_WORDS.has(t)) nameStart++;
    // "Seismologist Naci Gorur" opening a sentence: an occupation, capitalised by position.
    else if (nameStart === first && last - nameStart >= 2 && (ROLE_WORDS.has(t.toLowerCase()) || /^\p{Lu}\p{Ll}+(?:ist|ician)$/u.test(t))) nameStart++;
    else break;
  }
  return nameStart;
}

function premodifierAffiliation(text: string, tokens: readonly Token[], nameStart: number): ExtractedAffiliation | null {
  // Walk left over role words and capitalised modifiers: "Russian presidential aide" Yury Ushakov.
  let first = nameStart;
  while (first > 0 && nameStart - first < 6) {
    const t = tokens[first - 1];
    if (t === undefined) break;
    const lower = t.text.toLowerCase();
    if (ROLE_WORDS.has(lower) || TITLE_WORDS.has(t.text) || (isCapitalized(t) && !NOT_NAMES.has(t.text) && !isPossessive(t))) first--;
    else break;
  }
  if (first === nameStart) return null;
  const words = tokens.slice(first, nameStart);
  if (!words.some((w) => ROLE_WORDS.has(w.text.toLowerCase()) || TITLE_WORDS.has(w.text))) return null;
  const startTok = words[0];
  const endTok = words[words.length - 1];
  if (startTok === undefined || endTok === undefined) return null;
  const asStated = text.slice(startTok.start, endTok.end);
  let orgWords: string[] = [];
  const roleWords: string[] = [];
  for (const w of words) {
    if (roleWords.length === 0 && isCapitalized(w) && !TITLE_WORDS.has(w.text) && !ROLE_WORDS.has(w.text.toLowerCase())) orgWords.push(w.text);
    else roleWords.push(w.text);
  }
  const orgText = orgWords.join(' ');
  orgWords = orgText === '' ? [] : [DEMONYMS[orgText] ?? orgText];
  const role = roleWords.join(' ');
  if (role === '') return null;
  return { role, organization: orgWords[0] ?? '', asStated };
}

/** Heads indexed by their last word, so each token checks only the heads it could end. */
const HEADS_BY_LAST_WORD = new Map<string, string[][]>();
for (const head of HEADS_BY_LENGTH) {
  const key = head[head.length - 1]?.toLowerCase() ?? '';
  HEADS_BY_LAST_WORD.set(key, [...(HEADS_BY_LAST_WORD.get(key) ?? []), head]);
}

function commonHeadEndingAt(tokens: readonly Token[], last: number): { first: number; headFirst: number } | null {
  for (const head of HEADS_BY_LAST_WORD.get(tokens[last]?.text.toLowerCase() ?? '') ?? []) {
    const headFirst = last - head.length + 1;
    if (headFirst < 0) continue;
    let ok = true;
    for (let k = 0; k < head.length; k++) {
      if ((tokens[headFirst + k]?.text.toLowerCase() ?? '') !== head[k]?.toLowerCase()) ok = false;
    }
    if (!ok) continue;
    let first = headFirst;
    while (first > 0) {
      const prev = tokens[first - 1];
      if (prev === undefined) break;
      if (COMMON_MODIFIERS.has(prev.text.toLowerCase()) || (isNameToken(prev) && !isPossessive(prev))) first--;
      else break;
    }
    const det = tokens[first - 1];
    if (det !== undefined && DETERMINERS.has(det.text.toLowerCase())) first--;
    return { first, headFirst };
  }
  return null;
}

function buildMention(text: string, tokens: readonly Token[], first: number, last: number): Mention | null {
  const firstTok = tokens[first];
  const lastTok = tokens[last];
  if (firstTok === undefined || lastTok === undefined) return null;
  const words = tokens.slice(first, last + 1).map((t) => t.text);
  let lastTitle = -1;
  for (let k = 0; k < words.length - 1; k++) if (TITLE_WORDS.has(words[k] ?? '')) lastTitle = k;
  const afterTitle = lastTitle < 0 ? [] : words.slice(lastTitle + 1);
  const titledPerson = afterTitle.length > 0 && !isOrganization(afterTitle) && afterTitle.every((w) => !TITLE_WORDS.has(w));
  if (isOrganization(words) && !titledPerson) {
    // Keep a determiner right before an organisation in the mention: "the Unification Ministry".
    const det = tokens[first - 1];
    const withDet = det !== undefined && /^the$/iu.test(det.text) ? det : firstTok;
    return {
      span: span(text, withDet.start, lastTok.end),
      name: text.slice(firstTok.start, lastTok.end),
      kind: 'organization',
      // "Police said" opening a sentence: a common noun, capitalised only by its position.
      common: words.length === 1 && HEAD_WORDS.has(firstTok.text.toLowerCase()),
      gender: 'neuter',
      affiliation: null,
    };
  }
  const nameStart = titledPerson ? first + lastTitle + 1 : splitTitle(tokens, first, last);
  const nameTok = tokens[nameStart];
  if (nameTok === undefined) return null;
  if (words.every((w) => TITLE_WORDS.has(w))) return null;
  const affiliation =
    nameStart > first
      ? titleAffiliation(text, tokens, first, nameStart)
      : premodifierAffiliation(text, tokens, nameStart);
  return {
    span: span(text, nameTok.start, lastTok.end),
    name: text.slice(nameTok.start, lastTok.end),
    kind: 'person',
    common: false,
    gender: genderOf(words),
    affiliation,
  };
}

function titleAffiliation(text: string, tokens: readonly Token[], first: number, nameStart: number): ExtractedAffiliation | null {
  const outer = premodifierAffiliation(text, tokens, first);
  const t0 = tokens[first];
  const t1 = tokens[nameStart - 1];
  if (t0 === undefined || t1 === undefined) return outer;
  const words = tokens.slice(first, nameStart).map((t) => t.text);
  if (words.every((w) => /^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?$/u.test(w))) return outer;
  const orgWords = words.filter((w) => w in DEMONYMS);
  const role = words.filter((w) => !(w in DEMONYMS)).join(' ');
  const org = orgWords[0] === undefined ? (outer?.organization ?? '') : (DEMONYMS[orgWords[0]] ?? orgWords[0]);
  const asStated = outer ? `${outer.asStated} ${text.slice(t0.start, t1.end)}` : text.slice(t0.start, t1.end);
  return { role, organization: org, asStated };
}

/** The mention whose last token is tokens[last], if any. */
export function mentionEndingAtToken(text: string, tokens: readonly Token[], last: number): Mention | null {
  const tok = tokens[last];
  if (tok === undefined) return null;
  const lower = tok.text.toLowerCase();
  if (lower in PRONOUNS && (tok.text === lower || last === 0 || /^[.“"‘(—–-]$/u.test(tokens[last - 1]?.text ?? ''))) {
    return { span: span(text, tok.start, tok.end), name: lower, kind: 'pronoun', common: false, gender: PRONOUNS[lower] ?? null, affiliation: null };
  }
  const det = tokens[last - 1];
  const demonym = tok.text in DEMONYMS && !isNameToken(tokens[last + 1]);
  if (det !== undefined && /^the$/iu.test(det.text) && ORG_DESCRIPTOR_HEADS.has(lower)) {
    // "the company said", "the carmaker said": the organisation named before, if any.
    return { span: span(text, det.start, tok.end), name: text.slice(det.start, tok.end), kind: 'pronoun', common: true, gender: 'neuter', affiliation: null };
  }
  if (det !== undefined && /^the$/iu.test(det.text) && (DESCRIPTOR_HEADS.has(lower) || /^\d+-year-old$/u.test(lower) || demonym)) {
    // "the 31-year-old said", "the coach added", "the Belarusian said": refers back like a pronoun.
    return { span: span(text, det.start, tok.end), name: text.slice(det.start, tok.end), kind: 'pronoun', common: true, gender: 'person', affiliation: null };
  }
  const common = commonHeadEndingAt(tokens, last);
  if (common !== null) {
    const runFirst = nameRunEndingAt(tokens, common.headFirst - 1);
    const firstTok = tokens[common.first];
    const nameFirst = tokens[common.first]?.text.match(/^(?:the|a|an|its|his|her|their|this|that)$/iu) ? common.first + 1 : common.first;
    const nameTok = tokens[nameFirst];
    if (firstTok === undefined || nameTok === undefined) return null;
    const isNamedOrg = runFirst !== null && tokens.slice(runFirst, last + 1).some((t) => ORGANIZATION_HEADS.has(t.text));
    return {
      span: span(text, firstTok.start, tok.end),
      name: text.slice(nameTok.start, tok.end),
      kind: /(?:officials?|analysts?|experts?|spokes\w+|lawyers?|prosecutors?|investigators|researchers|residents|witnesses|diplomats?|observers|sources?)$/u.test(lower)
        ? 'person'
        : 'organization',
      common: !isNamedOrg,
      gender: null,
      affiliation: null,
    };
  }
  const described = descriptionEndingAt(text, tokens, last);
  if (described !== null) return described;
  const first = nameRunEndingAt(tokens, last);
  if (first === null) return null;
  return buildMention(text, tokens, first, last);
}

/**
 * "the investor", "the Christie supporter", "a longtime adviser", "one aide": a person described by role.
 * With "the", it points back like a pronoun; with "a"/"one", it is someone unnamed.
 */
const QUANTIFIERS: ReadonlySet<string> = new Set(['both', 'many', 'some', 'most', 'several', 'few', 'other', 'two', 'three', 'four', 'five', 'dozens', 'hundreds', 'numerous']);

const POSSESSIVE_DETERMINERS: ReadonlySet<string> = new Set(['his', 'her', 'their', 'its', 'my', 'our', 'your']);

/** How many words a role description may have before its head noun. */
const DESCRIPTION_TOKENS = 7;

function descriptionEndingAt(text: string, tokens: readonly Token[], last: number): Mention | null {
  const head = tokens[last];
  if (head === undefined || !PERSON_NOUN.test(head.text) || CLAUSE_WORDS.has(head.text) || VERB_WORDS.has(head.text)) return null;
  for (let det = last - 1; det >= 0 && last - det <= DESCRIPTION_TOKENS; det--) {
    const t = tokens[det];
    if (t === undefined) return null;
    const lower = t.text.toLowerCase();
    // "the Florida senator and Republican presidential candidate": two roles of one person.
    if (lower === 'and' && PERSON_NOUN.test(tokens[det - 1]?.text ?? '')) continue;
    // "many backers say", "both candidates said", "some Democrats": unnamed people, like "a"/"one".
    const quantified = QUANTIFIERS.has(lower) && /s$/u.test(head.text);
    // "her friend said", "his lawyer said", "Trump’s spokeswoman said": someone described through another, unnamed.
    const owned = POSSESSIVE_DETERMINERS.has(lower) || (isPossessive(t) && isCapitalized(t));
    if (lower === 'the' || lower === 'a' || lower === 'an' || lower === 'one' || quantified || owned) {
      const definite = lower === 'the';
      return {
        span: span(text, t.start, head.end),
        name: text.slice(t.start, head.end),
        kind: definite ? 'pronoun' : 'person',
        common: true,
        gender: definite ? (/s$/u.test(head.text) ? 'plural' : 'person') : null,
        affiliation: null,
        ...(owned ? { unnamed: true as const } : {}),
      };
    }
    // "Yet Democratic economists say": a plural with no determiner, after a clause opener, is people unnamed.
    if (/s$/u.test(head.text) && det < last && BARE_PLURAL_OPENERS.has(lower)) return barePlural(text, tokens, det + 1, head);
    // Modifiers only: words, names, numbers ("the 2016 Democratic White House contender").
    if (!/^[\p{L}\p{N}][\p{L}\p{N}’'.-]*$/u.test(t.text) || CLAUSE_WORDS.has(lower) || VERB_WORDS.has(lower) || lower in PRONOUNS) return null;
  }
  // …or opening the stretch read ("Democratic economists, like …, say").
  return /s$/u.test(head.text) && last <= DESCRIPTION_TOKENS && last > 0 ? barePlural(text, tokens, 0, head) : null;
}

const BARE_PLURAL_OPENERS: ReadonlySet<string> = new Set(['yet', 'but', 'and', 'so', 'still', 'now', 'also', 'however', 'meanwhile', 'while', 'though', 'although', 'because']);

function barePlural(text: string, tokens: readonly Token[], first: number, head: Token): Mention | null {
  const t = tokens[first];
  if (t === undefined) return null;
  return { span: span(text, t.start, head.end), name: text.slice(t.start, head.end), kind: 'person', common: true, gender: 'plural', affiliation: null, unnamed: true };
}

/** The mention that starts at tokens[first] ("said Hong Min, …", "said the ministry"). */
export function mentionStartingAtToken(text: string, tokens: readonly Token[], first: number): { mention: Mention; last: number } | null {
  const det = tokens[first];
  if (det === undefined) return null;
  const lowerFirst = det.text.toLowerCase();
  if (lowerFirst in PRONOUNS) {
    const m = mentionEndingAtToken(text, tokens, first);
    return m ? { mention: m, last: first } : null;
  }
  // Extend right over determiners, titles, modifiers and names; keep the longest mention ending there.
  let best: { mention: Mention; last: number } | null = null;
  for (let i = first; i < tokens.length && i < first + 9; i++) {
    const t = tokens[i];
    if (t === undefined) break;
    const lower = t.text.toLowerCase();
    const fits =
      isCapitalized(t) || CONNECTORS.has(t.text) || (i === first && DETERMINERS.has(lower)) ||
      ROLE_WORDS.has(lower) || COMMON_MODIFIERS.has(lower) || HEAD_WORDS.has(lower) ||
      // Any other plain word may describe the person ("said engineer Ada Okafor"), short of a clause; not after a
      // mention already read ("Trump launched a pre-emptive attack against Obama" is Trump's).
      (best === null && /^\p{Ll}[\p{Ll}-]*$/u.test(t.text) && !CLAUSE_WORDS.has(lower) && !VERB_WORDS.has(lower)) ||
      // "said a 2008 Clinton veteran", "the 31-year-old": a number inside a description.
      (i > first && /^\d[\d-]*$/u.test(t.text)) ||
      // "said the 46-year-old", "said a 29-year-old from Ohio".
      (i > first && /^\d+-[\p{Ll}-]+$/u.test(t.text));
    if (!fits) break;
    // "said Omar Haddad of the Justice Project": the person is the speaker, the rest describes him.
    if (best !== null && best.mention.kind === 'person' && ORG_CONNECTORS.has(t.text)) break;
    const m = mentionEndingAtToken(text, tokens, i);
    if (m !== null && m.span.start >= det.start) best = { mention: m, last: i };
    if (isPossessive(t)) break;
  }
  return best;
}

/**
 * The grammatical subject in text[from, to) right before a cue: the mention
 * ending there, or — when the stretch ends in an appositive ("Hong Min, a
 * senior research fellow at …,") — the mention the appositive describes.
 */
const PARTICIPLE_AGENT =
  /\s+(?:obtained|seen|reviewed|published|released|issued|written|signed|sent|filed|posted|cited|quoted|commissioned|conducted|sponsored|paid for)\s+by\s+[^,;:“”"]{1,60}$/u;

/** "Ana Ruiz of the Brookings Institution": the person a trailing "of/at/from ORGANISATION" describes, opening the stretch or after a comma. */
function personBeforeOf(text: string, tokens: readonly Token[], named: Mention): Mention | null {
  if (named.kind === 'pronoun') return null;
  let at = tokens.findIndex((t) => t.start >= named.span.start);
  if (/^(?:the|a|an)$/iu.test(tokens[at - 1]?.text ?? '')) at--;
  if (at < 2 || !/^(?:of|at|from|with)$/u.test(tokens[at - 1]?.text ?? '')) return null;
  const person = mentionEndingAtToken(text, tokens, at - 2);
  if (person === null || person.kind !== 'person' || person.common) return null;
  const first = tokens.findIndex((t) => t.start >= person.span.start);
  return first === 0 || tokens[first - 1]?.text === ',' ? person : null;
}

export function subjectBefore(text: string, from: number, end: number): { mention: Mention; appositive: TextSpan | null } | null {
  // "The Kremlin on Friday dismissed …": a time adjunct may sit between subject and verb.
  const time = TIME_BEFORE_VERB.exec(text.slice(from, end));
  let to = time === null ? end : from + time.index;
  // "A letter from the Legion obtained by The Associated Press warns": the agent of the participle is no subject.
  const agent = PARTICIPLE_AGENT.exec(text.slice(from, to));
  if (agent !== null && agent.index > 0) to = from + agent.index;
  // "people familiar with the matter said": an unnamed source, described by what they know.
  const source = UNNAMED_SOURCE.exec(text.slice(from, to));
  if (source !== null) {
    const start = from + source.index + (source[0].length - source[0].trimStart().length);
    const name = text.slice(start, to).trim();
    return { mention: { span: span(text, start, start + name.length), name: name.replace(/^(?:a|an|the)\s+/iu, ''), kind: 'person', common: true, gender: 'plural', affiliation: null }, appositive: null };
  }
  const tokens = tokenize(text, from, to);
  const last = tokens.length - 1;
  const tail = tokens[last];
  if (tail === undefined) return null;
  if (tail.text === ',') {
    for (let i = 0; i < last; i++) {
      if (tokens[i]?.text !== ',') continue;
      const m = mentionEndingAtToken(text, tokens, i - 1);
      if (m === null || m.kind === 'pronoun' && i - 1 !== 0) continue;
      // "In a statement to the Observer, her adviser, Jake Sullivan, said": a name inside an opening phrase is no subject.
      if (insidePhrase(tokens, m)) continue;
      const after = tokens[i + 1];
      if (after === undefined || !startsAppositive(tokens, i + 1)) continue;
      const appEnd = tokens[last - 1];
      if (appEnd === undefined) continue;
      return { mention: m, appositive: span(text, after.start, appEnd.end) };
    }
    // "The electoral commission chairman, Wafula Chebukati, said": the name is the appositive.
    const named = mentionEndingAtToken(text, tokens, last - 1);
    if (named !== null && named.kind === 'person' && !named.common) {
      const before = tokens.findIndex((t) => t.start >= named.span.start);
      // "…, Gov. John Kasich (R-OH), said" (the label blanked) or "Gov. John Kasich, said" opening the stretch.
      let lead = before;
      while (lead > 0 && TITLE_WORDS.has(tokens[lead - 1]?.text ?? '')) lead--;
      if (lead === 0 || tokens[lead - 1]?.text === ',') return { mention: named, appositive: null };
    }
    // "Another pollster, Dan Wood of Clemson University, said": the named person before "of" is the subject.
    const person = named === null ? null : personBeforeOf(text, tokens, named);
    return person === null ? null : { mention: person, appositive: null };
  }
  // "Officials at the nation’s largest port said", "Analysts at ING said": the head before a short prepositional phrase.
  for (let i = last - 1; i > 0 && last - i <= 6; i--) {
    const t = tokens[i];
    if (t === undefined || /^[,;:—–]$/u.test(t.text)) break;
    if (!/^(?:at|of|for|from|with|in)$/u.test(t.text)) continue;
    const head = mentionEndingAtToken(text, tokens, i - 1);
    if (head !== null && head.kind === 'person' && head.common) return { mention: head, appositive: null };
  }
  const m = mentionEndingAtToken(text, tokens, last);
  if (m !== null) {
    // "Six newspapers in New Jersey said", "voters across the state say": the place says nothing; the people placed there do.
    const at = tokens.findIndex((t) => t.start >= m.span.start);
    const placed = at > 1 && /^(?:in|across|throughout)$/u.test(tokens[at - 1]?.text ?? '') ? describedSubjectBefore(text, from, tokens[at - 1]?.start ?? from) : null;
    if (placed !== null) return { mention: placed, appositive: null };
    return { mention: personBeforeOf(text, tokens, m) ?? m, appositive: null };
  }
  for (let i = last - 1; i > 0 && last - i <= 6; i--) {
    const t = tokens[i];
    if (t === undefined || /^[,;:—–]$/u.test(t.text)) break;
    if (!/^(?:at|of|for|from|with|in)$/u.test(t.text)) continue;
    const head = mentionEndingAtToken(text, tokens, i - 1);
    if (head !== null && head.kind !== 'pronoun') return { mention: head, appositive: null };
  }
  return null;
}

/** The mention sits in a prepositional phrase of its comma-delimited stretch ("In a statement to the Observer,"). */
function insidePhrase(tokens: readonly Token[], m: Mention): boolean {
  const first = tokens.findIndex((t) => t.start >= m.span.start);
  for (let k = first - 1; k >= 0; k--) {
    const word = tokens[k]?.text ?? '';
    // "in Berea, OH,": a one-word name right after a comma may finish a place named in the phrase before.
    if (word === ',' && !(k === first - 1 && !m.name.includes(' '))) return false;
    if (/^(?:in|at|to|on|from|for|with|by|after|before|during|since|about|against|into|over|under|like)$/iu.test(word)) return true;
  }
  return false;
}

function startsAppositive(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t === undefined) return false;
  if (APPOSITIVE_STARTERS.test(t.text)) return true;
  // US party and state: "Sen. Elizabeth Warren, D-Mass., said".
  if (/^[DRI]-[\p{Lu}]/u.test(t.text)) return true;
  if (ROLE_WORDS.has(t.text.toLowerCase()) || TITLE_WORDS.has(t.text)) return true;
  return /^\p{Ll}/u.test(t.text) && !/^(?:and|or|but|said|says|told|added|noted)$/u.test(t.text);
}

/** Reads "a professor at Kyungnam University’s Institute …" as role + organisation. */
export function affiliationFromAppositive(appositive: TextSpan): ExtractedAffiliation | null {
  const m = /^(?:(?:a|an|the)\s+)?((?:[\p{L}-]+\s+){0,4}?[\p{L}-]+)\s+(?:at|of|for|with|from|in)\s+(?:the\s+)?(\p{Lu}[^,]*?)(?:,.*)?$/su.exec(appositive.text);
  if (m === null || m[1] === undefined || m[2] === undefined) return null;
  const role = m[1];
  if (!role.split(/\s+/u).some((w) => ROLE_WORDS.has(w.toLowerCase()))) return null;
  return { role, organization: m[2].trim(), asStated: appositive.text };
}

/** A mention anywhere in text[from, to): the last one (used for "according to Russia’s state-run news agency TASS"). */
export function lastMentionIn(text: string, from: number, to: number): Mention | null {
  const tokens = tokenize(text, from, to);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const m = mentionEndingAtToken(text, tokens, i);
    if (m !== null && m.kind !== 'pronoun') return m;
  }
  return null;
}

/** Every named (capitalised) mention in text[from, to), left to right, for the entity registry. */
export function namedMentionsIn(text: string, from: number, to: number): Mention[] {
  const tokens = tokenize(text, from, to);
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isNameToken(tokens[i]) && !TITLE_WORDS.has(tokens[i]?.text ?? '')) continue;
    let last = i;
    while (last + 1 < tokens.length) {
      const next = tokens[last + 1];
      if (isNameToken(next) || (next !== undefined && TITLE_WORDS.has(next.text))) last++;
      else if (next !== undefined && CONNECTORS.has(next.text) && isNameToken(tokens[last + 2]) && joins(tokens, last + 1)) last += 2;
      else break;
    }
    const m = buildMention(text, tokens, i, last);
    if (m !== null) mentions.push(m);
    i = last;
  }
  return mentions;
}

/** Words after which a new clause (and its subject) begins: "while 61 percent say", "a plan that critics say". */
const CLAUSE_OPENERS = new Set([
  'but', 'so', 'yet', 'still', 'now', 'also', 'meanwhile', 'instead', 'however', 'then', 'while', 'when', 'because',
  'although', 'though', 'since', 'whereas', 'if', 'as', 'that', 'where', 'after', 'before', 'once', 'until', 'unless',
]);
const DESCRIBED_WORD = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}’'.&%-]*$/u;
/** Words that make a stretch a clause or a phrase, not a noun phrase naming who spoke. */
const NOT_IN_DESCRIPTION = new Set([
  'at', 'to', 'by', 'with', 'on', 'than', 'who', 'whom', 'which', 'what', 'whether', 'is', 'are', 'was', 'were', 'be',
  'been', 'being', 'has', 'have', 'had', 'will', 'would', 'could', 'should', 'can', 'may', 'might', 'must', 'do', 'does',
  'did', 'not', 'never', 'it', 'this', 'there', 'he', 'she', 'they', 'we', 'i', 'you', 'him', 'her', 'them', 'us', 'me',
  'or', 'nor', 'even', 'yes', 'no', 'here',
]);
/** A counted group: "43", "26%", "7 percent", "two in three", "a third". */
const COUNT = /^(?:\d[\d,.]*%?|percent|third|half|quarter|majority|minority|plurality|some|many|most|others|few|several|both|all)$/iu;

/**
 * A short noun phrase right before a cue that no name rule reads: "Anti-TPP activists said",
 * "Edwards and others said", "Some 56 percent of voters polled said", "while 61 percent say".
 * It is a described, unnamed speaker; null when the stretch looks like a clause or phrase instead.
 */
export function describedSubjectBefore(text: string, from: number, end: number): Mention | null {
  const slice = text.slice(from, end);
  const boundary = Math.max(...[',', ';', ':', '—', '–', '(', ')', '“', '”', '"'].map((c) => slice.lastIndexOf(c)));
  const tokens = tokenize(text, from + boundary + 1, end);
  let first = tokens.length;
  while (first > 0) {
    const word = tokens[first - 1]?.text ?? '';
    if (CLAUSE_OPENERS.has(word.toLowerCase()) && first < tokens.length) break;
    if (!DESCRIBED_WORD.test(word) || NOT_IN_DESCRIPTION.has(word.toLowerCase()) || CLAUSE_OPENERS.has(word.toLowerCase())) return null;
    // "in" only inside a count ("two in three"); "came in and told" is a clause.
    if (word === 'in' && !/^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)/iu.test(tokens[first]?.text ?? '')) return null;
    if (/[’'](?:d|s|re|ll|ve)$/u.test(word) && first === tokens.length) return null;
    first--;
  }
  while (/^(?:in|of|and)$/iu.test(tokens[first]?.text ?? '')) first++;
  const words = tokens.slice(first);
  const head = words[0];
  const tail = words[words.length - 1];
  if (head === undefined || tail === undefined || words.length > 8) return null;
  const lastWord = tail.text.toLowerCase();
  const counted = words.some((w) => COUNT.test(w.text));
  // "groups that backed the bill say": a past-tense verb opening the stretch ends a relative clause, not a description.
  if (/^\p{Ll}+ed$/u.test(head.text) && words.length > 1) return null;
  if (/ly$/u.test(lastWord) || (/ed$/u.test(lastWord) && words.length > 1) || DETERMINERS.has(lastWord) || (words.length === 1 && !/s$/u.test(lastWord) && !counted)) return null;
  const phrase = text.slice(head.start, tail.end);
  return {
    span: span(text, head.start, tail.end),
    name: phrase.replace(/^(?:the|a|an|some)\s+/iu, ''),
    kind: 'person',
    common: true,
    gender: /s$/u.test(lastWord) || counted ? 'plural' : null,
    affiliation: null,
    unnamed: true,
  };
}

/** A comma-enclosed aside closing the stretch before a verb: "Executives for Mondelez, which …, say". */
const ASIDE_BEFORE_VERB = /,\s*[^,;:“”"()]{1,100},\s*$/u;
/** A restrictive relative or infinitive after a plural or personal noun: "groups that endorsed him say", "the last man to run says". */
const MODIFIER_BEFORE_VERB = /(?<=\p{L}s|\b(?:man|woman|person|people|one|official|aide|spokesman|spokeswoman))\s+(?:that|who|to)\s+[^,;:“”"()]{1,80}$/u;
/** "those surveyed", "voters polled": a group described by the survey that asked it. */
const SURVEYED = /\b(?:those|people|voters|respondents|adults|Americans|residents|members)\s+(?:surveyed|polled|asked|interviewed|questioned)\s*$/u;

/**
 * The subject of a speech verb held apart from it by an aside, a relative clause or a survey's participle
 * ("Democratic economists, like their Republican counterparts, say", "people who have battled fraud say",
 * "those surveyed say"): the subject before what holds it apart, or null.
 */
export function heldSubjectBefore(text: string, from: number, end: number): Mention | null {
  const slice = text.slice(from, end);
  const surveyed = SURVEYED.exec(slice);
  if (surveyed !== null) {
    const start = from + surveyed.index;
    const stop = from + surveyed.index + surveyed[0].trimEnd().length;
    return { span: span(text, start, stop), name: text.slice(start, stop), kind: 'person', common: true, gender: 'plural', affiliation: null, unnamed: true };
  }
  const held = ASIDE_BEFORE_VERB.exec(slice) ?? MODIFIER_BEFORE_VERB.exec(slice);
  if (held === null || held.index === 0) return null;
  const stop = from + held.index;
  const named = subjectBefore(text, from, stop);
  // A name closing the stretch ("Rubio, like Bush, says"); "Farm groups" is a description, not the name "Farm".
  if (named !== null && named.mention.kind !== 'pronoun' && text.slice(named.mention.span.end, stop).trim() === '') return named.mention;
  return describedSubjectBefore(text, from, stop);
}

/** "according to exit polls", "according to a count by the AP": the phrase after the cue as an unnamed source. */
export function describedSourceIn(text: string, from: number, to: number): Mention | null {
  const phrase = text.slice(from, to).trim();
  const start = text.indexOf(phrase, from);
  const words = phrase.split(/\s+/u).filter(Boolean);
  if (words.length === 0 || words.length > 12 || !/^[\p{L}\p{N}]/u.test(phrase) || /^(?:him|her|them|me|us|it|this|that)$/iu.test(phrase)) return null;
  return {
    span: span(text, start, start + phrase.length),
    name: phrase.replace(/^(?:the|a|an)\s+/iu, ''),
    kind: 'person',
    common: true,
    gender: null,
    affiliation: null,
    unnamed: true,
  };
}
