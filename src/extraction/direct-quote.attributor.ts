/**
 * Who said the words inside one pair of quotation marks: a cue right after the quote
 * ("“…,” Lim said"), before it ("Lim said, “…”"), later in the sentence, an introduction
 * ending the previous sentence, or carried over from the previous speaker; else the likeliest
 * speaker at a low score. Also decides direct (a whole utterance) or partial (a fragment).
 */
import type { QuoteKind } from '../domain/models.ts';
import { confidenceOf, skipSpace, wordCount, type Attribution, type Speaker } from './attribution.ts';
import type { Cue } from './cue.patterns.ts';
import { CUE_ADJUNCT, REPORTING_VERBS, TITLE_INTRODUCERS, TOLD_AUDIENCES } from './extraction.lexicon.ts';
import { lastMentionIn, mentionStartingAtToken, subjectBefore, tokenize, type Mention } from './mention.finder.ts';
import type { QuoteSpan } from './quote-span.finder.ts';
import type { Sentence } from './sentence.splitter.ts';
import type { SpeakerRanker } from './speaker.ranker.ts';
import type { SpeakerResolver } from './speaker.resolver.ts';

/** A speaker introduced by "X said:" at the end of a sentence, waiting for its quotation. */
export interface Introduction {
  attribution: Attribution;
  sentence: number;
}

/** How far before a cue-less quote its user is looked for. */
const ACTOR_WINDOW = 240;
/** A verb right after a mention makes it a clause subject; copulas describe rather than speak. */
const ACTOR_VERB =
  /^(?:(?!(?:was|is|has|does|this|thus|us|its|his|hers|ours|yours|theirs|news|less|unless|across|as|famous|various|previous|serious|numerous|obvious|status|bus|gas|plus|yes|ed|red|bed|need|indeed|seed|speed|feed|greed|hundred)$)\p{Ll}{2,}(?:ed|s)|said|told|says|spoke|wrote|took|made|won|lost|ran|came|went|gave|got|had|has|have|will|would|can|could|did|does|thinks|thought|began|became|brought|saw|sent|left|met|kept|held|led|stood|fought|felt|knew|hit|cut|also|never|later|once|often|recently|repeatedly|tweeted|put|let|set|sought|drew|threw|took|heard|read|meant|found|told|paid|laid|built|spent|struck|swore|vowed)$/u;

/** Where a name of a programme or work stands: "on MSNBC’s “…”", "in “…”", "titled “…”". */
const TITLE_SLOT = /(?:[’']s|\b(?:on|in|at|from|of|titled|called|named|dubbed))\s*$/u;

/** Lower-case words a title may keep ("Law and Order", "Girl on the Train"). */
const TITLE_FUNCTION_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'and', 'or', 'nor', 'but', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'as', 'vs', 'via', 'de', 'la', 'el', 'von', 'van']);

/** Between a verb and a name after it: a preposition or a clause break makes the name no subject ("wrote on Twitter"). */
const MEDIUM_OR_AUDIENCE = /[,;:]|\b(?:on|in|at|to|via|with|from|for|by|through|during)\b/iu;
const TITLE_ABBREVIATION = /\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof|Rev|St)\./gu;

const LABEL_VERBS = /^(?:called|described|labell?ed|branded|termed|dismissed)$/u;

/** "Hillary Clinton Says “We Are Not Done”": in a Title-Case headline the capitalised verb is the cue. */
const HEADLINE_CUE = new RegExp(
  `\\b(?:${REPORTING_VERBS.filter((v) => !v.includes(' ')).map((v) => v.charAt(0).toUpperCase() + v.slice(1)).join('|')}):?\\s*$`,
  'u',
);

export class DirectQuoteAttributor {
  constructor(
    private readonly text: string,
    private readonly speakers: SpeakerResolver,
    private readonly ranker: SpeakerRanker,
  ) {}

