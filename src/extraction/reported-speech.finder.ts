/**
 * Reported speech: the content a cue introduces ("Kim said the talks failed", "…, according to
 * the ministry"), where it starts and ends, and whose it is.
 */
import { confidenceOf, skipSpace, wordCount, type Attribution, type Found, type Speaker } from './attribution.ts';
import type { Cue } from './cue.patterns.ts';
import { CONTENT_CUT, CUE_ADJUNCT, DATELINE, PROMISE_CUES } from './extraction.lexicon.ts';
import { affiliationFromAppositive, describedSourceIn, describedSubjectBefore, heldSubjectBefore, lastMentionIn, mentionEndingAtToken, mentionStartingAtToken, subjectBefore, tokenize } from './mention.finder.ts';
import type { QuoteSpan } from './quote-span.finder.ts';
import { toldAudienceEnd } from './relay.finder.ts';
import type { Sentence } from './sentence.splitter.ts';
import type { SpeakerResolver } from './speaker.resolver.ts';

const CLAUSE_START =
  /^(?:(?:the|a|an|this|that|these|those|it|he|she|they|we|i|you|there|his|her|its|their|our|no|some|all|both|many|most|one|two|three|four|five|six|seven|eight|nine|ten|several|few|more|nobody|everyone|none|each|every|any)\b|\p{Lu}|\d)/iu;
/** A prepositional phrase (or, after "told", the audience) between a cue and its "that": group 1 is what to skip. */
const ADJUNCT_THAT =
  /^((?:(?:in|at|on|to|during|after|before|from|via|through|for|over|since|with|last|this|earlier|later|again)\b[^,;“”"]{0,80}?\s|[—–]\s*[^—–“”"]{1,80}[—–]\s*|,?\s*(?:however|though|too|also|instead|moreover|in\s+[^,]{1,40}|on\s+[^,]{1,40}|at\s+[^,]{1,40}),\s*))?that\s+/iu;
