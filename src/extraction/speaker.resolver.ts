/**
 * Who a mention denotes, within one document: names through the entity registry, pronouns and
 * descriptions ("the company", "the investor") by salience, and the speaker a cue-less quote carries
 * over from earlier text. Holds the per-document memory of who was named where and who spoke last.
 */
import { skipSpace, span, type Speaker } from './attribution.ts';
import type { Cue } from './cue.patterns.ts';
import { compatible, EntityRegistry, notAPerson, type Entity } from './entity.registry.ts';
import type { TextSpan } from './extraction.types.ts';
import { affiliationFromAppositive, mentionEndingAtToken, mentionStartingAtToken, namedMentionsIn, subjectBefore, tokenize, type Mention } from './mention.finder.ts';
import { DATELINE, OUTLET_WORDS } from './extraction.lexicon.ts';
import type { Sentence } from './sentence.splitter.ts';

interface LastSpeaker {
  speaker: Speaker;
  paragraph: number;
  sentence: number;
}

/** After a lone capitalised word opening a sentence, what shows it is the subject: a comma or a verb. */
const SUBJECT_VERB_AFTER =
  /^(?:,|\s+(?:\p{Ll}+(?:ed|s)|said|told|spoke|wrote|took|made|won|lost|ran|came|went|gave|got|had|was|is|has|will|would|can|could|did|thinks|thought|began|became|brought|saw|sent|left|met|kept|held|led|stood|fought|felt|knew|hit|cut|also|never|later)\b)/u;

/** How far into a sentence its subject is looked for ("On Monday, the senator …"). */
const LEADING_TOKENS = 10;

const isOutletName = (word: string): boolean => OUTLET_WORDS.has(word);

/** A verb joined to an earlier one by "and"/"but" (no subject of its own before it). */
const COORDINATED_VERB = /[\p{Ll}\d)]\s+(?:and|but)\s+(?:then\s+|also\s+|later\s+)?$/u;

export class SpeakerResolver {
  readonly registry = new EntityRegistry();
  /** Who spoke last, and where. */
  last: LastSpeaker | null = null;
  /** Person entities named in each sentence, in order: candidates for a later "he"/"she". */
  private readonly personsBySentence: Entity[][] = [];
  /** Where each entity was last named in the text: a carried-over attribution points back to it. */
  private readonly namedAt = new Map<Entity, TextSpan>();
  /** The person each sentence opens with, when it does. */
  readonly subjectBySentence: (Entity | undefined)[] = [];
  /** Lone capitalised words opening a sentence: not registered, but the fallback for "it". */
  private readonly weakSubjects: Mention[] = [];

  constructor(
    private readonly text: string,
    private readonly sentences: readonly Sentence[],
  ) {}

