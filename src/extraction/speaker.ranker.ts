/**
 * Chooses the speaker of a quotation that no cue attributes (a carried-over or cue-less quote):
 * every person, organisation, pronoun or possessive around it is a candidate, described by
 * features (where it stands, what it is, what the words next to it are, whether it spoke last),
 * and a log-linear model learned from annotated news (`speaker.weights.ts`, `npm run
 * train:extractor`) picks one. The rules' own choice is a candidate too, so the model learns how
 * far to trust it; the winner's probability is the attribution's score, calibrated later.
 */
import type { Speaker } from './attribution.ts';
import { notAPerson, type Entity } from './entity.registry.ts';
import { DETERMINERS, PRONOUNS, REPORTING_VERBS } from './extraction.lexicon.ts';
import { mentionStartingAtToken, tokenize, type Mention, type Token } from './mention.finder.ts';
import type { QuoteSpan } from './quote-span.finder.ts';
import type { Sentence } from './sentence.splitter.ts';
import type { SpeakerResolver } from './speaker.resolver.ts';
import { SPEAKER_WEIGHTS } from './speaker.weights.ts';

export type SpeakerWeights = Readonly<Record<string, number>>;

/** One candidate as the trainer sees it: its features and what the scorer compares with the gold. */
export interface RankedCandidate {
  features: readonly string[];
  mention: { start: number; end: number } | null;
  name: string;
}

export interface RankTrace {
  start: number;
  end: number;
  candidates: readonly RankedCandidate[];
}

export interface RankOptions {
  /** The model; the committed weights when absent. `{}` keeps the rules' choice (what training starts from). */
  weights?: SpeakerWeights;
  /** Receives every ranking (training reads the candidates and their features). */
  trace?: (t: RankTrace) => void;
}

interface Candidate extends RankedCandidate {
  /** Resolves the candidate to a speaker (only the winner is resolved: resolution registers names). */
  speaker: () => Speaker | null;
}

/** How many mentions of a sentence, nearest the quote first, and of the sentence before are candidates. */
const MAX_IN_SENTENCE = 16;
const MAX_IN_PREVIOUS = 6;

