/**
 * Scores extractor output against hand-made annotations: quote detection
 * (exact content span) precision/recall/F1 per group, and speaker accuracy
 * over the spans found. Optional gold items neither reward nor penalise.
 */
import { foldName } from '../../src/domain/text.ts';
import type { ExtractedQuote } from '../../src/extraction/extraction.types.ts';

export interface GoldItem {
  kind: 'direct' | 'partial' | 'indirect';
  start: number;
  end: number;
  speaker: string;
  alsoSpokenBy?: string[];
  optional?: boolean;
}

export interface GroupScore {
  gold: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Of the spans found, the share whose speaker is right. */
  speakerAccuracy: number;
  /** Of the spans found, the share whose kind is right (direct vs partial within the quoted group). */
  kindAccuracy: number;
}

export const sameSpeaker = (a: string, b: string): boolean => foldName(a).replace(/^the /u, '') === foldName(b).replace(/^the /u, '');

function group(kind: string): 'quoted' | 'indirect' {
  return kind === 'indirect' ? 'indirect' : 'quoted';
}

export function score(gold: readonly GoldItem[], predicted: readonly ExtractedQuote[], which: 'quoted' | 'indirect'): GroupScore {
  const g = gold.filter((x) => group(x.kind) === which);
  const p = predicted.filter((x) => group(x.kind) === which);
  let tp = 0;
  let speakersRight = 0;
  let kindsRight = 0;
  let fp = 0;
  for (const q of p) {
    const match = g.find((x) => x.start === q.start && x.end === q.end);
    if (match === undefined) {
      fp++;
      continue;
    }
    if (match.optional) continue;
    tp++;
    if (match.kind === q.kind) kindsRight++;
    if ([match.speaker, ...(match.alsoSpokenBy ?? [])].some((s) => sameSpeaker(s, q.speaker.name))) speakersRight++;
  }
  const required = g.filter((x) => !x.optional).length;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = required === 0 ? 1 : tp / required;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { gold: required, predicted: p.length, truePositives: tp, precision, recall, f1, speakerAccuracy: tp === 0 ? 1 : speakersRight / tp, kindAccuracy: tp === 0 ? 1 : kindsRight / tp };
}

export function formatScore(name: string, s: GroupScore): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return `${name.padEnd(16)} gold ${String(s.gold).padStart(3)}  predicted ${String(s.predicted).padStart(3)}  P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}  speaker ${pct(s.speakerAccuracy)}  kind ${pct(s.kindAccuracy)}`;
}