  /** Registers the names of a sentence (outside its quotations), its persons and its subject. */
  observeSentence(si: number, s: Sentence, skip: readonly [number, number][]): void {
    const text = this.text;
    const outside = (m: Mention) => !skip.some(([a, b]) => m.span.start >= a && m.span.start < b);
    const persons: Entity[] = [];
    const body = this.bodyStart(s);
    for (const m of namedMentionsIn(text, body, s.end).filter(outside)) {
      // A lone capitalised word ("Tech analyst …", "Shares …") introduces nobody; it may refer back to someone known.
      if (m.kind === 'person' && !m.name.includes(' ') && this.registry.lookup(m) === null) {
        // Kept aside: a later "it said" may need it ("Volkswagen cut its forecast … , it said").
        const initial = m.span.start === skipSpace(text, body, /\s/u);
        if (initial) this.weakSubjects.push(m);
        // …unless it opens the sentence as its subject: "Zelenskyy, speaking …," / "Marrone said".
        if (!initial || !SUBJECT_VERB_AFTER.test(text.slice(m.span.end, m.span.end + 20))) continue;
        // "Nationally, …", "Domestically, …": an adverb opening the sentence, not its subject.
        if (/\p{Ll}ly$/u.test(m.name) && text[m.span.end] === ',') continue;
      }
      const e = this.registry.observe(m, m.span.start);
      if (e !== null) this.namedAt.set(e, m.span);
      // Places and bodies the registry could only call persons ("New Hampshire") are nobody a quote goes to.
      if (e === null || e.kind !== 'person' || (e.gender === null && notAPerson(e.name))) continue;
      if (!persons.includes(e)) persons.push(e);
      // The person opening the sentence (its subject, "Minority Leader Mitch McConnell disagreed.").
      if (this.subjectBySentence[si] === undefined && /^[\s\p{L}.’'-]*$/u.test(text.slice(body, m.span.start)) && m.span.start - body < 60) {
        this.subjectBySentence[si] = e;
      }
    }
    this.personsBySentence[si] = persons;
  }

  /** Where a sentence's own words start: after a dateline ("WASHINGTON (AP) — "), which names a place, not a subject. */
  private bodyStart(s: Sentence): number {
    const dateline = DATELINE.exec(this.text.slice(s.start, Math.min(s.end, s.start + 120)));
    return dateline === null ? s.start : s.start + dateline[0].length;
  }

  /** Everyone quoted so far. */
  readonly speakers = new Set<Entity>();

  /** Records who spoke last, for carry-over and pronouns. */
  spoke(speaker: Speaker, s: Sentence, si: number): void {
    this.last = { speaker, paragraph: s.paragraph, sentence: si };
    if (speaker.entity !== null) this.speakers.add(speaker.entity);
  }

  /** "…, saying …": the participle's subject is the clause's, the earlier attribution's speaker or else the sentence's subject. */
  participleSubject(si: number, s: Sentence, cue: Cue, main: Speaker | null): Speaker | null {
    if (main !== null) return main;
    const lead = this.leadingMention(s, cue.start);
    return lead === null ? null : this.resolve(lead, s, si);
  }

  /** A named person or organisation right before the colon that introduces a quotation ("pollster Daron Shaw:"). */
  colonSpeaker(si: number, s: Sentence, from: number, open: number): Speaker | null {
    const colon = this.text.lastIndexOf(':', open);
    const tokens = tokenize(this.text, from, colon);
    // "Ana Ruiz, Reuters:": a name and its outlet, as lists of reactions print them.
    const outletAfter = tokens.length > 2 && tokens[tokens.length - 2]?.text === ',' && isOutletName(tokens[tokens.length - 1]?.text ?? '');
    const m = mentionEndingAtToken(this.text, tokens, tokens.length - (outletAfter ? 3 : 1));
    if (m === null || m.kind === 'pronoun' || m.common) return null;
    return this.resolve(m, s, si);
  }

  /** The first mention among the opening words of the sentence, before `end`: usually its subject. */
  leadingMention(s: Sentence, end: number): Mention | null {
    const tokens = tokenize(this.text, this.bodyStart(s), end);
    for (let i = 0; i < tokens.length && i < LEADING_TOKENS; i++) {
      const t = tokens[i]?.text ?? '';
      if (/^[“”"‘’«»]$/u.test(t)) return null;
      const found = mentionStartingAtToken(this.text, tokens, i);
      if (found !== null && found.mention.gender !== 'first') return found.mention;
    }
    return null;
  }

  /** "said Hong Min, a senior fellow at …": the appositive after an inverted speaker is an affiliation. */
  appositiveAfter(from: number, s: Sentence, speaker: Speaker): void {
    if (speaker.entity === null || speaker.entity.kind !== 'person') return;
    const m = /^,\s+((?:a|an|the)\s[^,.;“”"]+)/u.exec(this.text.slice(from, s.end));
    if (m === null || m[1] === undefined) return;
    const start = from + m[0].length - m[1].length;
    const aff = affiliationFromAppositive(span(this.text, start, start + m[1].length));
    if (aff !== null) this.registry.addAffiliation(speaker.entity, aff);
  }

  /** The speaker a cue's subject names, looking left from the cue within the clause. */
  subject(si: number, s: Sentence, regionStart: number, cue: Cue): Speaker | null {
    // "Carson took the stage at the Grand Hotel and called it “…”": the second verb shares the sentence's subject.
    if (COORDINATED_VERB.test(this.text.slice(regionStart, cue.start))) {
      // Only a name or pronoun that opens the sentence ("But Lina Mora toured …"); "After Clinton spoke, Sanders …" keeps the nearest.
      const tokens = tokenize(this.text, s.start, cue.start);
      let first = /^(?:but|and|then|still|so)$/iu.test(tokens[0]?.text ?? '') ? 1 : 0;
      if (/^[“"‘—–-]$/u.test(tokens[first]?.text ?? '')) first++;
      let last = first;
      while (/^\p{Lu}/u.test(tokens[last + 1]?.text ?? '')) last++;
      const lead = /^\p{Lu}/u.test(tokens[first]?.text ?? '') ? mentionEndingAtToken(this.text, tokens, last) : null;
      if (lead !== null && lead.span.start <= (tokens[first]?.end ?? 0)) return this.resolve(lead, s, si);
    }
    const found = subjectBefore(this.text, regionStart, cue.start);
    if (found === null) return null;
    const speaker = this.resolve(found.mention, s, si);
    if (speaker?.entity && found.appositive !== null) {
      const aff = affiliationFromAppositive(found.appositive);
      if (aff !== null) this.registry.addAffiliation(speaker.entity, aff);
    }
    return speaker;
  }

  resolve(mention: Mention, s: Sentence, si: number): Speaker | null {
    // "“I am not shy,” I said": outside quotation marks, "I" is the writer — someone the text does not name, never stored.
    if (mention.kind === 'pronoun' && mention.name === 'i') {
      return this.resolve({ ...mention, kind: 'person', common: true, unnamed: true, gender: null, name: 'the writer' }, s, si);
    }
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
  pronoun(mention: Mention, s: Sentence, si: number): Entity | null {
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
  named(entity: Entity): Speaker {
    return { entity, name: entity.name, kind: entity.kind, mention: this.namedAt.get(entity) ?? null };
  }

  /** The previous speaker goes on: the attribution rests on the mention that introduced their words. */
  carried(speaker: Speaker): Speaker {
    return { ...speaker, mention: speaker.mention ?? (speaker.entity === null ? null : (this.namedAt.get(speaker.entity) ?? null)) };
  }

  /** The previous speaker, for a quote with no cue of its own. */
  carryOver(s: Sentence, continuation: boolean, si: number): Speaker | null {
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
}