const SPEECH_VERBS = new Set(REPORTING_VERBS.filter((v) => !v.includes(' ')));
const PREPOSITIONS = new Set(['of', 'to', 'by', 'with', 'for', 'against', 'about', 'on', 'at', 'from', 'than', 'in', 'into', 'over', 'toward', 'towards', 'like', 'as']);
const LABEL_VERBS = /^(?:called|calls|calling|described|describes|labell?ed|branded|termed|dismissed|accused|attacked|praised|criticized|criticised|slammed|mocked|blasted)$/u;
const POSSESSIVE_PRONOUNS: Readonly<Record<string, 'male' | 'female' | 'plural' | 'neuter'>> = { his: 'male', her: 'female', their: 'plural', its: 'neuter' };
const QUOTE_MARK = /^[“”"«»]$/u;
/** Words after a mention that make it a clause's subject. */
const ACTOR_NEXT: ReadonlySet<string> = new Set(['next:verb', 'next:aux', 'next:speech-verb', 'next:label-verb']);
/** Capitalised adjectives that stand before a noun ("Democratic electorates", "Russian officials"), not names. */
const ADJECTIVE_NAME = /^(?:Republican|Democratic|Democrat|GOP|Conservative|Liberal|Progressive|Libertarian|Evangelical|Catholic|Muslim|Jewish|Christian|Hispanic|Latino|African-American|Asian-American|Black|White|Western|Eastern|Northern|Southern|\p{Lu}\p{Ll}+(?:an|ian|ese|ish|ic|i))$/u;

function distanceBucket(chars: number): string {
  if (chars < 20) return '0';
  if (chars < 60) return '1';
  if (chars < 150) return '2';
  if (chars < 300) return '3';
  return '4';
}

function kindOf(m: Mention): string {
  if (m.kind !== 'pronoun' && !m.common && ADJECTIVE_NAME.test(m.name)) return 'adjective';
  if (m.kind === 'pronoun') return m.common ? `desc-${m.gender ?? 'x'}` : `pron-${m.gender ?? 'x'}`;
  if (m.unnamed === true) return 'unnamed';
  if (m.common) return `common-${m.kind}`;
  if (!/\p{Ll}/u.test(m.name)) return `caps-${m.kind}`;
  return m.kind === 'person' && notAPerson(m.name) ? 'place' : `name-${m.kind}`;
}

/** A sentence written in Title Case (a headline): its capitalised words are no evidence of names. */
function isHeadline(tokens: readonly Token[]): boolean {
  const words = tokens.filter((t) => /^\p{L}{4,}/u.test(t.text));
  return words.length >= 3 && words.filter((t) => /^\p{Lu}/u.test(t.text)).length / words.length > 0.7;
}

/** Whether the last word of a name (the surname, an organisation's head) stands as a word in `words`. */
function namedIn(words: string, name: string): boolean {
  const last = name.slice(name.lastIndexOf(' ') + 1);
  if (last.length < 3 || !/^\p{Lu}/u.test(last)) return false;
  for (let i = words.indexOf(last); i >= 0; i = words.indexOf(last, i + 1)) {
    if (!/\p{L}/u.test(words[i - 1] ?? '') && !/\p{L}/u.test(words[i + last.length] ?? '')) return true;
  }
  return false;
}

export class SpeakerRanker {
  private readonly weights: SpeakerWeights;
  /** Mentions by sentence start: a sentence with several quotations, and the next sentence, read it once. */
  private readonly mentionCache = new Map<number, { tokens: Token[]; mentions: { mention: Mention; features: string[] }[] }>();

  constructor(
    private readonly text: string,
    private readonly sentences: readonly Sentence[],
    private readonly speakers: SpeakerResolver,
    private readonly options: RankOptions = {},
  ) {
    this.weights = options.weights ?? SPEAKER_WEIGHTS;
  }

  /**
   * The likeliest speaker of the quotation `sp` in sentence `si`, given the rules' choice (`rule`,
   * found by `step`); with its probability under the model. Null keeps the rules' choice.
   */
  rank(si: number, s: Sentence, sp: QuoteSpan, rule: Speaker, step: string, whole: boolean): { speaker: Speaker; probability: number } | null {
    const candidates = this.candidates(si, s, sp, rule, step, whole);
    this.options.trace?.({ start: sp.start, end: sp.end, candidates });
    const scores = candidates.map((c) => c.features.reduce((sum, f) => sum + (this.weights[f] ?? 0), 0));
    const top = Math.max(...scores);
    const total = scores.reduce((sum, x) => sum + Math.exp(x - top), 0);
    // Best first; ties keep the candidates' order, which puts the rules' choice first.
    const order = scores.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [score, i] of order) {
      const speaker = candidates[i]?.speaker() ?? null;
      if (speaker !== null) return { speaker, probability: Math.exp(score - top) / total };
    }
    return null;
  }

  private candidates(si: number, s: Sentence, sp: QuoteSpan, rule: Speaker, step: string, whole: boolean): Candidate[] {
    const q = whole ? 'W' : 'P';
    const quoted = this.text.slice(sp.start, sp.end);
    const last = this.speakers.last;
    const lastEntity = last !== null && s.paragraph - last.paragraph <= 1 ? last.speaker.entity : null;
    const withContext = (base: string[], entity: Entity | null, isRule: boolean): string[] => {
      const f = [...base];
      if (isRule) f.push('rule', `rule:${step}`);
      if (entity !== null && entity === lastEntity) f.push('last-speaker', last?.paragraph === s.paragraph ? 'last-speaker-here' : 'last-speaker-before');
      if (entity?.generic === true) f.push('generic');
      if (entity !== null) {
        if (this.speakers.speakers.has(entity)) f.push('has-spoken');
        // "“Trump is wrong,” …": people rarely name themselves in their own words.
        if (namedIn(quoted, entity.name)) f.push('named-in-quote');
        f.push(`named:${entity.mentions <= 1 ? '1' : entity.mentions <= 3 ? '2-3' : entity.mentions <= 8 ? '4-8' : '9+'}`);
      }
      // Pairs: where a candidate stands matters differently for names, pronouns and descriptions.
      const kind = f.find((x) => x.startsWith('kind:'))?.slice(5).replace(/-.*$/u, '') ?? 'other';
      const pos = f.find((x) => x.startsWith('pos:') || x.startsWith('src:'))?.replace(/^\w+:/u, '') ?? '';
      const pairs = f.filter((x) => /^(?:prev|next|dist|rank):/u.test(x)).map((x) => `${kind}|${x}`);
      if (f.includes('first-in-sentence')) pairs.push(...f.filter((x) => x.startsWith('next:')).map((x) => `first|${x}`));
      pairs.push(`${kind}|${pos}`);
      return ['bias', ...f, ...pairs, ...f.map((x) => `${q}:${x}`)];
    };
    const ruleEntity = rule.entity;
    const found: { f: string[]; entity: Entity | null; mention: Mention; speaker: () => Speaker | null }[] = [];
    const mentions = this.mentionsAround(s, sp);
    const headline = isHeadline(mentions.tokens);
    for (const m of mentions.list) {
      const f = [...m.features, `kind:${kindOf(m.mention)}`, 'src:sentence'];
      if (headline) f.push('headline', `headline:${kindOf(m.mention)}`);
      found.push({ f, entity: this.entityOf(m.mention, s, si), mention: m.mention, speaker: () => this.speakers.resolve(m.mention, s, si) });
    }
    const previous = this.sentences[si - 1];
    if (previous !== undefined && previous.paragraph >= s.paragraph - 1) {
      const prev = this.sentenceMentions(previous).mentions.slice(-MAX_IN_PREVIOUS);
      prev.forEach((m, k) => {
        const entity = this.entityOf(m.mention, previous, si - 1);
        if (entity === null) return;
        const f = [`kind:${kindOf(m.mention)}`, 'src:previous', `prev-order:${Math.min(k, 2)}`, ...m.features.filter((x) => x.startsWith('next:') || x.startsWith('prev:'))];
        if (previous.paragraph !== s.paragraph) f.push('previous-paragraph');
        found.push({ f, entity, mention: m.mention, speaker: () => ({ entity, name: entity.name, kind: entity.kind, mention: m.mention.span }) });
      });
    }
    // The rules' choice first (ties keep it), described like the mention it rests on when that is nearby.
    const ruleMention = found.find((c) => c.mention.span.start === rule.mention?.start);
    const out: Candidate[] = [
      {
        features: withContext([...(ruleMention?.f ?? ['src:rule-elsewhere', `rule-mention:${rule.mention === null ? 'none' : 'some'}`])], ruleEntity, true),
        mention: rule.mention,
        name: rule.name,
        speaker: () => rule,
      },
    ];
    for (const c of found) {
      if (c === ruleMention) continue;
      if (c.entity !== null && c.entity === ruleEntity) c.f.push('same-as-rule');
      out.push({ features: withContext(c.f, c.entity, false), mention: c.mention.span, name: c.entity?.name ?? c.mention.name, speaker: c.speaker });
    }
    if (last !== null && lastEntity !== null && lastEntity !== ruleEntity) {
      const carried = this.speakers.carried(last.speaker);
      out.push({ features: withContext(['src:last'], lastEntity, false), mention: carried.mention, name: carried.name, speaker: () => carried });
    }
    return out;
  }

  private entityOf(m: Mention, s: Sentence, si: number): Entity | null {
    if (m.kind === 'pronoun') return this.speakers.pronoun(m, s, si);
    return this.speakers.registry.lookup(m);
  }

  /** The mentions of the sentence outside quotation marks, nearest the quotation first, with positional features. */
  private mentionsAround(s: Sentence, sp: QuoteSpan): { tokens: Token[]; list: { mention: Mention; features: string[] }[] } {
    const { tokens, mentions: found } = this.sentenceMentions(s);
    const open = sp.open;
    const close = (sp.close ?? sp.end) + 1;
    const before = found.filter((m) => m.mention.span.end <= open);
    const after = found.filter((m) => m.mention.span.start >= close);
    const list: { mention: Mention; features: string[] }[] = [];
    // "Clinton has increasingly decried the issue of “…”": whoever a verb follows is the subject of a clause; the
    // nearest such subject before the quotation is usually the one using its words, the first the sentence's subject.
    const actors = before.flatMap((m, k) => (m.features.some((f) => ACTOR_NEXT.has(f)) ? [k] : []));
    const nearestActor = actors[actors.length - 1];
    before.forEach((m, k) => {
      const rank = before.length - 1 - k;
      const actor = k === nearestActor ? ['actor:nearest'] : k === actors[0] ? ['actor:first'] : actors.includes(k) ? ['actor:other'] : [];
      list.push({ mention: m.mention, features: [...m.features, `pos:before`, `dist:b${distanceBucket(open - m.mention.span.end)}`, `rank:b${Math.min(rank, 3)}`, ...actor, ...(k === 0 ? ['first-in-sentence'] : [])] });
    });
    after.forEach((m, k) => {
      list.push({ mention: m.mention, features: [...m.features, `pos:after`, `dist:a${distanceBucket(m.mention.span.start - close)}`, `rank:a${Math.min(k, 3)}`, ...(before.length === 0 && k === 0 ? ['first-in-sentence'] : [])] });
    });
    list.sort((a, b) => Math.abs(a.mention.span.start - open) - Math.abs(b.mention.span.start - open));
    return { tokens, list: list.slice(0, MAX_IN_SENTENCE) };
  }

  private sentenceMentions(s: Sentence): { tokens: Token[]; mentions: { mention: Mention; features: string[] }[] } {
    let found = this.mentionCache.get(s.start);
    if (found === undefined) {
      const tokens = tokenize(this.text, s.start, s.end);
      found = { tokens, mentions: this.mentionsIn(s.end, tokens) };
      // Only the current and the previous sentence are ever asked for again.
      if (this.mentionCache.size > 2) this.mentionCache.delete(this.mentionCache.keys().next().value ?? -1);
      this.mentionCache.set(s.start, found);
    }
    return found;
  }

  /** Mentions among the tokens (up to `to`) outside quotation marks (names, descriptions, pronouns, possessives), with the words beside them. */
  private mentionsIn(to: number, tokens: readonly Token[]): { mention: Mention; features: string[] }[] {
    const out: { mention: Mention; features: string[] }[] = [];
    let quoted = false;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t === undefined) continue;
      if (QUOTE_MARK.test(t.text)) {
        quoted = t.text === '“' || t.text === '«' ? true : t.text === '”' || t.text === '»' ? false : !quoted;
        continue;
      }
      if (quoted) continue;
      const possessive = this.possessiveAt(t);
      if (possessive !== null) {
        out.push({ mention: possessive, features: ['possessive', ...this.around(tokens, i, i)] });
        continue;
      }
      if (!this.mayOpenMention(t, tokens[i - 1])) continue;
      const found = mentionStartingAtToken(this.text, tokens, i);
      if (found === null) continue;
      const m = found.mention;
      if (m.gender === 'first' || m.span.end > to) {
        i = found.last;
        continue;
      }
      out.push({ mention: m, features: this.around(tokens, i, found.last) });
      i = found.last;
    }
    return out;
  }

  /**
   * Where a speaker's mention can start: a capital, a pronoun or determiner, or a plain word opening
   * a phrase ("officials", "young voters" after a comma or at the start); reading a mention from
   * every word would cost most of the extractor's time.
   */
  private mayOpenMention(t: Token, prev: Token | undefined): boolean {
    if (/^\p{Lu}/u.test(t.text)) return true;
    const lower = t.text.toLowerCase();
    return lower in PRONOUNS || DETERMINERS.has(lower) || prev === undefined || !/^\p{L}/u.test(prev.text) || PREPOSITIONS.has(prev.text) || prev.text === 'and';
  }

  /** "Rubio’s catch phrase …", "his campaign …": whose words these may be. */
  private possessiveAt(t: Token): Mention | null {
    const lower = t.text.toLowerCase();
    const gender = POSSESSIVE_PRONOUNS[lower];
    if (gender !== undefined) {
      return { span: { text: t.text, start: t.start, end: t.end }, name: lower === 'his' ? 'he' : lower === 'her' ? 'she' : lower === 'its' ? 'it' : 'they', kind: 'pronoun', common: false, gender, affiliation: null };
    }
    const m = /^(\p{Lu}[\p{L}.-]+)[’']s$/u.exec(t.text);
    if (m?.[1] === undefined || m[1].toLowerCase() in PRONOUNS) return null;
    const end = t.start + m[1].length;
    return { span: { text: m[1], start: t.start, end }, name: m[1], kind: 'person', common: false, gender: null, affiliation: null };
  }

  /** The words right before and after a mention. */
  private around(tokens: readonly Token[], first: number, last: number): string[] {
    const f: string[] = [];
    const prev = tokens[first - 1]?.text ?? '';
    const next = tokens[last + 1]?.text ?? '';
    const lowerPrev = prev.toLowerCase();
    if (prev === '') f.push('prev:start');
    else if (PREPOSITIONS.has(lowerPrev)) f.push('prev:prep');
    else if (LABEL_VERBS.test(lowerPrev)) f.push('prev:label-verb');
    else if (SPEECH_VERBS.has(lowerPrev)) f.push('prev:speech-verb');
    else if (lowerPrev === 'and' || lowerPrev === 'or') f.push('prev:and');
    else if (prev === ',') f.push('prev:comma');
    else if (/^\p{Ll}+ed$/u.test(prev)) f.push('prev:verb');
    const lowerNext = next.toLowerCase();
    if (next === '') f.push('next:end');
    else if (SPEECH_VERBS.has(lowerNext)) f.push('next:speech-verb');
    else if (LABEL_VERBS.test(lowerNext)) f.push('next:label-verb');
    else if (lowerNext === 'who') f.push('next:who');
    else if (next === ',') f.push('next:comma');
    else if (next === ':') f.push('next:colon');
    else if (/^(?:is|was|are|were|has|had|have)$/u.test(next)) f.push('next:aux');
    else if (/^\p{Ll}+(?:ed|s)$/u.test(next)) f.push('next:verb');
    else if (QUOTE_MARK.test(next)) f.push('next:quote');
    return f;
  }
}
