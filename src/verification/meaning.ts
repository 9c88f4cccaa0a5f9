import { diffArrays } from 'diff';
import type { Token } from './tokens.ts';

/**
 * Meaning changes between the stored wording and a claim: the edits a fact-
 * checker must see even when the claim is 99% similar.
 */
const NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'neither', 'none', 'nobody', 'nothing', 'nowhere', 'cannot', 'without']);
// Conditions and hedges: cutting "likely" or "is thought to be" off a claim turns an assessment into a statement.
const QUALIFIERS = new Set([
  'if', 'unless', 'likely', 'unlikely', 'possibly', 'perhaps', 'probably', 'might', 'could', 'reportedly', 'allegedly',
  'thought', 'believed', 'assessed', 'seen', 'may',
]);
const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const NUMBER_WORDS = new Set(
  ('zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen ' +
    'eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion ' +
    'first second third fourth fifth sixth seventh eighth ninth tenth dozen dozens hundreds thousands millions half')
    .split(' '),
);

export const isNegation = (key: string): boolean => NEGATIONS.has(key) || key.endsWith("n't");
export const changesMeaningWhenCut = (key: string): boolean => isNegation(key) || QUALIFIERS.has(key);
const isNumber = (key: string): boolean => /\d/.test(key) || NUMBER_WORDS.has(key);
const isYear = (key: string): boolean => /^(1[0-9]|2[0-9])\d\d$/.test(key);

function isDateWord(tokens: readonly Token[], index: number): boolean {
  const key = tokens[index]?.key ?? '';
  const nextToDigit = /^\d/.test(tokens[index - 1]?.key ?? '') || /^\d/.test(tokens[index + 1]?.key ?? '');
  // "may" is a month only next to a day number ("May 9"); otherwise it is the verb.
  if (key === 'may') return nextToDigit;
  if (MONTHS.has(key) || WEEKDAYS.has(key) || isYear(key) || /^\d{4}-\d\d(-\d\d)?$/.test(key)) return true;
  // "May 9", "9 May": a day number next to a month name.
  return /^\d{1,2}(st|nd|rd|th)?$/.test(key) && (MONTHS.has(tokens[index - 1]?.key ?? '') || MONTHS.has(tokens[index + 1]?.key ?? ''));
}

/** A capitalised word that is not the first of its text: most likely part of a name. */
function isNameWord(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  if (token === undefined || index === 0 || token.key === 'i') return false;
  return /^\p{Lu}/u.test(token.text) && !isNumber(token.key);
}

export type MeaningFlagCode =
  | 'negation_added'
  | 'negation_removed'
  | 'number_changed'
  | 'date_changed'
  | 'entity_changed'
  | 'subject_changed'
  | 'modality_changed'
  | 'tense_changed';

// "will" and "may" say different things: a promise is not a possibility.
const MODALS = new Set(['will', 'would', 'shall', 'should', 'may', 'might', 'must', 'can', 'could', 'ought']);
const PRESENT = new Set(['is', 'are', 'am', 'has', 'have', 'do', 'does', 'says', 'say']);
const PAST = new Set(['was', 'were', 'had', 'did', 'said']);
const FUTURE = new Set(['will', 'shall']);

/** Regular past and present of one verb ("attend" / "attended", "attends"). */
function tensePair(a: string, b: string): boolean {
  const [x, y] = a.length <= b.length ? [a, b] : [b, a];
  if (x.length < 3) return false;
  const rest = y.startsWith(x) ? y.slice(x.length) : x.endsWith('e') && y.startsWith(x.slice(0, -1)) ? y.slice(x.length - 1) : null;
  if (rest === null) return false;
  const past = (w: string) => /ed$/u.test(w);
  return (rest === 'ed' || rest === 'd') && past(a) !== past(b);
}

export interface MeaningChange {
  code: MeaningFlagCode;
  stored: string[];
  claimed: string[];
}

export interface WordEdits {
  added: string[];
  removed: string[];
  changes: MeaningChange[];
}

