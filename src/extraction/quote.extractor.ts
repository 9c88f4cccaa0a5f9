/**
 * Rule-based quote extraction and attribution for English news text.
 * Pipeline: paragraphs → quotation spans → sentences → per sentence, direct
 * and partial quotes (cue next to the quote, either side; or carried over),
 * then reported speech; names resolve through a per-document registry.
 */
import type { QuoteKind, SpeakerKind } from '../domain/models.ts';
import { calibratedConfidence, DEFAULT_REVIEW_THRESHOLD } from './confidence.ts';
import { findCues, type Cue } from './cue.patterns.ts';
import { compatible, EntityRegistry, type Entity } from './entity.registry.ts';
import type { ExtractedQuote, ExtractionResult, TextSpan } from './extraction.types.ts';
import { CONTENT_CUT, CUE_ADJUNCT, OUTLET_WORDS, TITLE_INTRODUCERS, TOLD_AUDIENCES } from './extraction.lexicon.ts';
import {
  affiliationFromAppositive,
  lastMentionIn,
  mentionStartingAtToken,
  namedMentionsIn,
  subjectBefore,
  tokenize,
  type Mention,
} from './mention.finder.ts';
import { findQuoteSpans, splitParagraphs, type QuoteSpan } from './quote-span.finder.ts';
import { splitSentences, type Sentence } from './sentence.splitter.ts';

export const EXTRACTOR_VERSION = 'whosaid-rules/2.0';

interface Speaker {
  entity: Entity | null;
  name: string;
  kind: SpeakerKind;
  mention: TextSpan | null;
}

interface Attribution {
  speaker: Speaker;
  cue: Cue | null;
  confidence: number;
}

interface LastSpeaker {
  speaker: Speaker;
  paragraph: number;
  sentence: number;
}

const CLAUSE_START =
  /^(?:(?:the|a|an|this|that|these|those|it|he|she|they|we|i|you|there|his|her|its|their|our|no|some|all|both|many|most|one|two|three|four|five|six|seven|eight|nine|ten|several|few|more|nobody|everyone|none|each|every|any)\b|\p{Lu}|\d)/iu;
