/**
 * Rule-based quote extraction and attribution for English news text.
 * Pipeline: paragraphs → quotation spans → sentences → per sentence, direct
 * and partial quotes (DirectQuoteAttributor), then reported speech
 * (ReportedSpeechFinder) and relays; names resolve through SpeakerResolver.
 * A pure function of the text: all state lives in one call.
 */
import type { QuoteKind } from '../domain/models.ts';
import { type Attribution, confidenceOf, type Found, wordCount } from './attribution.ts';
import { calibratedConfidence, DEFAULT_REVIEW_THRESHOLD } from './confidence.ts';
import { findCues, type Cue } from './cue.patterns.ts';
import { DirectQuoteAttributor, type Introduction } from './direct-quote.attributor.ts';
import type { Entity } from './entity.registry.ts';
import type { ExtractedQuote, ExtractionResult } from './extraction.types.ts';
import { CUE_ADJUNCT, TOLD_AUDIENCES } from './extraction.lexicon.ts';
import { findQuoteSpans, splitParagraphs, type QuoteSpan } from './quote-span.finder.ts';
import { addRelays } from './relay.finder.ts';
import { ReportedSpeechFinder } from './reported-speech.finder.ts';
import { splitSentences, type Sentence } from './sentence.splitter.ts';
import { SpeakerRanker, type RankOptions } from './speaker.ranker.ts';
import { SpeakerResolver } from './speaker.resolver.ts';
import { findTranscriptLines, type TranscriptLine } from './transcript.finder.ts';

export const EXTRACTOR_VERSION = 'whosaid-rules/2.7';

class DocumentExtractor {
  private readonly resolver: SpeakerResolver;
  private readonly direct: DirectQuoteAttributor;
  private readonly reported: ReportedSpeechFinder;
  private readonly quotes: ExtractedQuote[] = [];
  private readonly spoke = new Set<Entity>();
  /** A speaker introduced by "X said:" at the end of the previous sentence, waiting for its quotation. */
  private introduction: Introduction | null = null;
  /** Transcript lines ("TAPPER: …") by paragraph. */
  private readonly transcript: ReadonlyMap<number, TranscriptLine>;

  constructor(
    private readonly text: string,
    private readonly sentences: readonly Sentence[],
    private readonly spans: readonly QuoteSpan[],
    transcript: readonly TranscriptLine[],
    rank: RankOptions,
  ) {
    this.transcript = new Map(transcript.map((line) => [line.paragraph, line]));
    this.resolver = new SpeakerResolver(text, sentences);
    this.direct = new DirectQuoteAttributor(text, this.resolver, new SpeakerRanker(text, sentences, this.resolver, rank));
    this.reported = new ReportedSpeechFinder(text, this.resolver);
  }

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
    this.resolver.observeSentence(si, s, skip);
    const cues = findCues(text, s.start, s.end, skip);
    const used = new Set<Cue>();
    let main: Attribution | null = null;
    const accepted: QuoteSpan[] = [];
    const attributions: { attribution: Attribution; start: number; end: number }[] = [];

    // A transcript line: the labelled speaker's words, in quotation marks (direct) or not (indirect); its cues are theirs.
    const line = this.transcript.get(s.paragraph);
    if (line !== undefined) {
      const quoted = spans.find((sp) => sp.start === line.label.start);
      if (s.start <= line.label.start) {
        const speaker = this.resolver.resolve({ span: line.label, name: line.name, kind: 'person', common: false, gender: null, affiliation: null }, s, si);
        if (speaker !== null) {
          const attribution: Attribution = { speaker, cue: null, confidence: 0.9 };
          if (quoted !== undefined) this.emit(line.contentStart, quoted.end, 'direct', attribution, s, si);
          else this.emit(line.contentStart, trimEnd(text, line.contentStart, line.contentEnd), 'indirect', attribution, s, si);
        }
      }
      for (const sp of spans) {
        if (sp === quoted || sp.continuation) continue;
        const result = this.direct.attribute(si, s, sp, cues, sp.open, null, null);
        if (result !== null) this.emit(sp.start, sp.end, result.kind, result.attribution, s, si);
      }
      this.introduction = null;
      return;
    }