/** Limits for `diff` (it has pathological inputs): beyond them, no diff rather than a slow one. */
export const DIFF_LIMITS = { maxEditLength: 200, timeout: 25 } as const;

interface Indexed {
  token: Token;
  index: number;
}

type Part = { added?: boolean; removed?: boolean; value: Indexed[] };

/**
 * Who or what the sentence is about changed: the stretch opens with words replaced, a name or a number
 * among them, before words kept ("29 foreign leaders will attend" → "Kim Jong Un will attend"), or the
 * same names stand in another order ("Kim met Putin" → "Putin met Kim").
 */
function subjectChange(parts: Part[] | undefined, stored: readonly Token[], claim: readonly Token[]): MeaningChange | null {
  const named = (ts: readonly Token[], i: number) => isNameWord(ts, i) || isNumber(ts[i]?.key ?? '');
  if (parts !== undefined && parts.length >= 3) {
    const head = parts.slice(0, 2);
    const removed = head.find((p) => p.removed)?.value ?? [];
    const added = head.find((p) => p.added)?.value ?? [];
    const kept = parts[2];
    const opens = removed.length > 0 && added.length > 0 && removed[0]?.index === 0 && added[0]?.index === 0;
    if (opens && kept !== undefined && !kept.added && !kept.removed && kept.value.length >= 2) {
      // The claim's first word is capitalised anyway: a name there is one when the next word is too or it is the whole subject.
      const claimNamed = added.some((x) => named(claim, x.index) || (x.index === 0 && /^\p{Lu}/u.test(x.token.text) && added.length > 1));
      if (claimNamed || removed.some((x) => named(stored, x.index))) {
        return { code: 'subject_changed', stored: removed.map((x) => x.token.text), claimed: added.map((x) => x.token.text) };
      }
    }
  }
  const names = (ts: readonly Token[]) => ts.filter((_, i) => isNameWord(ts, i) && !isDateWord(ts, i)).map((t) => t.key);
  const [a, b] = [names(stored), names(claim)];
  const sameSet = a.length >= 2 && a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
  if (sameSet && a.join(' ') !== b.join(' ')) return { code: 'subject_changed', stored: [...new Set(a)], claimed: [...new Set(b)] };
  return null;
}

