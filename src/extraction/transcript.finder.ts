/**
 * Interview transcripts inside an article: paragraphs that open with the speaker's name in
 * capitals and a colon ("TAPPER: Do you think …", "“PENCE: Well, look, …"). The name is the
 * speaker of the rest of the paragraph.
 */
import type { Paragraph } from './quote-span.finder.ts';

export interface TranscriptLine {
  paragraph: number;
  /** The label as written ("JAKE TAPPER"), without the colon. */
  label: { text: string; start: number; end: number };
  /** The name to resolve ("Jake Tapper"). */
  name: string;
  /** Where the spoken words start, after the colon and blanks. */
  contentStart: number;
  contentEnd: number;
}

/** One to three capitalised words, then a colon: the label of a transcript line (after an optional opening mark). */
const LABEL = /^([“"‘]?)(\p{Lu}[\p{Lu}.’'-]+(?: \p{Lu}[\p{Lu}.’'-]+){0,2}):\s+(?=\S)/u;

/** Capitalised labels that head news copy, not a speaker's line. */
const NOT_SPEAKERS = new Set([
  'VIDEO', 'WATCH', 'UPDATE', 'UPDATED', 'EXCLUSIVE', 'BREAKING', 'BYLINE', 'EMAIL', 'BOOM', 'LOOK', 'BUSTED', 'PHOTOS',
  'PHOTO', 'READ', 'NOTE', 'EDITOR’S NOTE', "EDITOR'S NOTE", 'CORRECTION', 'SOURCE', 'SOURCES', 'CREDIT', 'FULL TEXT',
  'ABSTRACT', 'TRANSCRIPT', 'AUDIO', 'LISTEN', 'RELATED', 'ANALYSIS', 'OPINION', 'POLL', 'REPORT', 'STAT OF THE WEEK',
  'DATELINE', 'SECTION', 'LENGTH', 'LANGUAGE', 'GRAPHIC', 'HEADLINE', 'LOAD-DATE', 'PUBLICATION-TYPE', 'AP', 'UN', 'US',
  'Q', 'A', 'FACT CHECK', 'WARNING', 'ALERT', 'MORE', 'ALSO', 'PLUS', 'WHY', 'WHAT', 'HOW', 'WHO', 'WHEN', 'WHERE',
]);

const titleCase = (label: string): string =>
  label.toLowerCase().replace(/(^|[\s'’.-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());

/**
 * Labelled lines, when the article reads as a transcript: at least two such paragraphs and at
 * least two different labels (a lone "EXCLUSIVE: …" or a run of "UPDATE:" lines is no interview).
 */
export function findTranscriptLines(text: string, paragraphs: readonly Paragraph[]): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  // "JAKE TAPPER: …" then "TAPPER: …": the short label is the person named in full before.
  const fullByLastWord = new Map<string, string>();
  for (const p of paragraphs) {
    const m = LABEL.exec(text.slice(p.start, Math.min(p.end, p.start + 60)));
    const label = m?.[2];
    if (m === null || label === undefined || NOT_SPEAKERS.has(label) || label.replace(/[^\p{L}]/gu, '').length < 2) continue;
    const start = p.start + (m[1]?.length ?? 0);
    const lastWord = label.split(' ').pop() ?? label;
    if (label.includes(' ')) fullByLastWord.set(lastWord, titleCase(label));
    lines.push({
      paragraph: p.index,
      label: { text: label, start, end: start + label.length },
      name: label.includes(' ') ? titleCase(label) : (fullByLastWord.get(label) ?? titleCase(label)),
      contentStart: p.start + m[0].length,
      contentEnd: p.end,
    });
  }
  const labels = new Set(lines.map((l) => l.label.text.split(' ').pop()));
  return lines.length >= 2 && labels.size >= 2 ? lines : [];
}
