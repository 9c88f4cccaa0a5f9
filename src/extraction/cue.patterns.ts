/**
 * Compiles the lexicon into the patterns that find speech cues in a sentence.
 */
import type { TextSpan } from './extraction.types.ts';
import { ACCORDING_TO, CLAUSE_CUES, CUE_PREFIXES, LABEL_PARTICIPLES, LY_NOUNS, OBJECT_CUES, PROGRESSIVE_CUES, PARTICIPLE_CUES, REPORTING_PHRASES, REPORTING_VERBS } from './extraction.lexicon.ts';

export type CueKind = 'verb' | 'participle' | 'according';

export interface Cue extends TextSpan {
  kind: CueKind;
  /** The reporting verb itself, lower-case, without prefixes ("rule out", "said"). */
  verb: string;
  /** Where the verb starts (after "also", "has", …) — the subject ends before the prefixes. */
  verbStart: number;
  takesObject: boolean;
  takesClause: boolean;
  /** A participle that names the quotation after it ("calling him “…”"), not a cue of reported speech. */
  quotationOnly?: true;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/ /gu, '\\s+');
const byLength = (list: readonly string[]): string[] => [...list].sort((a, b) => b.length - a.length).map(escape);

/** An adverb before the verb ("strongly suggested", "repeatedly said"), not a noun in -ly ("the family said"). */
const LY_ADVERB = `(?!(?:${LY_NOUNS.join('|')})\\s)\\p{Ll}{2,}ly`;
// Prefix words ("has", "also", "strongly") are taken in backwards from the verb (prefixStart), which is cheaper than trying them at every word.
const VERB_RE = new RegExp(
  `\\b(${byLength([...REPORTING_PHRASES, ...REPORTING_VERBS]).join('|')})\\b`,
  // Case-sensitive on purpose: "the United States" must not read as the verb "states".
  'gu',
);
/**
 * One more prefix word right before a cue ("strongly" in "has strongly suggested"): read backwards from the verb, so the
 * open-ended adverb need not be tried at every word of the text.
 */
const PREFIX_BEFORE = new RegExp(`(?:^|[^\\p{L}’'])((?:${byLength(CUE_PREFIXES).join('|')}|${LY_ADVERB})\\s+)$`, 'u');
const MAX_PREFIX_WORDS = 3;

/** Where a cue starts once the prefix words before `start` (up to three in all) are taken in. */
function prefixStart(text: string, from: number, start: number, words: number): number {
  let at = start;
  for (let n = words; n < MAX_PREFIX_WORDS; n++) {
    const seg = text.slice(Math.max(from, at - 24), at);
    const m = PREFIX_BEFORE.exec(seg);
    if (m === null) break;
    at -= m[1]?.length ?? 0;
  }
  return at;
}

const PROGRESSIVE_RE = new RegExp(
  `\\b(?:is|are|was|were|been|’s|'s)\\s+(?:(?:also|still|now|already|again|${LY_ADVERB})\\s+){0,2}(${byLength(Object.keys(PROGRESSIVE_CUES)).join('|')})\\b`,
  'gu',
);
const PARTICIPLE_RE = new RegExp(`\\b(?:and\\s+)?(${byLength(PARTICIPLE_CUES).join('|')})\\b`, 'giu');
const ACCORDING_RE = new RegExp(ACCORDING_TO.source, 'giu');
const LABEL_PARTICIPLE_RE = new RegExp(`\\b(${byLength(LABEL_PARTICIPLES.filter((p) => !PARTICIPLE_CUES.includes(p))).join('|')})\\b`, 'gu');
/**
 * A lexicon entry stands for every tense of its verb: "suggested" also makes "suggests" and "suggest" take a clause,
 * "stressed" makes "stresses" so. Only forms that are cues at all are ever looked up, so over-generating is harmless.
 */
function withInflections(forms: readonly string[]): Set<string> {
  const out = new Set(forms);
  for (const form of forms) {
    if (form.includes(' ')) continue;
    const stems = /ied$/u.test(form) ? [form.slice(0, -3) + 'y'] : /ed$/u.test(form) ? [form.slice(0, -1), form.slice(0, -2), form.slice(0, -3)] : [];
    for (const stem of stems) {
      out.add(stem);
      out.add(/(?:s|sh|ch|x|z)$/u.test(stem) ? `${stem}es` : /[^aeiou]y$/u.test(stem) ? `${stem.slice(0, -1)}ies` : `${stem}s`);
    }
  }
  return out;
}
const OBJECT_SET = withInflections(OBJECT_CUES);
const CLAUSE_SET = withInflections(CLAUSE_CUES);