/** "ROTTERDAM (Reuters) - ", "ATHENS, Greece — ", "LONDON, June 3 (Reuters) - ". */
const DATELINE = /^\p{Lu}{2,}[\p{Lu}\s.'’-]*(?:,\s*[\p{L}\p{N}.\s]{2,30})?(?:\s*\([^)]{1,40}\))?\s*[-–—]\s+/u;
/** A prepositional phrase (or, after "told", the audience) between a cue and its "that": group 1 is what to skip. */
const ADJUNCT_THAT = /^((?:in|at|on|to|during|after|before|from|via|through)\b[^,;“”"]{0,80}?\s)?that\s+/iu;
const TOLD_THAT = /^((?:[\p{L}\p{N}’'.-]+\s+){1,7}?)?that\s+/iu;
const LABEL_VERBS = /^(?:called|described|labell?ed|branded|termed|dismissed)$/u;
const NOT_A_CLAUSE = /^(?:to|in|on|at|for|with|about|by|of|from|as|if|goodbye|nothing|yes|no|so|little|much|something|anything|otherwise|hello|thanks)\b/iu;
const FINITE = /\b(?:is|are|was|were|will|would|could|should|can|may|might|must|has|have|had|did|does|do|won[’']t|wouldn[’']t|can[’']t|isn[’']t|wasn[’']t|aren[’']t|\w+ed)\b/iu;

/** After a lone capitalised word opening a sentence, what shows it is the subject: a comma or a verb. */
const SUBJECT_VERB_AFTER =
  /^(?:,|\s+(?:\p{Ll}+(?:ed|s)|said|told|spoke|wrote|took|made|won|lost|ran|came|went|gave|got|had|was|is|has|will|would|can|could|did|thinks|thought|began|became|brought|saw|sent|left|met|kept|held|led|stood|fought|felt|knew|hit|cut|also|never|later)\b)/u;

/** How far into a sentence its subject is looked for ("On Monday, the senator …"). */
const LEADING_TOKENS = 10;

function span(text: string, start: number, end: number): TextSpan {
  return { text: text.slice(start, end), start, end };
}

function skipSpace(text: string, i: number, chars = /[\s,]/u): number {
  let j = i;
  while (j < text.length && chars.test(text[j] ?? '')) j++;
  return j;
}

class DocumentExtractor {
  private readonly registry = new EntityRegistry();
  private readonly quotes: ExtractedQuote[] = [];
  private readonly spoke = new Set<Entity>();
  private last: LastSpeaker | null = null;
  /** Person entities named in each sentence, in order: candidates for a later "he"/"she". */
  private readonly personsBySentence: Entity[][] = [];
  /** Where each entity was last named in the text: a carried-over attribution points back to it. */
  private readonly namedAt = new Map<Entity, TextSpan>();
  /** The person each sentence opens with, when it does. */
  private readonly subjectBySentence: (Entity | undefined)[] = [];
  /** Lone capitalised words opening a sentence: not registered, but the fallback for "it". */
  private readonly weakSubjects: Mention[] = [];
  /** A speaker introduced by "X said:" at the end of the previous sentence, waiting for its quotation. */
  private introduction: { attribution: Attribution; sentence: number } | null = null;

  constructor(
    private readonly text: string,
    private readonly sentences: readonly Sentence[],
    private readonly spans: readonly QuoteSpan[],
  ) {}

  run(): ExtractedQuote[] {
    let q = 0;
    for (const [si, s] of this.sentences.entries()) {
      while (q < this.spans.length && (this.spans[q]?.open ?? 0) < s.start) q++;
      const inSentence: QuoteSpan[] = [];
      for (let k = q; k < this.spans.length && (this.spans[k]?.open ?? Infinity) < s.end; k++) {
        const sp = this.spans[k];
        if (sp !== undefined) inSentence.push(sp);
      }
      this.sentence(si, s, inSentence);
    }
    return this.quotes.sort((a, b) => a.start - b.start);
  }

  speakers(): ExtractionResult['speakers'] {
    return [...this.spoke].map((e) => ({
      name: e.name,
      kind: e.kind,
      generic: e.generic,
      aliases: [...e.aliases],
      affiliations: e.affiliations,
    }));
  }

  private sentence(si: number, s: Sentence, spans: QuoteSpan[]): void {
    const text = this.text;
    const skip = spans.map((sp): [number, number] => [sp.open, (sp.close ?? sp.end) + 1]);
    const outside = (m: Mention) => !skip.some(([a, b]) => m.span.start >= a && m.span.start < b);
    const persons: Entity[] = [];
    for (const m of namedMentionsIn(text, s.start, s.end).filter(outside)) {
      // A lone capitalised word ("Tech analyst …", "Shares …") introduces nobody; it may refer back to someone known.
      if (m.kind === 'person' && !m.name.includes(' ') && this.registry.lookup(m) === null) {
        // Kept aside: a later "it said" may need it ("Volkswagen cut its forecast … , it said").
        const initial = m.span.start === skipSpace(text, s.start, /\s/u);
        if (initial) this.weakSubjects.push(m);
        // …unless it opens the sentence as its subject: "Zelenskyy, speaking …," / "Marrone said".
        if (!initial || !SUBJECT_VERB_AFTER.test(text.slice(m.span.end, m.span.end + 20))) continue;
      }
      const e = this.registry.observe(m, m.span.start);
      if (e !== null) this.namedAt.set(e, m.span);
      if (e !== null && e.kind === 'person' && !persons.includes(e)) persons.push(e);
      // The person opening the sentence (its subject, "Minority Leader Mitch McConnell disagreed.").
      if (e !== null && e.kind === 'person' && this.subjectBySentence[si] === undefined && /^[\s\p{L}.’'-]*$/u.test(text.slice(s.start, m.span.start)) && m.span.start - s.start < 60) {
        this.subjectBySentence[si] = e;
      }
    }
    this.personsBySentence[si] = persons;
    const cues = findCues(text, s.start, s.end, skip);
    const used = new Set<Cue>();
    let main: Attribution | null = null;
    const accepted: QuoteSpan[] = [];
    const attributions: { attribution: Attribution; start: number; end: number }[] = [];

    let regionStart = s.start;
    for (const sp of spans) {
      const result = this.quote(si, s, sp, cues, regionStart, main);
      regionStart = (sp.close ?? sp.end) + 1;
      if (result === null) continue;
      const { attribution, kind } = result;
      if (attribution.cue !== null) used.add(attribution.cue);
      main ??= attribution;
      accepted.push(sp);
      this.emit(sp.start, sp.end, kind, attribution, s, si);
      attributions.push({ attribution, start: sp.start, end: sp.end });
    }
    for (const cue of cues) {
      if (used.has(cue)) continue;
      const found = this.indirect(si, s, cue, cues, spans, main);
      if (found === null) continue;
      if (accepted.some((sp) => found.start < (sp.close ?? sp.end) + 1 && found.end > sp.open)) continue;
      if (accepted.some((sp) => found.start <= sp.open && found.end >= (sp.close ?? sp.end))) continue;
      used.add(cue);
      main ??= found.attribution;
      this.emit(found.start, found.end, 'indirect', found.attribution, s, si);
      attributions.push({ attribution: found.attribution, start: found.start, end: found.end });
    }
    this.addRelays(s, cues, attributions.length);
    this.noteIntroduction(si, s, cues, used);
  }

  /**
   * "In a statement, the ministry said:" closing a sentence with no quote of its own:
   * the quotation that follows (usually the next paragraph) is that speaker's, with this mention and cue.
   */
  private noteIntroduction(si: number, s: Sentence, cues: readonly Cue[], used: ReadonlySet<Cue>): void {
    this.introduction = null;
    const tail = /:\s*$/u.exec(this.text.slice(s.start, s.end));
    if (tail === null) return;
    const colon = s.start + tail.index;
    const cue = [...cues].reverse().find((c) => c.kind === 'verb' && !used.has(c) && c.end <= colon);
    if (cue === undefined || !/^\s*$/u.test(this.text.slice(cue.end, colon).replace(CUE_ADJUNCT, '').trimStart().replace(TOLD_AUDIENCES, ''))) return;
    const speaker = this.subject(si, s, s.start, cue);
    if (speaker !== null) this.introduction = { attribution: { speaker, cue, confidence: confidenceOf(speaker, 0.9) }, sentence: si };
  }

  private emit(start: number, end: number, kind: QuoteKind, attribution: Attribution, s: Sentence, si: number): void {
    const { speaker, cue, confidence } = attribution;
    const mention = speaker.mention;
    this.quotes.push({
      text: this.text.slice(start, end),
      start,
      end,
      kind,
      speaker: { name: speaker.name, kind: speaker.kind, mention },
      cue: cue === null ? null : { text: cue.text, start: cue.start, end: cue.end },
      relays: [],
      confidence: Math.round(confidence * 100) / 100,
      needsReview: false,
    });
    if (speaker.entity !== null) this.spoke.add(speaker.entity);
    this.last = { speaker, paragraph: s.paragraph, sentence: si };
  }

  /** Relays: "according to TASS" / "told Reuters" in a sentence whose words are someone else's. */
  private addRelays(s: Sentence, cues: readonly Cue[], count: number): void {
    if (count === 0) return;
    const mine = this.quotes.slice(-count);
    for (const cue of cues) {
      let relay: Mention | null = null;
      if (cue.kind === 'according') {
        const stop = this.text.slice(cue.end, s.end).search(/[,;.]\s|[.]$/u);
        relay = lastMentionIn(this.text, cue.end, stop < 0 ? s.end : cue.end + stop);
      } else if (cue.verb === 'told' || cue.verb === 'tells') {
        relay = toldOutlet(this.text, cue.end, s.end);
      } else if (cue.verb === 'reported' && mine.some((m) => m.cue?.start !== cue.start)) {
        relay = lastMentionIn(this.text, Math.max(s.start, cue.start - 60), cue.start);
        if (relay !== null && !isOutlet(relay)) relay = null;
      }
      if (relay === null) continue;
      for (const q of mine) {
        // "Kim said …, state media reported": the outlet relays Kim; but "state media reported" alone is its own statement.
        if ((cue.verb === 'reported' && q.cue?.start === cue.start) || q.speaker.name === relay.name) continue;
        const r = relay;
        if (!q.relays.some((x) => x.name === r.name)) q.relays.push({ name: r.name, mention: r.span });
      }
    }
  }

  /** Attribution of one quotation span, or null when it is not speech (scare quote, title). */
  private quote(
    si: number,
    s: Sentence,
    sp: QuoteSpan,
    cues: readonly Cue[],
    regionStart: number,
    main: Attribution | null,
  ): { attribution: Attribution; kind: QuoteKind } | null {
    const text = this.text;
    const before = text.slice(Math.max(s.start, sp.open - 40), sp.open);
    if (TITLE_INTRODUCERS.test(before)) return null;
    const closeAt = (sp.close ?? sp.end) + 1;
    const startsSentence = text.slice(s.start, sp.open).trim().replace(/^[—–-]/u, '').trim() === '';
    const leadIn = text.slice(regionStart, sp.open);
    const introduced = /[,:]\s*$/u.test(leadIn) || startsSentence;

    // 1. Cue right after the closing mark: "“…,” Lim said" / "“…,” said Lim" / "“…,” he added".
    // "‘We will rebuild’: Mayor Ortiz vows …" (headline style) reads like "“…,” Ortiz said".
    const after = skipSpace(text, closeAt, /[\s,:—–-]/u);
    const right = this.rightFrame(after, s, si, cues);
    if (right !== null) {
      const kind: QuoteKind = startsSentence || /[,:]\s*$/u.test(leadIn) ? 'direct' : 'partial';
      return { attribution: right, kind };
    }
    // 2. Cue before the opening mark: "Ushakov replied, “…”" / "said state media reports show that “…”".
    const leftCues = cues.filter((c) => c.end <= sp.open && c.start >= regionStart && c.kind !== 'according');
    for (let k = leftCues.length - 1; k >= 0; k--) {
      const cue = leftCues[k];
      if (cue === undefined) continue;
      const speaker = cue.kind === 'participle' ? (main?.speaker ?? null) : this.subject(si, s, regionStart, cue);
      if (speaker === null) continue;
      const gap = text.slice(cue.end, sp.open);
      const audience = cue.verb === 'told' ? (TOLD_AUDIENCES.exec(gap.trimStart())?.[0] ?? '') : '';
      const bare = gap.trimStart().slice(audience.length).replace(CUE_ADJUNCT, '');
      // Introduced with a comma or colon, or a full capitalised sentence after "said" — but "called it “…”" is always partial.
      const direct =
        /^\s*[,:]?\s*$/u.test(bare) &&
        (/[,:]/u.test(gap) || (/^\p{Lu}/u.test(text.slice(sp.start, sp.end)) && !LABEL_VERBS.test(cue.verb)));
      if (!direct && this.titleLike(sp)) return null;
      const kind: QuoteKind = direct && this.endsClause(sp, s) ? 'direct' : 'partial';
      return { attribution: { speaker, cue, confidence: kind === 'direct' ? confidenceOf(speaker, 0.93) : confidenceOf(speaker, 0.85) }, kind };
    }
    // 3. A cue later in the sentence: "Kim’s “field guidance” drew praise, state media said."
    const tail = cues.find((c) => c.start >= closeAt && c.kind === 'verb');
    if (tail !== undefined && !this.titleLike(sp)) {
      const speaker = this.subject(si, s, closeAt, tail);
      if (speaker !== null) {
        // Right after the quote, only the speaker (perhaps "the director, Luca Bianchi,") before the cue: a direct quote.
        const between = speaker.mention === null ? null : text.slice(after, speaker.mention.start);
        const adjacent = between !== null && /^(?:[^,.;“”"]{0,60},\s*)?$/u.test(between) && (startsSentence || /[,:]\s*$/u.test(leadIn));
        if (adjacent) return { attribution: { speaker, cue: tail, confidence: confidenceOf(speaker, 0.9) }, kind: 'direct' };
        return { attribution: { speaker, cue: tail, confidence: confidenceOf(speaker, 0.75) }, kind: 'partial' };
      }
    }
    // 4. Introduced at the end of the previous sentence: "The ministry said in a statement:" ¶ "“…”".
    const intro = this.introduction;
    if (intro !== null && intro.sentence === si - 1 && startsSentence) {
      return { attribution: intro.attribution, kind: 'direct' };
    }
    // 5. No cue at all: a whole-sentence quote (or a paragraph continuing a quote) goes on with the previous speaker.
    if (sp.continuation || (startsSentence && introduced && this.endsClause(sp, s) && wordCount(text.slice(sp.start, sp.end)) >= 2)) {
      const carried = this.carryOver(s, sp.continuation, si);
      if (carried !== null) return { attribution: { speaker: carried, cue: null, confidence: 0.75 }, kind: 'direct' };
    }
    return this.fallback(si, s, sp, cues, main, startsSentence && introduced && this.endsClause(sp, s));
  }

  /**
   * A quotation no rule attributes: news quotes words, not titles, so it is most likely
   * speech of whoever the sentence (or the story just before) is about. Low confidence: for review.
   */
  private fallback(si: number, s: Sentence, sp: QuoteSpan, cues: readonly Cue[], main: Attribution | null, whole: boolean): { attribution: Attribution; kind: QuoteKind } | null {
    if (this.titleLike(sp) || wordCount(this.text.slice(sp.start, sp.end)) < 1) return null;
    const kind: QuoteKind = whole ? 'direct' : 'partial';
    if (main !== null) return { attribution: { ...main, confidence: 0.6 }, kind };
    for (const cue of cues) {
      if (cue.kind !== 'verb') continue;
      const speaker = this.subject(si, s, s.start, cue);
      if (speaker !== null) return { attribution: { speaker, cue, confidence: 0.55 }, kind };
    }
    const subject = this.subjectBySentence[si];
    if (subject !== undefined) return { attribution: { speaker: this.named(subject), cue: null, confidence: 0.5 }, kind };
    // "Cruz and Trump have slammed the president for not using the term “…”": whoever the sentence is about.
    const lead = this.leadingMention(s, sp.open);
    const speaker = lead === null ? null : this.resolve(lead, s, si);
    if (speaker !== null) return { attribution: { speaker, cue: null, confidence: 0.48 }, kind };
    const last = this.last;
    if (last !== null && s.paragraph - last.paragraph <= 1) return { attribution: { speaker: this.carried(last.speaker), cue: null, confidence: 0.45 }, kind };
    return null;
  }

  /** The first mention among the opening words of the sentence, before `end`: usually its subject. */
  private leadingMention(s: Sentence, end: number): Mention | null {
    const tokens = tokenize(this.text, s.start, end);
    for (let i = 0; i < tokens.length && i < LEADING_TOKENS; i++) {
      const t = tokens[i]?.text ?? '';
      if (/^[“”"‘’«»]$/u.test(t)) return null;
      const found = mentionStartingAtToken(this.text, tokens, i);
      if (found !== null && found.mention.gender !== 'first') return found.mention;
    }
    return null;
  }

  /** "“…,” Lim said" or "“…,” said Lim": the cue and speaker starting at `at`. */
  private rightFrame(at: number, s: Sentence, si: number, cues: readonly Cue[]): Attribution | null {
    const text = this.text;
    const cue = cues.find((c) => c.start === at && c.kind === 'verb');
    const according = cues.find((c) => c.start === at && c.kind === 'according');
    if (according !== undefined && !cues.some((c) => c.kind === 'verb' && c.start < at)) {
      // "“…,” according to the mayor." — nobody else speaks in the sentence, so the source is the speaker.
      const stop = text.slice(according.end, s.end).search(/[,;]\s|[.!?]["”]?\s*$/u);
      const mention = lastMentionIn(text, according.end, stop < 0 ? s.end : according.end + stop);
      const speaker = mention === null ? null : this.resolve(mention, s, si);
      return speaker === null ? null : { speaker, cue: according, confidence: confidenceOf(speaker, 0.85) };
    }
    const tokens = tokenize(text, at, s.end);
    if (cue !== undefined) {
      const rest = tokenize(text, cue.end, s.end);
      const found = mentionStartingAtToken(text, rest, 0);
      if (found === null) return null;
      const speaker = this.resolve(found.mention, s, si);
      if (speaker === null) return null;
      this.appositiveAfter(rest[found.last]?.end ?? cue.end, s, speaker);
      return { speaker, cue, confidence: confidenceOf(speaker, 0.95) };
    }
    const found = mentionStartingAtToken(text, tokens, 0);
    if (found === null) return null;
    const next = tokens[found.last + 1];
    let cueAfter = next === undefined ? undefined : cues.find((c) => c.start === next.start && c.kind === 'verb');
    if (cueAfter === undefined && next?.text === ',') {
      // "“…,” Hong Min, a senior fellow at …, said." / "“…,” the director, Luca Bianchi, said."
      cueAfter = cues.find((c) => c.kind === 'verb' && c.start > next.start && /,\s*$/u.test(text.slice(next.start, c.start)));
      if (cueAfter !== undefined && /[“"”]/u.test(text.slice(next.start, cueAfter.start))) cueAfter = undefined;
      if (cueAfter !== undefined) {
        const subject = subjectBefore(text, at, cueAfter.start);
        if (subject !== null && subject.mention.span.start > found.mention.span.start) {
          const named = this.resolve(subject.mention, s, si);
          if (named !== null) return { speaker: named, cue: cueAfter, confidence: confidenceOf(named, 0.93) };
        }
      }
    }
    if (cueAfter === undefined) return null;
    const speaker = this.resolve(found.mention, s, si);
    if (speaker === null) return null;
    return { speaker, cue: cueAfter, confidence: confidenceOf(speaker, 0.95) };
  }

  /** "said Hong Min, a senior fellow at …": the appositive after an inverted speaker is an affiliation. */
  private appositiveAfter(from: number, s: Sentence, speaker: Speaker): void {
    if (speaker.entity === null || speaker.entity.kind !== 'person') return;
    const m = /^,\s+((?:a|an|the)\s[^,.;“”"]+)/u.exec(this.text.slice(from, s.end));
    if (m === null || m[1] === undefined) return;
    const start = from + m[0].length - m[1].length;
    const aff = affiliationFromAppositive(span(this.text, start, start + m[1].length));
    if (aff !== null) this.registry.addAffiliation(speaker.entity, aff);
  }

  /** The speaker a cue's subject names, looking left from the cue within the clause. */
  private subject(si: number, s: Sentence, regionStart: number, cue: Cue): Speaker | null {
    const found = subjectBefore(this.text, regionStart, cue.start);
    if (found === null) return null;
    const speaker = this.resolve(found.mention, s, si);
    if (speaker?.entity && found.appositive !== null) {
      const aff = affiliationFromAppositive(found.appositive);
      if (aff !== null) this.registry.addAffiliation(speaker.entity, aff);
    }
    return speaker;
  }

  private resolve(mention: Mention, s: Sentence, si: number): Speaker | null {
    if (mention.kind === 'pronoun') {
      const entity = this.pronoun(mention, s, si);
      // "the company said" / "the analyst said" with nobody fitting named before: an unnamed speaker.
      if (entity === null && mention.common) {
        const kind = mention.gender === 'neuter' ? 'organization' : 'person';
        return this.resolve({ ...mention, kind, name: mention.name.replace(/^the\s+/iu, '') }, s, si);
      }
      if (entity === null) return null;
      if (entity.kind === 'person' && entity.gender === null && (mention.gender === 'male' || mention.gender === 'female')) entity.gender = mention.gender;
      return { entity, name: entity.name, kind: entity.kind, mention: mention.span };
    }
    if (mention.common) {
      const known = this.registry.lookup(mention);
      const entity = known ?? this.registry.observe(mention, mention.span.start);
      if (entity === null) return null;
      this.registry.touch(entity, mention.span.start);
      return { entity, name: entity.name, kind: entity.kind, mention: mention.span };
    }
    const entity = this.registry.observe(mention, mention.span.start);
    if (entity === null) return null;
    return { entity, name: entity.name, kind: entity.kind, mention: mention.span };
  }

  /**
   * "he"/"she"/"it"/"they": the current speaker when the previous sentence is
   * still about them; otherwise the first compatible person named in the
   * previous sentence (subjects come first in English); else the latest one.
   */
  private pronoun(mention: Mention, s: Sentence, si: number): Entity | null {
    const gender = mention.gender;
    if (gender === 'first') return null;
    const last = this.last;
    const current = last !== null && last.speaker.entity !== null && s.paragraph - last.paragraph <= 2 ? last.speaker.entity : null;
    for (let back = si - 1; back >= Math.max(0, si - 2); back--) {
      if (this.sentences[back]?.paragraph !== undefined && s.paragraph - (this.sentences[back]?.paragraph ?? 0) > 1) break;
      const candidates = (this.personsBySentence[back] ?? []).filter((e) => compatible(e, gender));
      if (current !== null && compatible(current, gender) && (candidates.length === 0 || candidates.includes(current))) return current;
      const first = candidates[0];
      if (first !== undefined) return first;
    }
    if (current !== null && compatible(current, gender)) return current;
    const latest = this.registry.latest(gender, mention.span.start);
    // Only a real "it" falls back to a bare capitalised sentence opener; "the company" stays unnamed instead.
    if (latest !== null || gender !== 'neuter' || mention.common) return latest;
    // Kept in text order: the latest one before the pronoun is found from the end.
    let k = this.weakSubjects.length - 1;
    while (k >= 0 && (this.weakSubjects[k]?.span.start ?? 0) >= mention.span.start) k--;
    const weak = this.weakSubjects[k];
    return weak === undefined ? null : this.registry.observe({ ...weak, kind: 'organization' }, weak.span.start);
  }

  /** A speaker named earlier, pointing at where the text last named them. */
  private named(entity: Entity): Speaker {
    return { entity, name: entity.name, kind: entity.kind, mention: this.namedAt.get(entity) ?? null };
  }

  /** The previous speaker goes on: the attribution rests on the mention that introduced their words. */
  private carried(speaker: Speaker): Speaker {
    return { ...speaker, mention: speaker.mention ?? (speaker.entity === null ? null : (this.namedAt.get(speaker.entity) ?? null)) };
  }

  /** The previous speaker, for a quote with no cue of its own. */
  private carryOver(s: Sentence, continuation: boolean, si: number): Speaker | null {
    const last = this.last;
    if (continuation && last !== null) return this.carried(last.speaker);
    // "McConnell disagreed. “This bill …”": a new person introduced just before, in the same paragraph, without words of their own.
    const previous = this.sentences[si - 1];
    const introduced = previous !== undefined && previous.paragraph === s.paragraph ? this.subjectBySentence[si - 1] : undefined;
    if (introduced !== undefined && (last === null || last.sentence !== si - 1) && introduced !== last?.speaker.entity) {
      return this.named(introduced);
    }
    if (last !== null && s.paragraph - last.paragraph <= 1) return this.carried(last.speaker);
    // Nobody has spoken yet: the person the previous sentence is about ("Judge Alvarez read her ruling.").
    if (previous === undefined || s.paragraph - previous.paragraph > 1) return null;
    const subject = this.personsBySentence[si - 1]?.[0];
    return subject === undefined ? null : this.named(subject);
  }

  /** Reported speech introduced by this cue, or null. */
  private indirect(
    si: number,
    s: Sentence,
    cue: Cue,
    cues: readonly Cue[],
    spans: readonly QuoteSpan[],
    main: Attribution | null,
  ): { start: number; end: number; attribution: Attribution } | null {
    const text = this.text;
    const regionStart = Math.max(s.start, ...spans.filter((sp) => (sp.close ?? sp.end) < cue.start).map((sp) => (sp.close ?? sp.end) + 1));
    if (cue.kind === 'according') return this.according(si, s, cue, cues);
    let speaker: Speaker | null;
    let subjectStart = cue.start;
    if (cue.kind === 'participle') {
      speaker = main?.speaker ?? null;
    } else {
      const found = subjectBefore(text, regionStart, cue.start);
      speaker = found === null ? null : this.resolve(found.mention, s, si);
      if (found !== null) subjectStart = found.mention.span.start;
      // "… called the decision “misguided” and said …": the second verb shares the first one's subject.
      if (speaker === null && /\b(?:and|but)\s*$/u.test(text.slice(regionStart, cue.start))) {
        // "Wealth-X keeps its finances secret but says …": without an earlier attribution, the sentence's subject.
        const lead = main === null ? this.leadingMention(s, cue.start) : null;
        speaker = main?.speaker ?? (lead === null ? null : this.resolve(lead, s, si));
      }
      if (speaker?.entity && found?.appositive) {
        const aff = affiliationFromAppositive(found.appositive);
        if (aff !== null) this.registry.addAffiliation(speaker.entity, aff);
      }
    }
    if (speaker === null) {
      // "…, said the ministry." — the content is what precedes.
      const rest = tokenize(text, cue.end, s.end);
      const found = mentionStartingAtToken(text, rest, 0);
      if (found === null || !/,\s*$/u.test(text.slice(s.start, cue.start))) return null;
      const tailEnd = rest[found.last]?.end ?? cue.end;
      if (!/^\s*(?:,[^,]*)?[.!?]?\s*$/u.test(text.slice(tailEnd, s.end).replace(CUE_ADJUNCT, ''))) return null;
      const resolved = this.resolve(found.mention, s, si);
      if (resolved === null) return null;
      return this.contentBefore(s, cue.start, { speaker: resolved, cue, confidence: confidenceOf(resolved, 0.8) });
    }
    const attribution: Attribution = { speaker, cue, confidence: confidenceOf(speaker, 0.8) };
    // "…, Lim said." — a cue closing the sentence reports what came before it.
    const afterCue = text.slice(cue.end, s.end);
    // Only adjuncts or a comma-led aside may follow ("…, their union said on Thursday, escalating …").
    const rest = afterCue.replace(CUE_ADJUNCT, (m) => (m.trimEnd().endsWith(',') ? ',' : ''));
    // The subject may carry a short description after the comma: "…, Turkey’s disaster agency AFAD said."
    const lead = /,\s*(?:[\p{L}\p{N}’'.-]+\s+){0,5}$/u.exec(text.slice(s.start, subjectStart));
    if (/^\s*(?:,\s*[^“”"]*)?[.!?]?["”’]?\s*$/u.test(rest) && lead !== null && !/[“”"]/u.test(lead[0])) {
      const contentStop = s.start + lead.index + 1;
      // "Kim said the test succeeded, state media reported": the words are Kim's; the outlet is a relay.
      if (cues.some((c) => c !== cue && c.kind === 'verb' && c.end <= contentStop && subjectBefore(text, s.start, c.start) !== null)) return null;
      return this.contentBefore(s, contentStop, attribution);
    }
    let at = cue.end;
    const told = cue.verb === 'told' || cue.verb === 'tells';
    if (told) {
      const audience = toldAudienceEnd(text, at, s.end);
      if (audience !== null) at = audience;
    }
    const adjunct = CUE_ADJUNCT.exec(text.slice(at, s.end));
    if (adjunct !== null) at += adjunct[0].length;
    at = skipSpace(text, at, /[\s,]/u);
    // "told a launch event in San Jose that …", "said in a post on its website that …": skip the phrase up to "that".
    const phrase = (told ? TOLD_THAT : ADJUNCT_THAT).exec(text.slice(at, s.end));
    if (phrase !== null) at += phrase[1]?.length ?? 0;
    else if (told) return null;
    const that = /^that\s+/iu.exec(text.slice(at, s.end));
    if (that !== null) {
      at += that[0].length;
    } else if (cue.takesObject) {
      if (/^(?:to|in|on|at|for|with|about|by|of|from)\b/iu.test(text.slice(at, at + 6))) return null;
    } else if (cue.takesClause) {
      const head = text.slice(at, Math.min(s.end, at + 200));
      // Without "that", the clause must look like one: a subject-like start, or a finite verb soon after.
      // "The company reported a profit of $5 billion" is no speech: a determiner phrase needs a finite verb after it.
      const firstClause = head.split(/[,;]/u)[0] ?? '';
      const finite = FINITE.test(firstClause);
      const bareSubject = !/^(?:the|a|an|this|these|those|its|his|her|their)\s/iu.test(head) && /^\p{Ll}+\s+\p{Ll}+\s+\p{Ll}+/u.test(head);
      if (NOT_A_CLAUSE.test(head) || !(finite || bareSubject || (CLAUSE_START.test(head) && /^\p{Lu}/u.test(head) && FINITE.test(head)))) return null;
      attribution.confidence = confidenceOf(speaker, 0.7);
    } else {
      return null;
    }
    let end = contentEnd(text, at, s.end);
    // A later "…, state media reported." closing the sentence is not part of the content.
    for (const later of cues) {
      if (end === null || later === cue || later.kind !== 'verb' || later.start <= at || later.start >= end) continue;
      const comma = text.lastIndexOf(',', later.start);
      if (comma > at && subjectBefore(text, comma + 1, later.start) !== null) end = contentEnd(text, at, comma);
    }
    if (end === null || wordCount(text.slice(at, end)) < (cue.takesObject ? 2 : 3)) return null;
    return { start: at, end, attribution };
  }

  /** "According to X, …" and "…, according to X." */
  private according(si: number, s: Sentence, cue: Cue, cues: readonly Cue[]): { start: number; end: number; attribution: Attribution } | null {
    const text = this.text;
    // When another cue in the sentence has its own speaker, X passed the words on: a relay, handled later.
    if (cues.some((c) => c !== cue && c.kind === 'verb' && subjectBefore(text, s.start, c.start) !== null)) return null;
    const stop = text.slice(cue.end, s.end).search(/,\s|[.!?]["”]?\s*$/u);
    const npEnd = stop < 0 ? s.end : cue.end + stop;
    const mention = lastMentionIn(text, cue.end, npEnd);
    if (mention === null) return null;
    const speaker = this.resolve(mention, s, si);
    if (speaker === null) return null;
    const attribution: Attribution = { speaker, cue, confidence: confidenceOf(speaker, 0.8) };
    if (text.slice(s.start, cue.start).trim() === '') {
      const at = skipSpace(text, npEnd, /[\s,]/u);
      const end = contentEnd(text, at, s.end);
      return end === null || wordCount(text.slice(at, end)) < 3 ? null : { start: at, end, attribution };
    }
    return this.contentBefore(s, cue.start, attribution);
  }

  private contentBefore(s: Sentence, before: number, attribution: Attribution): { start: number; end: number; attribution: Attribution } | null {
    const text = this.text;
    let end = before;
    while (end > s.start && /[\s,]/u.test(text[end - 1] ?? '')) end--;
    let start = skipSpace(text, s.start, /[\s—–-]/u);
    // A dateline opening the story ("ROTTERDAM (Reuters) - ") is the reporter's, not the speaker's.
    const dateline = DATELINE.exec(text.slice(start, end));
    if (dateline !== null) start += dateline[0].length;
    if (wordCount(text.slice(start, end)) < 3) return null;
    return { start, end, attribution };
  }

  private endsClause(sp: QuoteSpan, s: Sentence): boolean {
    if (sp.close === null) return true;
    // "…level,” according to …": punctuation just inside the closing mark ends the quoted clause.
    if (/[,.;:!?]/u.test(this.text[sp.close - 1] ?? '')) return true;
    const rest = this.text.slice(sp.close + 1, s.end);
    return /^\s*(?:[,.;:!?—–)]|$)/u.test(rest) || /[.!?]$/u.test(this.text.slice(sp.start, sp.end));
  }

  /** "The Art of the Deal", "Operation Desert Storm": a capitalised title, not speech. */
  private titleLike(sp: QuoteSpan): boolean {
    const words = this.text.slice(sp.start, sp.end).split(/\s+/u).filter((w) => w.length > 3);
    return words.length > 0 && words.length <= 8 && words.every((w) => /^[\p{Lu}\d]/u.test(w)) && !/[.!?]$/u.test(this.text.slice(sp.start, sp.end));
  }
}

function confidenceOf(speaker: Speaker, base: number): number {
  if (speaker.mention === null) return base - 0.1;
  if (/^(?:he|she|they|it)$/iu.test(speaker.mention.text)) return base - 0.07;
  return base;
}

function wordCount(s: string): number {
  return s.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** End of reported content starting at `from`: the sentence end, cut before the reporter's own trailing clauses. */
function contentEnd(text: string, from: number, sentenceEnd: number): number | null {
  let end = sentenceEnd;
  const slice = text.slice(from, sentenceEnd);
  const cut = CONTENT_CUT.exec(slice);
  if (cut !== null) end = from + cut.index;
  // An odd number of dashes: the last one opens the reporter's aside ("… Ukraine — the first admission").
  const dashes = [...text.slice(from, end).matchAll(/\s[—–]\s/gu)];
  const lastDash = dashes[dashes.length - 1];
  if (dashes.length % 2 === 1 && lastDash !== undefined) end = from + lastDash.index;
  while (end > from && /[\s.,;:!?"”’]/u.test(text[end - 1] ?? '')) end--;
  return end > from ? end : null;
}

function toldAudienceEnd(text: string, from: number, to: number): number | null {
  const at = skipSpace(text, from, /\s/u);
  const rest = text.slice(at, to);
  const audience = TOLD_AUDIENCES.exec(rest);
  if (audience !== null) return at + audience[0].length;
  const outlet = toldOutlet(text, from, to);
  return outlet === null ? null : outlet.span.end;
}

function toldOutlet(text: string, from: number, to: number): Mention | null {
  const tokens = tokenize(text, from, to);
  const found = mentionStartingAtToken(text, tokens, 0);
  return found !== null && isOutlet(found.mention) ? found.mention : null;
}

function isOutlet(m: Mention): boolean {
  return m.kind === 'organization' && m.name.split(/\s+/u).some((w) => OUTLET_WORDS.has(w));
}

/** Quotations and reported speech in `text`, scored by the rules that found them (not calibrated). */
export function extractWithRuleScores(text: string): ExtractionResult {
  const paragraphs = splitParagraphs(text);
  const spans = findQuoteSpans(text, paragraphs);
  const sentences = splitSentences(text, paragraphs, spans);
  const extractor = new DocumentExtractor(text, sentences, spans);
  const quotes = extractor.run();
  return { extractorVersion: EXTRACTOR_VERSION, quotes, speakers: extractor.speakers() };
}

export interface ExtractOptions {
  /** Attributions whose calibrated confidence is below this are flagged `needsReview`. */
  reviewBelow?: number;
}

/** Finds quotations and reported speech in `text` and who said them, with calibrated confidence. */
export function extractQuotes(text: string, options: ExtractOptions = {}): ExtractionResult {
  const reviewBelow = options.reviewBelow ?? DEFAULT_REVIEW_THRESHOLD;
  const result = extractWithRuleScores(text);
  const quotes = result.quotes.map((q) => {
    const confidence = Math.round(calibratedConfidence(q) * 100) / 100;
    return { ...q, confidence, needsReview: confidence < reviewBelow };
  });
  return { ...result, quotes };
}