/** Word edits between the stored stretch and the claim, and which of them change the meaning. */
export function wordEdits(stored: readonly Token[], claim: readonly Token[]): WordEdits {
  const left: Indexed[] = stored.map((token, index) => ({ token, index }));
  const right: Indexed[] = claim.map((token, index) => ({ token, index }));
  const parts: Part[] | undefined = diffArrays(left, right, { comparator: (a, b) => a.token.key === b.token.key, ...DIFF_LIMITS });
  const removed: Indexed[] = [];
  const added: Indexed[] = [];
  if (parts === undefined) {
    // Too many edits to diff within the limits: compare as bags of words instead.
    const inClaim = new Set(claim.map((t) => t.key));
    const inStored = new Set(stored.map((t) => t.key));
    removed.push(...left.filter((x) => !inClaim.has(x.token.key)));
    added.push(...right.filter((x) => !inStored.has(x.token.key)));
  } else {
    for (const part of parts) {
      if (part.removed) removed.push(...part.value);
      else if (part.added) added.push(...part.value);
    }
  }
  const changes: MeaningChange[] = [];
  const words = (xs: Indexed[]) => xs.map((x) => x.token.text);
  const pick = (xs: Indexed[], tokens: readonly Token[], test: (tokens: readonly Token[], i: number) => boolean) =>
    xs.filter((x) => test(tokens, x.index));

  const negStored = stored.filter((t) => isNegation(t.key)).length;
  const negClaim = claim.filter((t) => isNegation(t.key)).length;
  const negRemoved = words(pick(removed, stored, (ts, i) => isNegation(ts[i]?.key ?? '')));
  const negAdded = words(pick(added, claim, (ts, i) => isNegation(ts[i]?.key ?? '')));
  if (negClaim > negStored) changes.push({ code: 'negation_added', stored: negRemoved, claimed: negAdded });
  if (negClaim < negStored) changes.push({ code: 'negation_removed', stored: negRemoved, claimed: negAdded });

  const dateRemoved = pick(removed, stored, isDateWord);
  const dateAdded = pick(added, claim, isDateWord);
  if (dateRemoved.length + dateAdded.length > 0) changes.push({ code: 'date_changed', stored: words(dateRemoved), claimed: words(dateAdded) });

  const isPlainNumber = (ts: readonly Token[], i: number) => isNumber(ts[i]?.key ?? '') && !isDateWord(ts, i);
  const numRemoved = pick(removed, stored, isPlainNumber);
  const numAdded = pick(added, claim, isPlainNumber);
  if (numRemoved.length + numAdded.length > 0) changes.push({ code: 'number_changed', stored: words(numRemoved), claimed: words(numAdded) });

  const isEntity = (ts: readonly Token[], i: number) => isNameWord(ts, i) && !isDateWord(ts, i);
  // Inflections of the same name ("Korean" → "Korea's") are not a swap.
  const stem = (x: Indexed) => x.token.key.replace(/'s$/, '');
  const sameStem = (a: Indexed, b: Indexed) => {
    const [x, y] = [stem(a), stem(b)];
    return Math.min(x.length, y.length) >= 4 && (x.startsWith(y) || y.startsWith(x));
  };
  const namesRemoved = pick(removed, stored, isEntity);
  const namesAdded = pick(added, claim, isEntity);
  const nameRemoved = namesRemoved.filter((r) => !namesAdded.some((a) => sameStem(r, a)));
  const nameAdded = namesAdded.filter((a) => !namesRemoved.some((r) => sameStem(r, a)));
  if (nameRemoved.length > 0 && nameAdded.length > 0) changes.push({ code: 'entity_changed', stored: words(nameRemoved), claimed: words(nameAdded) });

  // Who the words are about leads: "29 foreign leaders" → "Kim Jong Un" is a new subject before it is a lost number.
  const subject = subjectChange(parts, stored, claim);
  if (subject !== null) changes.unshift(subject);

  const isModal = (ts: readonly Token[], i: number) => MODALS.has(ts[i]?.key ?? '') && !isDateWord(ts, i);
  const modalRemoved = pick(removed, stored, isModal);
  const modalAdded = pick(added, claim, isModal);
  if (modalRemoved.length + modalAdded.length > 0) changes.push({ code: 'modality_changed', stored: words(modalRemoved), claimed: words(modalAdded) });

  const tenseOf = (x: Indexed) =>
    PRESENT.has(x.token.key) ? 'present' : PAST.has(x.token.key) ? 'past' : FUTURE.has(x.token.key) ? 'future' : null;
  const auxRemoved = removed.filter((x) => tenseOf(x) !== null);
  const auxAdded = added.filter((x) => tenseOf(x) !== null);
  const auxTense = auxRemoved.some((r) => auxAdded.some((a) => tenseOf(a) !== tenseOf(r)));
  const verbPairs = removed.flatMap((r) => added.filter((a) => tensePair(r.token.key, a.token.key)).map((a) => [r, a] as const));
  if (auxTense || verbPairs.length > 0) {
    changes.push({
      code: 'tense_changed',
      stored: words([...auxRemoved, ...verbPairs.map(([r]) => r)]),
      claimed: words([...auxAdded, ...verbPairs.map(([, a]) => a)]),
    });
  }

  return { added: words(added), removed: words(removed), changes };
}

export type DiffOp = { op: 'equal' | 'added' | 'removed'; text: string };

/** Word diff from the stored wording to the claim, for display; null when beyond DIFF_LIMITS. */
export function displayDiff(stored: readonly Token[], claim: readonly Token[]): DiffOp[] | null {
  const parts = diffArrays([...stored], [...claim], { comparator: (a, b) => a.key === b.key, ...DIFF_LIMITS });
  if (parts === undefined) return null;
  return parts.map((part) => ({
    op: part.added ? 'added' : part.removed ? 'removed' : 'equal',
    text: part.value.map((t) => t.text).join(' '),
  }));
}