/** "Trump Says He Never Pledged …": a capitalised verb of speech (after a name, checked at the match), in a Title-Case headline. */
const HEADLINE_VERB_RE = /\b(Says|Said|Tells|Told|Warns|Warned|Claims|Claimed|Insists|Insisted|Admits|Admitted|Vows|Vowed|Urges|Urged|Denies|Denied|Predicts|Promises|Argues|Suggests)(?=\s+[\p{Lu}\d“"‘])/gu;

/** Most longer words capitalised: a headline, whose capitalised verbs are cues. */
function titleCase(slice: string): boolean {
  const words = slice.match(/\p{L}{4,}/gu) ?? [];
  return words.length >= 3 && words.filter((w) => /^\p{Lu}/u.test(w)).length >= words.length * 0.7;
}

/** Before "asked": the sentence's start or a passive or temporal frame ("when asked", "was asked"). */
const PUT_TO_SPEAKER = /(?:^|\b(?:when|after|if|once|was|were|being|is|are|been|be))\s*$/iu;

/** Cues in text[from, to), left to right, skipping ranges (quotations) given in `skip`. */
export function findCues(text: string, from: number, to: number, skip: readonly [number, number][]): Cue[] {
  const slice = text.slice(from, to);
  const cues: Cue[] = [];
  const inSkip = (s: number, e: number): boolean => skip.some(([a, b]) => s < b && e > a);
  VERB_RE.lastIndex = 0;
  for (let m = VERB_RE.exec(slice); m !== null; m = VERB_RE.exec(slice)) {
    const start = prefixStart(text, from, from + m.index, 0);
    const end = from + m.index + m[0].length;
    if (inSkip(start, end)) continue;
    const verb = (m[1] ?? '').toLowerCase().replace(/\s+/gu, ' ');
    // "Asked whether …" opening a sentence is a question put to the speaker, not a cue.
    // "when asked whether …", "was asked about …" likewise; "Tapper asked whether …" is the subject's question.
    if (verb === 'asked' && /^\s*(?:whether|about|if|what|how|why|when|to)\b/iu.test(text.slice(end, end + 12)) && PUT_TO_SPEAKER.test(text.slice(from, start))) continue;
    // "the other states voting", "Rust Belt states that have": the noun; the verb takes "that" or a colon ("The law states that …").
    if ((verb === 'states' || verb === 'state') && !/^\s*(?:that\b|:)/u.test(text.slice(end, end + 8))) continue;
    // "758 pledged delegates": the adjective, not the verb.
    if (verb === 'pledged' && /^\s+delegates\b/u.test(text.slice(end, end + 12))) continue;
    // "is said to be": hearsay about someone, not a statement by the subject.
    if (verb === 'said' && /^\s*to\s+(?:be|have)\b/iu.test(text.slice(end, end + 12))) continue;
    const phrase = text.slice(start, end).toLowerCase().replace(/\s+/gu, ' ').trim();
    cues.push({
      text: text.slice(start, end),
      start,
      end,
      kind: 'verb',
      verb,
      verbStart: from + m.index,
      takesObject: OBJECT_SET.has(verb) || OBJECT_SET.has(phrase),
      takesClause: CLAUSE_SET.has(verb),
    });
  }
  HEADLINE_VERB_RE.lastIndex = 0;
  const headline = HEADLINE_VERB_RE.test(slice) && titleCase(slice);
  HEADLINE_VERB_RE.lastIndex = 0;
  for (let m = headline ? HEADLINE_VERB_RE.exec(slice) : null; m !== null; m = HEADLINE_VERB_RE.exec(slice)) {
    const start = from + m.index;
    const end = start + m[0].length;
    // After a capitalised word (the name), read back over a bounded stretch.
    if (inSkip(start, end) || !/\p{Lu}[\p{L}’'.-]*\s+$/u.test(text.slice(Math.max(from, start - 40), start))) continue;
    const verb = m[0].toLowerCase();
    cues.push({ text: m[0], start, end, kind: 'verb', verb, verbStart: start, takesObject: OBJECT_SET.has(verb), takesClause: CLAUSE_SET.has(verb) });
  }
  // "is calling for", "’s also praising": the auxiliary starts the cue, so the subject ends before it.
  const progressive: [number, number][] = [];
  PROGRESSIVE_RE.lastIndex = 0;
  for (let m = PROGRESSIVE_RE.exec(slice); m !== null; m = PROGRESSIVE_RE.exec(slice)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (inSkip(start, end)) continue;
    const verb = PROGRESSIVE_CUES[(m[1] ?? '').replace(/\s+/gu, ' ')] ?? 'says';
    progressive.push([start, end]);
    cues.push({ text: text.slice(start, end), start, end, kind: 'verb', verb, verbStart: start, takesObject: OBJECT_SET.has(verb), takesClause: CLAUSE_SET.has(verb) });
  }
  PARTICIPLE_RE.lastIndex = 0;
  for (let m = PARTICIPLE_RE.exec(slice); m !== null; m = PARTICIPLE_RE.exec(slice)) {
    const start = from + m.index + m[0].length - (m[1]?.length ?? 0);
    const end = from + m.index + m[0].length;
    if (inSkip(start, end) || progressive.some(([a, b]) => start < b && end > a)) continue;
    cues.push({ text: text.slice(start, end), start, end, kind: 'participle', verb: (m[1] ?? '').toLowerCase(), verbStart: start, takesObject: false, takesClause: true });
  }
  LABEL_PARTICIPLE_RE.lastIndex = 0;
  for (let m = LABEL_PARTICIPLE_RE.exec(slice); m !== null; m = LABEL_PARTICIPLE_RE.exec(slice)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (inSkip(start, end) || progressive.some(([a, b]) => start < b && end > a)) continue;
    cues.push({ text: text.slice(start, end), start, end, kind: 'participle', verb: (m[1] ?? '').toLowerCase(), verbStart: start, takesObject: false, takesClause: false, quotationOnly: true });
  }
  const according = ACCORDING_RE;
  according.lastIndex = 0;
  for (let m = according.exec(slice); m !== null; m = according.exec(slice)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (inSkip(start, end)) continue;
    cues.push({ text: text.slice(start, end), start, end, kind: 'according', verb: 'according to', verbStart: start, takesObject: false, takesClause: false });
  }
  return cues.sort((a, b) => a.start - b.start);
}