  /** Attribution of one quotation span, or null when it is not speech (scare quote, title). */
  attribute(
    si: number,
    s: Sentence,
    sp: QuoteSpan,
    cues: readonly Cue[],
    regionStart: number,
    main: Attribution | null,
    introduction: Introduction | null,
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
    // "Sunday on Fox News’s “Sunday Morning Futures,” Rep. Issa said": a programme's name before the cue, not its words.
    if (right !== null && !startsSentence && this.titleLike(sp) && TITLE_SLOT.test(text.slice(Math.max(0, sp.open - 30), sp.open))) return null;
    if (right !== null) {
      const kind: QuoteKind = startsSentence || /[,:]\s*$/u.test(leadIn) ? 'direct' : 'partial';
      return { attribution: right, kind };
    }
    // 2. Cue before the opening mark: "Ushakov replied, “…”" / "said state media reports show that “…”".
    const leftCues = cues.filter((c) => c.end <= sp.open && c.start >= regionStart && c.kind !== 'according');
    for (let k = leftCues.length - 1; k >= 0; k--) {
      const cue = leftCues[k];
      if (cue === undefined) continue;
      // "The town released a statement Wednesday saying …": with nobody quoted before, the participle's subject opens the sentence.
      const speaker = cue.kind === 'participle' ? (main?.speaker ?? this.participleActor(si, s, cue, cues)) : this.speakers.subject(si, s, regionStart, cue);
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
      // "Clinton “drew quite well” in the primary, said Paul Beck, a professor …": the speaker follows the cue.
      const inverted = /,\s*$/u.test(text.slice(closeAt, tail.start)) && !/[“”"]/u.test(text.slice(closeAt, tail.start)) ? this.rightFrame(tail.start, s, si, cues) : null;
      // The verb's subject follows it ("said professor Paul Beck"); "wrote on Twitter", "told The Times" name a medium or an audience.
      const subjectAfter =
        inverted?.speaker.mention != null &&
        inverted.speaker.mention.start > tail.start &&
        !MEDIUM_OR_AUDIENCE.test(text.slice(tail.end, inverted.speaker.mention.start)) &&
        !/^(?:told|tells|tell)$/u.test(tail.verb);
      if (inverted !== null && subjectAfter && !/^(?:he|she|they|it)$/iu.test(inverted.speaker.mention?.text ?? '')) {
        return { attribution: { ...inverted, confidence: confidenceOf(inverted.speaker, 0.85) }, kind: 'partial' };
      }
      const speaker = this.speakers.subject(si, s, closeAt, tail);
      if (speaker !== null) {
        // Right after the quote, only the speaker (perhaps "the director, Luca Bianchi,") before the cue: a direct quote.
        // Abbreviated titles ("Ms. Merkel’s spokesman, Steffen Seibert,") end no sentence.
        const between = speaker.mention === null ? null : text.slice(after, speaker.mention.start).replace(TITLE_ABBREVIATION, 'T');
        const adjacent = between !== null && /^(?:[^,.;“”"]{0,60},\s*)?$/u.test(between) && (startsSentence || /[,:]\s*$/u.test(leadIn));
        if (adjacent) return { attribution: { speaker, cue: tail, confidence: confidenceOf(speaker, 0.9) }, kind: 'direct' };
        return { attribution: { speaker, cue: tail, confidence: confidenceOf(speaker, 0.75) }, kind: 'partial' };
      }
    }
    // 4. Introduced at the end of the previous sentence: "The ministry said in a statement:" ¶ "“…”".
    const intro = introduction;
    if (intro !== null && intro.sentence === si - 1 && startsSentence) {
      return { attribution: intro.attribution, kind: 'direct' };
    }
    // 5. "… doesn't surprise pollster Daron Shaw: “…”", "Ana Ruiz, Reuters: “…”": the name the colon follows.
    const labelled = /:\s*$/u.test(leadIn) ? this.speakers.colonSpeaker(si, s, regionStart, sp.open) : null;
    if (labelled !== null) return this.ranked(si, s, sp, { attribution: { speaker: labelled, cue: null, confidence: confidenceOf(labelled, 0.8) }, kind: this.endsClause(sp, s) ? 'direct' : 'partial' }, 'colon');
    // 6. No cue at all: a whole-sentence quote (or a paragraph continuing a quote) goes on with the previous speaker.
    if (sp.continuation || (startsSentence && introduced && this.endsClause(sp, s) && wordCount(text.slice(sp.start, sp.end)) >= 2)) {
      const carried = this.speakers.carryOver(s, sp.continuation, si);
      if (carried !== null) return this.ranked(si, s, sp, { attribution: { speaker: carried, cue: null, confidence: 0.75 }, kind: 'direct' }, sp.continuation ? 'continued' : 'carried');
    }
    const guess = this.fallback(si, s, sp, cues, main, startsSentence && introduced && this.endsClause(sp, s));
    return guess === null ? null : this.ranked(si, s, sp, guess, guess.step);
  }

  /** A cue-less attribution: the speaker the model ranks first among everyone around the quote (the rules' choice included). */
  private ranked(si: number, s: Sentence, sp: QuoteSpan, found: { attribution: Attribution; kind: QuoteKind }, step: string): { attribution: Attribution; kind: QuoteKind } {
    const rule = found.attribution;
    const best = this.ranker.rank(si, s, sp, rule.speaker, step, found.kind === 'direct');
    if (best === null) return found;
    const cue = best.speaker === rule.speaker ? rule.cue : null;
    // The model's probability, in steps of 0.05, is the score the calibration table is keyed by.
    return { kind: found.kind, attribution: { speaker: best.speaker, cue, confidence: Math.round(best.probability * 20) / 20 } };
  }

  /**
   * A quotation no rule attributes: news quotes words, not titles, so it is most likely
   * speech of whoever the sentence (or the story just before) is about. Low confidence: for review.
   */
  private fallback(si: number, s: Sentence, sp: QuoteSpan, cues: readonly Cue[], main: Attribution | null, whole: boolean): { attribution: Attribution; kind: QuoteKind; step: string } | null {
    const headline = HEADLINE_CUE.test(this.text.slice(Math.max(s.start, sp.open - 12), sp.open));
    if ((this.titleLike(sp) && !headline) || wordCount(this.text.slice(sp.start, sp.end)) < 1) return null;
    const kind: QuoteKind = whole ? 'direct' : 'partial';
    if (main !== null) return { attribution: { ...main, confidence: 0.6 }, kind, step: 'main' };
    const actor = this.nearestActor(s, sp.open);
    if (actor !== null) {
      const speaker = this.speakers.resolve(actor, s, si);
      if (speaker !== null) return { attribution: { speaker, cue: null, confidence: 0.52 }, kind, step: 'actor' };
    }
    for (const cue of cues) {
      if (cue.kind !== 'verb') continue;
      const speaker = this.speakers.subject(si, s, s.start, cue);
      if (speaker !== null) return { attribution: { speaker, cue, confidence: 0.55 }, kind, step: 'cue' };
    }
    const subject = this.speakers.subjectBySentence[si];
    if (subject !== undefined) return { attribution: { speaker: this.speakers.named(subject), cue: null, confidence: 0.5 }, kind, step: 'subject' };
    // "Cruz and Trump have slammed the president for not using the term “…”": whoever the sentence is about.
    const lead = this.speakers.leadingMention(s, sp.open);
    // A lone capitalised word nobody was named by ("Outside", "More", "Alaska") is no speaker.
    const lone = lead !== null && lead.kind !== 'pronoun' && !lead.common && !lead.name.includes(' ') && this.speakers.registry.lookup(lead) === null;
    const speaker = lead === null || lone ? null : this.speakers.resolve(lead, s, si);
    if (speaker !== null) return { attribution: { speaker, cue: null, confidence: 0.48 }, kind, step: 'lead' };
    const last = this.speakers.last;
    if (last !== null && s.paragraph - last.paragraph <= 1) return { attribution: { speaker: this.speakers.carried(last.speaker), cue: null, confidence: 0.45 }, kind, step: 'last' };
    return null;
  }

  /**
   * "Bush referred to Rubio as “…”", "he found Trump to be “…”": the first mention before the quote
   * that is followed by a verb of its own (not a copula: "Trump was a “…”" describes Trump) is
   * whoever uses the words — the clause's subject, not a later object ("Trump questioned whether Obama
   * would have attended “…”").
   */
  private nearestActor(s: Sentence, before: number): Mention | null {
    const from = Math.max(s.start, before - ACTOR_WINDOW);
    const tokens = tokenize(this.text, from, before);
    for (let i = from === s.start ? 0 : 1; i < tokens.length; i++) {
      const found = mentionStartingAtToken(this.text, tokens, i);
      if (found === null) continue;
      const next = tokens[found.last + 1]?.text ?? '';
      // "After the Paris attacks, Trump released …": a name after an article modifies a noun ("attacks" is no verb here).
      const at = tokens.findIndex((t) => t.start === found.mention.span.start);
      const modifier = found.mention.kind === 'person' && !found.mention.common && /^(?:the|a|an)$/iu.test(tokens[at - 1]?.text ?? '');
      if (!modifier && ACTOR_VERB.test(next) && (found.mention.kind === 'person' || (found.mention.kind === 'pronoun' && found.mention.gender !== 'neuter' && found.mention.gender !== 'first'))) return found.mention;
      i = found.last;
    }
    return null;
  }

  /**
   * "Cruz launched an attack, calling him “…”": the person acting in the clause before the participle.
   * "The talks will resume, Lee said, adding, “…”": a speech verb right before it is that clause's verb, so its subject.
   */
  private participleActor(si: number, s: Sentence, cue: Cue, cues: readonly Cue[]): Speaker | null {
    const verb = [...cues].reverse().find((c) => c.kind === 'verb' && c.end <= cue.start && /^[^,;“”"]*,\s*(?:and\s+)?$/u.test(this.text.slice(c.end, cue.start)));
    const spoke = verb === undefined ? null : this.speakers.subject(si, s, s.start, verb);
    if (spoke !== null) return spoke;
    const actor = this.nearestActor(s, cue.start);
    return actor === null ? null : this.speakers.resolve(actor, s, si);
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
      const speaker = mention === null ? null : this.speakers.resolve(mention, s, si);
      return speaker === null ? null : { speaker, cue: according, confidence: confidenceOf(speaker, 0.85) };
    }
    const tokens = tokenize(text, at, s.end);
    if (cue !== undefined) {
      const rest = tokenize(text, cue.end, s.end);
      const found = mentionStartingAtToken(text, rest, 0);
      if (found === null) return null;
      const speaker = this.speakers.resolve(found.mention, s, si);
      if (speaker === null) return null;
      this.speakers.appositiveAfter(rest[found.last]?.end ?? cue.end, s, speaker);
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
          const named = this.speakers.resolve(subject.mention, s, si);
          if (named !== null) return { speaker: named, cue: cueAfter, confidence: confidenceOf(named, 0.93) };
        }
      }
    }
    if (cueAfter === undefined) return null;
    const speaker = this.speakers.resolve(found.mention, s, si);
    if (speaker === null) return null;
    return { speaker, cue: cueAfter, confidence: confidenceOf(speaker, 0.95) };
  }

  endsClause(sp: QuoteSpan, s: Sentence): boolean {
    if (sp.close === null) return true;
    // "…level,” according to …": punctuation just inside the closing mark ends the quoted clause.
    if (/[,.;:!?]/u.test(this.text[sp.close - 1] ?? '')) return true;
    const rest = this.text.slice(sp.close + 1, s.end);
    return /^\s*(?:[,.;:!?—–)]|$)/u.test(rest) || /[.!?]$/u.test(this.text.slice(sp.start, sp.end));
  }

  /** "The Art of the Deal", "Operation Desert Storm": a capitalised title, not speech. */
  private titleLike(sp: QuoteSpan): boolean {
    const all = this.text.slice(sp.start, sp.end).split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
    // Titles capitalise every word but short function words ("Law and Order"); "is not Christian" is a clause.
    if (all.some((w) => /^[^\p{L}\p{N}]*\p{Ll}/u.test(w) && !TITLE_FUNCTION_WORDS.has(w.toLowerCase().replace(/[^\p{L}]/gu, '')))) return false;
    const words = all.filter((w) => w.length > 3);
    if (words.length === 0 || words.length > 8 || !words.every((w) => /^[\p{Lu}\d]/u.test(w))) return false;
    const quoted = this.text.slice(sp.start, sp.end);
    // "on MSNBC’s “Morning Joe.”": US style puts the sentence's full stop inside the marks of a title.
    const titleSlot = TITLE_SLOT.test(this.text.slice(Math.max(0, sp.open - 30), sp.open));
    return !/[.!?]$/u.test(quoted) || (titleSlot && words.length <= 4 && /[^.]\.$/u.test(quoted));
  }
}
