import { z } from 'zod';
import type { ExtractedSpeaker, ExtractionResult } from '../extraction/extraction.types.ts';
import { extractedQuote } from '../http/schemas/extraction.ts';

/** An extraction whose quotes are already checked against the API's schema and serialised (the bulk of a large answer). */
export interface SerializedExtraction {
  extractorVersion: string;
  speakers: ExtractedSpeaker[];
  /** JSON array of ExtractedQuote, checked against its response schema. */
  quotesJson: string;
}

const quoteList = z.array(extractedQuote);

export function serializeExtraction(result: ExtractionResult): SerializedExtraction {
  const checked = quoteList.safeParse(result.quotes);
  if (!checked.success) throw new Error(`extracted quotes break the ExtractedQuote schema: ${checked.error.message}`);
  return { extractorVersion: result.extractorVersion, speakers: result.speakers, quotesJson: JSON.stringify(checked.data) };
}
