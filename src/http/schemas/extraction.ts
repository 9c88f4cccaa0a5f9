import { z } from 'zod';
import { documentSummary, isoDate, quoteKind, span, userText } from './common.ts';

/** Longest text the extractor accepts in one request, in characters (the body limit applies too). */
export const MAX_EXTRACT_CHARS = 500_000;

export const languageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or en-GB');

export const extractBody = z
  .object({
    text: userText(MAX_EXTRACT_CHARS).describe('The article text; all offsets in the answer refer to it'),
    publishedOn: isoDate.optional(),
    language: languageTag.default('en').describe('The rules are for English; other languages get a warning'),
  })
  .strict();

export const extractedQuote = z
  .object({
    text: z.string(),
    start: z.number().int().describe('UTF-16 offset of the quote content (quotation marks excluded)'),
    end: z.number().int(),
    kind: quoteKind,
    speaker: z.object({
      name: z.string().describe('Resolved full name ("Lim Eul-chul" for the mention "Lim")'),
      kind: z.enum(['person', 'organization']),
      mention: span.nullable().describe('The mention the attribution rests on (for words carried over from an earlier attribution, the mention that introduced them); null when nothing names the speaker'),
    }),
    cue: span.nullable(),
    relays: z.array(z.object({ name: z.string(), mention: span })).describe('Outlets that passed the words on ("according to TASS")'),
    confidence: z.number().min(0).max(1).describe('Probability that the words and the speaker are right, calibrated on annotated news'),
    needsReview: z.boolean().describe('Confidence below the review threshold: confirm the speaker before relying on it'),
  })
  .meta({ id: 'ExtractedQuote' });

const knownSpeaker = z.object({ id: z.number().int(), slug: z.string(), name: z.string() });

export const extractionPreview = z
  .object({
    extractorVersion: z.string(),
    language: z.string(),
    publishedOn: z.string().nullable(),
    warnings: z.array(z.string()),
    quotes: z.array(extractedQuote),
    speakers: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['person', 'organization']),
        generic: z.boolean().describe('Unnamed ("officials", "a spokesperson"): shown here, but its quotes are not stored'),
        aliases: z.array(z.string()),
        affiliations: z.array(z.object({ role: z.string(), organization: z.string(), asStated: z.string() })),
        existing: knownSpeaker.nullable().describe('The stored speaker this one would be matched to (name or alias)'),
      }),
    ),
  })
  .meta({ id: 'ExtractionPreview' });

export const ingestReport = z
  .object({
    document: documentSummary,
    created: z.boolean().describe('false: this exact text (same sha256) was already stored; nothing changed'),
    extractorVersion: z.string(),
    quotes: z.array(
      z.object({
        quoteId: z.number().int(),
        occurrenceId: z.number().int(),
        quoteCreated: z.boolean().describe('false: a known quote got a new occurrence'),
        nearDuplicateOf: z
          .number()
          .int()
          .nullable()
          .describe('Set when the words nearly repeat a stored quote of the speaker: they are stored as a quote of their own, a variant of that one (the root of its variants)'),
        text: z.string(),
        start: z.number().int(),
        end: z.number().int(),
        kind: quoteKind,
        speaker: knownSpeaker,
        confidence: z.number(),
        needsReview: z.boolean().describe('Stored, but the speaker should be confirmed before it is relied on (confidence below the review threshold)'),
      }),
    ),
    counts: z.object({
      quotes: z.number().int().describe('Quotes found in the text, stored or not'),
      quotesCreated: z.number().int(),
      occurrencesCreated: z.number().int(),
      speakersCreated: z.number().int(),
      speakersMatched: z.number().int(),
      unnamedSpeaker: z.number().int().describe('Quotes found but not stored because their speaker is unnamed'),
    }),
  })
  .meta({ id: 'IngestReport' });