    let regionStart = s.start;
    for (const sp of spans) {
      const result = this.direct.attribute(si, s, sp, cues, regionStart, main, this.introduction);
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
      if (used.has(cue) || cue.quotationOnly === true) continue;
      const reported = this.reported.find(si, s, cue, cues, spans, main);
      if (reported === null) continue;
      const found = cutBeforeQuotation(text, reported, accepted);
      if (found === null || accepted.some((sp) => found.start < (sp.close ?? sp.end) + 1 && found.end > sp.open)) continue;
      used.add(cue);
      main ??= found.attribution;
      this.emit(found.start, found.end, 'indirect', found.attribution, s, si);
      attributions.push({ attribution: found.attribution, start: found.start, end: found.end });
    }
    addRelays(text, s, cues, attributions.length === 0 ? [] : this.quotes.slice(-attributions.length));
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
    const speaker = this.resolver.subject(si, s, s.start, cue);
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
    this.resolver.spoke(speaker, s, si);
  }
}

/**
 * Quotations and reported speech in `text`, scored by the rules (and the speaker model) that found
 * them, not calibrated. `rank` swaps the speaker model or watches it (training).
 */
export function extractWithRuleScores(text: string, rank: RankOptions = {}): ExtractionResult {
  // Read with party-and-state labels blanked (same length, so every offset holds); report the original words.
  // Doubled marks (''…'' and ``…'') are read as straight double quotes: "''Yes,'' she said" → " "Yes," " she said".
  const read = text.replace(PARTY_LABEL, (label) => ' '.repeat(label.length)).replace(DOUBLED_MARK, (mark, offset: number, whole: string) => {
    const next = whole[offset + mark.length] ?? ' ';
    return mark === '``' || (/\S/u.test(next) && /^(?:|[\s([{—–-])$/u.test(whole[offset - 1] ?? '')) ? ' "' : '" ';
  });
  const paragraphs = splitParagraphs(read);
  const spans = findQuoteSpans(read, paragraphs);
  const sentences = splitSentences(read, paragraphs, spans);
  const extractor = new DocumentExtractor(read, sentences, spans, findTranscriptLines(read, paragraphs), rank);
  const quotes = read === text ? extractor.run() : extractor.run().map((q) => ({ ...q, text: text.slice(q.start, q.end) }));
  return { extractorVersion: EXTRACTOR_VERSION, quotes, speakers: extractor.speakers() };
}

/** ", and added, “…”" / ": “…”" before a quotation that is introduced on its own. */
const QUOTE_INTRODUCTION = /\s*,?\s*(?:(?:and|but)\s+)?(?:(?:then|also|later)\s+)?(?:added|adds|said|says|continued|went on)?\s*[,:]\s*$/u;

/**
 * "Lazar said he welcomed extradition and added, “I'll plead guilty.”": reported speech runs up to a
 * quotation introduced on its own; a quotation inside the clause ("said the plan was “flawed”") is left whole.
 */
function cutBeforeQuotation(text: string, found: Found, accepted: readonly QuoteSpan[]): Found | null {
  const sp = accepted.find((q) => found.start < (q.close ?? q.end) + 1 && found.end > q.open);
  if (sp === undefined) return found;
  if (sp.open <= found.start) return null;
  const intro = QUOTE_INTRODUCTION.exec(text.slice(found.start, sp.open));
  if (intro === null) return null;
  const end = trimEnd(text, found.start, found.start + intro.index);
  return wordCount(text.slice(found.start, end)) < 3 ? null : { ...found, end };
}

/** End of `text[from, to)` without trailing blanks. */
function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/u.test(text[end - 1] ?? '')) end--;
  return end;
}

/** Two apostrophes or two backticks typed for a double quotation mark (archives, some wire copy). */
const DOUBLED_MARK = /''|``/gu;

/** "Sen. Chuck Schumer (D-N.Y.) said": the label sits between the name and its cue. */
const PARTY_LABEL = /\((?:D|R|I|Dem|Rep|Ind)(?:[-–]\s?[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)?\)/gu;

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