const TOLD_THAT = /^((?:[\p{L}\p{N}’'.-]+,?\s+){1,12}?)?that\s+/iu;
// "about half of …", "about 40 percent …" open a clause's subject; "about the plan" is a topic.
const NOT_A_CLAUSE = /^(?:to|in|on|at|for|with|about(?!\s+(?:half|a\s+(?:third|quarter|dozen)|\d))|by|of|from|as|goodbye|nothing|yes|no|so|little|something|anything|otherwise|hello|thanks)\b/iu;
/** "said Trump deserves respect", "says Congress needs time": a name and a verb in the present, a clause without "that". */
const NAME_AND_VERB = /^\p{Lu}[\p{L}.’'-]*(?:\s+\p{Lu}[\p{L}.’'-]*){0,3}\s+\p{Ll}{2,}[^s\s]s\b/u;
const FINITE =
  /\b(?:is|are|was|were|will|would|could|should|can|may|might|must|has|have|had|did|does|do|won[’']t|wouldn[’']t|can[’']t|isn[’']t|wasn[’']t|aren[’']t|\w+ed|went|made|got|took|came|gave|knew|thought|saw|found|became|left|felt|kept|began|ran|won|lost|paid|met|brought|bought|sent|spent|held|led|stood|fell|rose|grew|drew|wrote|spoke|chose|broke|drove|meant|sold|built|heard|understood|told|said|wants|needs|knows|thinks|means|seems|remains|makes|gets)\b|\p{L}[’'](?:s|re|ll|d|ve|m)\b|\p{L}n[’']t\b/iu;
/** A subject pronoun right after a speech verb starts the reported clause ("said she’ll leave", "said they fear"). */
const PRONOUN_CLAUSE = /^(?:he|she|they|we|i|you|it|there)(?:[’'](?:s|re|ll|d|ve|m))?\s+\p{L}/iu;

/** After ", X said": a comma and words that go on with the reported clause, not the reporter's aside ("…, adding", "…, in a statement"). */
const INSIDE_CUE_RESUMES =
  /^\s*,\s*(?!(?:in|on|at|as|after|before|during|while|when|according|because|citing|which|who|where|though|although|but|and|or|with|without|from|to|for|by|of|despite|amid|even|than|referring|[\p{L}-]+ing)\b)(\p{L}[\p{L}’'-]*)\s+\p{L}/iu;

/**
 * Verbs that are speech whatever their subject, so a described subject ("Anti-TPP activists said") may be trusted;
 * not "states", "reports", "notes", "pledged", "agreed", which are also nouns or non-speech ("five other states").
 */
const DESCRIBED_SPEECH_VERBS: ReadonlySet<string> = new Set([
  'said', 'says', 'say', 'told', 'tells', 'tell', 'added', 'argued', 'argue', 'argues', 'warned', 'warn', 'warns',
  'insisted', 'insist', 'insists', 'explained', 'wrote', 'predicted', 'acknowledged', 'admitted', 'contended',
  'conceded', 'stressed', 'complained', 'maintained', 'maintain', 'predict', 'suggested', 'suggest',
]);
/** Speech verbs whose subject may be the clause's first mention when it cannot be read back from the verb. */
const LEADING_SUBJECT_VERBS: ReadonlySet<string> = new Set([
  ...DESCRIBED_SPEECH_VERBS, 'noted', 'claimed', 'claims', 'stated', 'added', 'asserted', 'reiterated', 'recalled',
  'promised', 'vowed', 'pledged', 'announced', 'declared', 'tweeted', 'testified', 'replied', 'responded',
  'complained', 'boasted', 'writes', 'criticized', 'criticised', 'praised', 'accused', 'called for', 'calls for',
  'urged', 'urges', 'proposed', 'demanded', 'denied', 'confirmed', 'predicts', 'praises', 'criticizes',
]);
/** A cue closing its sentence may carry when, where and to whom it was said. */
const TRAILING_ADJUNCT =
  /^\s+(?:on|in|at|during|to|after|before|from|via|while|when|last|this|early|late|earlier|later|recently|yesterday|today|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b/u;
const ASK_VERBS: ReadonlySet<string> = new Set(['asked', 'asks', 'ask', 'wondered', 'wonders', 'questioned', 'urged', 'urges', 'urge', 'called on', 'calls on', 'called upon', 'calls upon', 'implored', 'pleaded with']);
/** After "asked"/"urged" and an optional person asked: where the reported question or request starts ("whether", "how", "to"). */
function askedQuestionStart(text: string, from: number, to: number): number | null {
  const m = /^(?:(?!about\b)[\p{L}\p{N}.’'-]+\s+){0,7}?(?=(?:whether|if|how|why|what|when|where|who|which|to)\s)/u.exec(text.slice(from, to));
  return m === null ? null : from + m[0].length;
}
/** Where an object's when and where begin: "at a rally", "after a meeting Thursday", "during his visit". */
const OBJECT_SETTING = /,?\s+(?:at|after|before|during|following|while|amid|despite)\s+(?:a|an|the|his|her|their|its|this|last|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/u;
/** Auxiliaries of the passive before a verb ("was accused", "have been praised"). */
const PASSIVE = /\b(?:was|were|is|are|be|been|being|get|gets|got)\s+$/iu;
/** Verbs that name what someone was called ("called him divisive", "branded it a disgrace"). */
const LABEL_CUES: ReadonlySet<string> = new Set(['called', 'calls', 'branded', 'labeled', 'labelled', 'dubbed', 'termed']);
/**
 * Verbs after which a long determiner phrase opens a clause, not an object ("suggested the Paris attacks highlight …");
 * not "reported", "announced", "noted", whose object is often just a thing ("reported a profit of $5 billion").
 */
const CLAUSE_HEAD_VERBS: ReadonlySet<string> = new Set([
  'said', 'says', 'say', 'told', 'tells', 'tell', 'suggested', 'suggests', 'suggest', 'argued', 'argues', 'argue',
  'insisted', 'insists', 'insist', 'warned', 'warns', 'warn', 'claimed', 'claims', 'claim', 'predicted', 'predicts',
  'contended', 'contends', 'contend', 'maintained', 'maintains', 'maintain', 'believes', 'believe', 'asserted', 'asserts',
  'alleged', 'alleges', 'added', 'adds', 'noted', 'notes', 'stressed', 'stresses', 'emphasized', 'emphasised', 'explained',
  'explains', 'wrote', 'writes', 'acknowledged', 'acknowledges', 'admitted', 'admits', 'conceded', 'concedes', 'recalled',
  'recalls', 'reiterated', 'complained', 'testified', 'tweeted', 'agreed',
]);
/** A sentence opening with a subordinate clause whose subject comes next: "While Ramos said …, he …". */
const SUBORDINATE_OPENER = /^\s*(?:while|although|though|even though|even as|whereas|because|since|if|when|once|after|before|as)\s+$/iu;
const RELATIVE_WHO = /,\s*who\s+(?:also\s+|has\s+|have\s+|had\s+)?$/u;

export class ReportedSpeechFinder {
  constructor(
    private readonly text: string,
    private readonly speakers: SpeakerResolver,
  ) {}

  /** Reported speech introduced by this cue, or null. */
  find(
    si: number,
    s: Sentence,
    cue: Cue,
    cues: readonly Cue[],
    spans: readonly QuoteSpan[],
    main: Attribution | null,
  ): Found | null {
    const text = this.text;
    const regionStart = Math.max(s.start, ...spans.filter((sp) => (sp.close ?? sp.end) < cue.start).map((sp) => (sp.close ?? sp.end) + 1));
    if (cue.kind === 'according') return this.according(si, s, cue, cues);
    let speaker: Speaker | null;
    let subjectStart = cue.start;
    if (cue.kind === 'participle') {
      speaker = this.speakers.participleSubject(si, s, cue, main?.speaker ?? null);
    } else {
      // "Cruz, who says Trump is attacking him, said …": the relative pronoun stands for the name before it.
      const relative = RELATIVE_WHO.exec(text.slice(regionStart, cue.start));
      const subjectEnd = relative === null ? cue.start : regionStart + relative.index;
      const found = subjectBefore(text, regionStart, subjectEnd);
      speaker = found === null ? null : this.speakers.resolve(found.mention, s, si);
      const described = found === null && DESCRIBED_SPEECH_VERBS.has(cue.verb) ? describedSubjectBefore(text, regionStart, subjectEnd) : null;
      if (described !== null) {
        speaker = this.speakers.resolve(described, s, si);
        subjectStart = described.span.start;
      }
      if (found !== null) subjectStart = found.mention.span.start;
      // "… called the decision “misguided” and said …": the second verb shares the first one's subject.
      if (speaker === null && /\b(?:and|but)\s*$/u.test(text.slice(regionStart, cue.start))) {
        // "Wealth-X keeps its finances secret but says …": without an earlier attribution, the sentence's subject.
        const lead = main === null ? this.speakers.leadingMention(s, cue.start) : null;
        speaker = main?.speaker ?? (lead === null ? null : this.speakers.resolve(lead, s, si));
      }
      // "Executives for Mondelez, which …, say", "groups that have endorsed him say", "those surveyed say".
      if (speaker === null && DESCRIBED_SPEECH_VERBS.has(cue.verb)) {
        const held = heldSubjectBefore(text, regionStart, subjectEnd);
        if (held !== null) {
          speaker = this.speakers.resolve(held, s, si);
          if (speaker !== null) subjectStart = held.span.start;
        }
      }
      // "Sen. Ada Pell (D-NY), a supporter of the bill, told …", "Bush and his rivals have said …": a subject the
      // mention finder cannot read back from the verb; a speech verb lets the clause's first mention be trusted.
      if (speaker === null && LEADING_SUBJECT_VERBS.has(cue.verb) && !/,\s*$/u.test(text.slice(regionStart, cue.start))) {
        const lead = this.speakers.leadingMention(s, cue.start);
        if (lead !== null && lead.span.start >= regionStart && lead.kind !== 'pronoun') speaker = this.speakers.resolve(lead, s, si);
        if (speaker !== null && lead !== null) subjectStart = lead.span.start;
      }
      if (speaker?.entity && found?.appositive) {
        const aff = affiliationFromAppositive(found.appositive);
        if (aff !== null) this.speakers.registry.addAffiliation(speaker.entity, aff);
      }
    }
    if (speaker === null) {
      // "…, said the ministry." — the content is what precedes.
      const rest = tokenize(text, cue.end, s.end);
      const found = mentionStartingAtToken(text, rest, 0);
      if (found === null || !/,\s*$/u.test(text.slice(s.start, cue.start))) return null;
      const tailEnd = rest[found.last]?.end ?? cue.end;
      // The name may carry a description of its own, commas and all ("…, said Ada Lee, a professor at …, who …").
      if (!/^\s*(?:,[^“”"]*)?[.!?]?\s*$/u.test(text.slice(tailEnd, s.end).replace(CUE_ADJUNCT, ''))) return null;
      const resolved = this.speakers.resolve(found.mention, s, si);
      if (resolved === null) return null;
      return this.contentBefore(s, cue.start, { speaker: resolved, cue, confidence: confidenceOf(resolved, 0.8) });
    }
    const attribution: Attribution = { speaker, cue, confidence: confidenceOf(speaker, 0.8) };
    // "As Breitbart News reported, …", "As Lim noted on Friday, …": the words follow the comma.
    if (/(?:^|[,;:(—–]\s*|\band\s+)as\s+$/iu.test(text.slice(s.start, subjectStart))) {
      const adjunct = CUE_ADJUNCT.exec(text.slice(cue.end, s.end))?.[0] ?? '';
      const comma = /^\s*,\s*/u.exec(text.slice(cue.end + adjunct.length, s.end));
      if (comma === null && !adjunct.trimEnd().endsWith(',')) return null;
      const at = skipSpace(text, cue.end + adjunct.length + (comma?.[0].length ?? 0));
      const end = contentEnd(text, at, s.end);
      return end === null || wordCount(text.slice(at, end)) < 3 ? null : { start: at, end, attribution };
    }
    // "…, Lim said." — a cue closing the sentence reports what came before it.
    // "…, the campaign told USA TODAY.": the audience is part of the cue.
    const audienceEnd = cue.verb === 'told' || cue.verb === 'tells' ? (toldAudienceEnd(text, cue.end, s.end) ?? toldPersonEnd(text, cue.end, s.end)) : null;
    const afterCue = text.slice(audienceEnd ?? cue.end, s.end);
    // Only adjuncts or a comma-led aside may follow ("…, their union said on Thursday, escalating …";
    // "…, he said Wednesday morning on MSNBC’s “Morning Joe.”").
    const rest = TRAILING_ADJUNCT.test(afterCue) && !/,/u.test(afterCue) ? '' : afterCue.replace(CUE_ADJUNCT, (m) => (m.trimEnd().endsWith(',') ? ',' : ''));
    // The subject may carry a short description after the comma: "…, Turkey’s disaster agency AFAD said."
    const lead = /,\s*(?:[\p{L}\p{N}’'.-]+\s+){0,5}$/u.exec(text.slice(s.start, subjectStart));
    // "…, Brafman noted; the government had …": a semicolon closes the cue's clause as a full stop would.
    // "…, Lee said, adding that …“…”": a participle's clause after the cue is an aside, quotations and all.
    const aside = /^\s*(?:,\s*[^“”"]*|;[^“”"]*)?[.!?]?["”’]?\s*$/u.test(rest) || /^\s*,\s*\p{Ll}+ing\b/u.test(rest);
    if (aside && lead !== null && !/[“”"]/u.test(lead[0])) {
      const contentStop = s.start + lead.index + 1;
      // "Kim said the test succeeded, state media reported": the words are Kim's; the outlet is a relay.
      if (cues.some((c) => c !== cue && c.kind === 'verb' && c.end <= contentStop && subjectBefore(text, s.start, c.start) !== null)) return null;
      const before = this.contentBefore(s, contentStop, attribution);
      // "Greensboro, Sexton said, made him question …": a cue set inside the sentence reports both sides.
      const resumed = INSIDE_CUE_RESUMES.exec(rest);
      const resumeAt = resumed === null ? -1 : text.indexOf(resumed[1] ?? '', cue.end);
      const end = resumeAt < 0 ? null : contentEnd(text, resumeAt, s.end);
      if (end === null) return before;
      const start = before?.start ?? skipSpace(text, s.start, /[\s—–-]/u);
      return wordCount(text.slice(resumeAt, end)) < 3 ? before : { start, end, attribution };
    }
    let at = cue.end;
    const told = cue.verb === 'told' || cue.verb === 'tells';
    let audience: number | null = null;
    if (told) {
      // "told AP they concluded …", "told him he was wrong": the audience, then the clause.
      audience = toldAudienceEnd(text, at, s.end) ?? toldPersonEnd(text, at, s.end);
      if (audience !== null) at = audience;
    }
    const adjunct = CUE_ADJUNCT.exec(text.slice(at, s.end));
    if (adjunct !== null) at += adjunct[0].length;
    at = skipSpace(text, at, /[\s,]/u);
    // "told a launch event in San Jose that …", "said in a post on its website that …": skip the phrase up to "that".
    const phrase = (told ? TOLD_THAT : ADJUNCT_THAT).exec(text.slice(at, s.end));
    if (phrase !== null) at += phrase[1]?.length ?? 0;
    else if (told && audience === null) return null;
    const that = /^that(?:\s+|,\s*)/iu.exec(text.slice(at, s.end));
    // "Tapper asked (Ryan) whether Republicans would hold the House", "urged Congress to act": the question or request.
    const question = ASK_VERBS.has(cue.verb) ? askedQuestionStart(text, at, s.end) : null;
    if (question !== null) {
      at = question;
    } else if (ASK_VERBS.has(cue.verb)) {
      return null;
    } else if (that !== null) {
      at += that[0].length;
    } else if (LABEL_CUES.has(cue.verb)) {
      // "Sanders called him divisive", "called Trump a fraud": a person named, then what they were called; not
      // "called a press conference", "called Trump to congratulate him" (a telephone call).
      const labelled = /^(?:him|her|them|it|himself|herself|themselves|itself|me|us|(?:\p{Lu}[\p{L}.’'-]*\s+){1,3})\s*(?!(?:to|and|on|about|after|before|from|at|in|with|back|up|off|out|for)\b)\p{Ll}/u;
      if (!labelled.test(text.slice(at, Math.min(s.end, at + 60)))) return null;
    } else if (cue.takesObject) {
      // "was accused of", "were praised": the subject is spoken about, not speaking.
      if (PASSIVE.test(text.slice(Math.max(s.start, cue.start - 12), cue.verbStart))) return null;
      const lead = PROMISE_CUES.has(cue.verb) ? /^(?:in|on|at|for|with|about|by|of|from)\b/iu : /^(?:to|in|on|at|for|with|about|by|of|from)\b/iu;
      if (lead.test(text.slice(at, at + 6))) return null;
    } else if (cue.takesClause) {
      const head = text.slice(at, Math.min(s.end, at + 200));
      // Without "that", the clause must look like one: a subject-like start, or a finite verb soon after.
      // "The company reported a profit of $5 billion" is no speech: a determiner phrase needs a finite verb after it.
      const firstClause = head.split(/[,;]/u)[0] ?? '';
      const finite = FINITE.test(firstClause);
      const bareSubject = !/^(?:the|a|an|this|these|those|its|his|her|their)\s/iu.test(head) && /^\p{Ll}+\s+\p{Ll}+\s+\p{Ll}+/u.test(head);
      // After a speech verb, a long determiner phrase opens the clause ("aides say the open affection … gives", "suggested the Paris attacks highlight …").
      const sayHead = CLAUSE_HEAD_VERBS.has(cue.verb) && /^(?:the|a|an|this|these|those|its|his|her|their|our)\s/iu.test(head) && wordCount(firstClause) >= 5;
      const nameClause = CLAUSE_HEAD_VERBS.has(cue.verb) && NAME_AND_VERB.test(firstClause);
      if (NOT_A_CLAUSE.test(head) || !(finite || bareSubject || sayHead || nameClause || PRONOUN_CLAUSE.test(head) || (CLAUSE_START.test(head) && /^\p{Lu}/u.test(head) && FINITE.test(head)))) return null;
      attribution.confidence = confidenceOf(speaker, 0.7);
    } else {
      return null;
    }
    let end = contentEnd(text, at, s.end);
    // "is thanking supporters at a rally in Vermont", "confirmed the meeting after the vote": an object ends where the reporter's
    // when and where begin.
    if (end !== null && that === null && question === null && cue.takesObject && !cue.takesClause) {
      const setting = OBJECT_SETTING.exec(text.slice(at, end));
      if (setting !== null && setting.index > 0) end = contentEnd(text, at, at + setting.index);
    }
    // A later "…, state media reported." closing the sentence is not part of the content.
    for (const later of cues) {
      if (end === null || later === cue || later.kind !== 'verb' || later.start <= at || later.start >= end) continue;
      // "said the plan failed and urged a recount": a second verb of the same subject starts its own content.
      const coordinated = /,?\s+(?:and|but)\s+$/u.exec(text.slice(at, later.start));
      if (coordinated !== null) {
        end = contentEnd(text, at, at + coordinated.index);
        continue;
      }
      const comma = text.lastIndexOf(',', later.start);
      // "…, said GOP voters …" after a relative clause: the main verb resumes right after the comma.
      const resumes = comma > at && /^,\s*$/u.test(text.slice(comma, later.start));
      // "…, and three-quarters said …": a described subject of its own starts another report.
      const described = DESCRIBED_SPEECH_VERBS.has(later.verb) && describedSubjectBefore(text, comma + 1, later.start) !== null;
      if (comma > at && (resumes || described || subjectBefore(text, comma + 1, later.start) !== null)) end = contentEnd(text, at, comma);
    }
    // "While Ramos said that journalists cannot take sides, he …": a subordinate clause's words end at its comma.
    if (end !== null && SUBORDINATE_OPENER.test(text.slice(s.start, subjectStart))) {
      const comma = text.indexOf(', ', at);
      if (comma > at && comma < end) end = contentEnd(text, at, comma);
    }
    if (end === null) return null;
    // "vowed to fight it" is too little to store as a statement; "vowed to repeal the law" is one.
    // "a plan that he said would fail": inside a relative clause the words are the verb phrase alone.
    const relative = /\b(?:that|which|who|whom)\s+$/iu.test(text.slice(Math.max(s.start, subjectStart - 8), subjectStart));
    const least = PROMISE_CUES.has(cue.verb) && /^to\s/iu.test(text.slice(at, end)) ? 4 : cue.takesObject || relative || LABEL_CUES.has(cue.verb) || /^(?:he|she|they|it|we|i)\s/iu.test(text.slice(at, end)) ? 2 : 3;
    if (wordCount(text.slice(at, end)) < least) return null;
    return { start: at, end, attribution };
  }

  /** "According to X, …" and "…, according to X." */
  private according(si: number, s: Sentence, cue: Cue, cues: readonly Cue[]): Found | null {
    const text = this.text;
    // When another cue in the sentence has its own speaker, X passed the words on: a relay, handled later.
    if (cues.some((c) => c !== cue && c.kind === 'verb' && subjectBefore(text, s.start, c.start) !== null)) return null;
    const stop = text.slice(cue.end, s.end).search(/,\s|[.!?]["”]?\s*$/u);
    const npEnd = stop < 0 ? s.end : cue.end + stop;
    // "according to exit polls", "according to a count by the AP": without a name, the phrase itself.
    const mention = lastMentionIn(text, cue.end, npEnd) ?? describedSourceIn(text, cue.end, npEnd);
    if (mention === null) return null;
    const speaker = this.speakers.resolve(mention, s, si);
    if (speaker === null) return null;
    const attribution: Attribution = { speaker, cue, confidence: confidenceOf(speaker, 0.8) };
    // "According to X, …", "In addition, according to X, …", "Nationally, according to X, …", "(According to X, …",
    // "… unnoticed: According to X, …": the words follow.
    if (/^(?:[^:;“”"]*[:;]\s*)?[\s—–(-]*(?:(?:but|and|yet|so|still|now|also)\s*,?\s*|(?:\p{L}+ly|however|meanwhile|moreover|overall|still|instead|separately|in addition|(?:in|on|at|for|by|after|before|during|since|among|across|under|over|with|without|as of)(?:\s+[\p{L}\p{N}’'-]+){1,4}),\s*)?$/iu.test(text.slice(s.start, cue.start))) {
      const at = skipSpace(text, npEnd, /[\s,]/u);
      const end = contentEnd(text, at, s.end);
      return end === null || wordCount(text.slice(at, end)) < 3 ? null : { start: at, end, attribution };
    }
    return this.contentBefore(s, cue.start, attribution);
  }

  private contentBefore(s: Sentence, before: number, attribution: Attribution): Found | null {
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
}

/** After "told": a person spoken to ("him", "Trump", "the senator"), where that object ends. */
function toldPersonEnd(text: string, from: number, to: number): number | null {
  const object = /^\s*(?:him|her|them|me|us)\b/iu.exec(text.slice(from, to));
  if (object !== null) return from + object[0].length;
  // A capitalised run ("Reuters", "Sen. Ada Pell"), not a description running on into the clause.
  const tokens = tokenize(text, from, to);
  let last = -1;
  while (/^\p{Lu}/u.test(tokens[last + 1]?.text ?? '')) last++;
  const found = last < 0 ? null : mentionEndingAtToken(text, tokens, last);
  return found === null || found.kind === 'pronoun' ? null : found.span.end;
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
  // A closing bracket is trimmed too when the content opened none: "(According to X, … .)".
  const unopened = !text.slice(from, end).includes('(');
  while (end > from && (/[\s.,;:!?"”’]/u.test(text[end - 1] ?? '') || (unopened && text[end - 1] === ')'))) end--;
  return end > from ? end : null;
}
