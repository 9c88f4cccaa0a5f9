/**
 * What the parts of the extractor hand each other: a resolved speaker, an attribution
 * (speaker, cue and the rules' score) and small text helpers.
 */
import type { SpeakerKind } from '../domain/models.ts';
import type { Cue } from './cue.patterns.ts';
import type { Entity } from './entity.registry.ts';
import type { TextSpan } from './extraction.types.ts';

export interface Speaker {
  entity: Entity | null;
  name: string;
  kind: SpeakerKind;
  mention: TextSpan | null;
}

export interface Attribution {
  speaker: Speaker;
  cue: Cue | null;
  confidence: number;
}

/** Words of the text attributed to a speaker: a stretch of reported speech. */
export interface Found {
  start: number;
  end: number;
  attribution: Attribution;
}

export function span(text: string, start: number, end: number): TextSpan {
  return { text: text.slice(start, end), start, end };
}

export function skipSpace(text: string, i: number, chars = /[\s,]/u): number {
  let j = i;
  while (j < text.length && chars.test(text[j] ?? '')) j++;
  return j;
}

export function wordCount(s: string): number {
  return s.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** The rules' score for a speaker: less when the words only point back to them ("he", or nothing). */
export function confidenceOf(speaker: Speaker, base: number): number {
  if (speaker.mention === null) return base - 0.1;
  if (/^(?:he|she|they|it)$/iu.test(speaker.mention.text)) return base - 0.07;
  return base;
}
