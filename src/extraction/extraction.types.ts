import type { QuoteKind, SpeakerKind } from '../domain/models.ts';

/** A stretch of the input text; offsets are UTF-16 indices (JavaScript string indices). */
export interface TextSpan {
  text: string;
  start: number;
  end: number;
}

export interface ExtractedAffiliation {
  role: string;
  organization: string;
  /** The words of the article it was read from ("a professor at …"). */
  asStated: string;
}

export interface ExtractedSpeakerRef {
  /** Resolved full name ("Lim Eul-chul" for the mention "Lim"). */
  name: string;
  kind: SpeakerKind;
  /** The mention this attribution used; null when the speaker was carried over from earlier text. */
  mention: TextSpan | null;
}

export interface ExtractedQuote {
  text: string;
  start: number;
  end: number;
  kind: QuoteKind;
  speaker: ExtractedSpeakerRef;
  cue: TextSpan | null;
  /** Outlets that passed the words on ("according to TASS"), nearest first. */
  relays: { name: string; mention: TextSpan }[];
  /** 0–1: the probability that the words and the speaker are right, calibrated on annotated news. */
  confidence: number;
  /** Confidence below the review threshold: a person should confirm the speaker before it is relied on. */
  needsReview: boolean;
}

export interface ExtractedSpeaker {
  name: string;
  kind: SpeakerKind;
  /** An unnamed speaker ("officials", "a spokesperson", "the company"): not an identity to store. */
  generic: boolean;
  /** Other forms used in the text ("Lim" for "Lim Eul-chul"). */
  aliases: string[];
  affiliations: ExtractedAffiliation[];
}

export interface ExtractionResult {
  extractorVersion: string;
  quotes: ExtractedQuote[];
  /** Every speaker of a quote, once, with what the text says about them. */
  speakers: ExtractedSpeaker[];
}
