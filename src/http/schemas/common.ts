import { z } from 'zod';
import { isCalendarDate, PARTIAL_DATE_PATTERN } from '../../domain/partial-date.ts';
import { hasLoneSurrogate, hasVisibleText } from '../../domain/text.ts';
import { OCCURRENCE_STATUSES, QUOTE_STATUSES } from '../../domain/status.ts';

/** Shared request and response schemas: the same objects validate, type and document the API. */
export const isoDate = z
  .string()
  .refine(isCalendarDate, 'must be a calendar date in the form YYYY-MM-DD')
  .meta({ format: 'date', example: '2025-05-06' });

export const partialDate = z
  .string()
  .regex(PARTIAL_DATE_PATTERN, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
  .meta({ example: '2015' });

/** Marks the issue of a blank text, which a body answers with 422 blank_text (see endpoint.ts). */
export const BLANK_TEXT = 'blank_text';

/** Text from users: bounded, valid Unicode (no lone surrogates), not blank (invisible characters count as blank). */
export const userText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasLoneSurrogate(s), 'must be valid Unicode text (it has an unpaired surrogate)')
    .refine(hasVisibleText, { message: 'must not be blank (only spaces or invisible characters)', params: { problem: BLANK_TEXT } });

/**
 * A whole number in decimal digits only: "0x10", "1e1", " 16" and "+3" are
 * refused, where Number() would read them.
 */
export const decimalInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const idParam = z.object({
  id: decimalInt(1, Number.MAX_SAFE_INTEGER).meta({ description: 'Numeric id' }),
});

export const refParam = z.object({
  idOrSlug: z.string().min(1).max(200).meta({ description: 'Numeric id or slug', example: 'lim-eul-chul' }),
});

export const quoteKind = z.enum(['direct', 'partial', 'indirect']).meta({
  description: 'direct: the words as said, in quotation marks; partial: a quoted fragment inside reported speech; indirect: reported speech',
});

export const span = z.object({
  text: z.string(),
  start: z.number().int().describe('UTF-16 offset (JavaScript string index), inclusive'),
  end: z.number().int().describe('UTF-16 offset, exclusive'),
});

export const speakerSummary = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    name: z.string(),
    kind: z.enum(['person', 'organization']),
    description: z.string().nullable(),
  })
  .meta({ id: 'SpeakerSummary' });

export const organizationSummary = z
  .object({ id: z.number().int(), slug: z.string(), name: z.string(), kind: z.string().nullable() })
  .meta({ id: 'Organization' });

export const affiliation = z
  .object({
    id: z.number().int(),
    organization: organizationSummary,
    role: z.string(),
    asStated: z.string().nullable().describe('The wording exactly as the source states it'),
    validFrom: z.string().nullable().describe('Partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD'),
    validTo: z.string().nullable(),
    sourceDocumentId: z.number().int().nullable(),
  })
  .meta({ id: 'Affiliation' });

export const documentSummary = z
  .object({
    id: z.number().int(),
    outlet: z.string().nullable(),
    title: z.string().nullable(),
    url: z.string().nullable(),
    publishedOn: z.string().nullable(),
    dateline: z.string().nullable(),
    language: z.string(),
    sha256: z.string(),
    addedAt: z.string(),
  })
  .meta({ id: 'DocumentSummary' });

export const relay = z
  .object({
    position: z.number().int().describe('1 = closest to the speaker'),
    name: z.string(),
    organization: organizationSummary.nullable(),
    mention: span.nullable(),
  })
  .meta({ id: 'Relay' });

export const quoteStatus = z.enum(QUOTE_STATUSES).meta({
  id: 'QuoteStatus',
  description:
    'active: on the record; needs_review: an extraction below the review threshold, not reviewed yet; corrected: on the record, corrected by an editor since; retracted: withdrawn by an editor; rejected: an extraction an editor refused (docs/editorial.md)',
});

export const statusNote = z
  .object({
    reason: z.string().describe("Why, in the editor's words"),
    changedAt: z.string().describe('When'),
    changedBy: z.string().describe('The key name of who decided ("seed" / "cli" outside the API)'),
  })
  .meta({ id: 'StatusNote', description: 'The last editorial decision on the status; null while it stands as stored' });

export const occurrence = z
  .object({
    id: z.number().int(),
    document: documentSummary,
    start: z.number().int(),
    end: z.number().int(),
    cue: span.nullable(),
    speakerMention: span.nullable(),
    relays: z.array(relay),
    confidence: z.number(),
    attributedBy: z.enum(['manual', 'seed', 'extractor']),
    extractorVersion: z.string().nullable(),
    status: z.enum(OCCURRENCE_STATUSES).describe('This evidence as an editor judged it: active, needs_review (an extraction below the review threshold), retracted, rejected'),
    statusNote: statusNote.nullable(),
  })
  .meta({ id: 'Occurrence' });

export const citation = z
  .object({
    url: z.string().describe('Where the source reports the quote; its text is not held here, so the words were not checked against it'),
    seenOn: z.string().nullable().describe('When the source saw it there (ISO-8601 prefix)'),
    confidence: z.number().describe("The source's probability that the speaker said it (0..1)"),
    source: z.string().describe('quotebank, or import (another whosaid)'),
    sourceQuoteId: z.string().nullable().describe("The source's own id of the quote"),
  })
  .describe('Cited at a URL, text not held: evidence of a lower kind than an occurrence (no document, no offsets)')
  .meta({ id: 'Citation' });

export const quoteRecord = z.object({
  id: z.number().int(),
  text: z.string(),
  kind: quoteKind,
  saidOn: z.string().nullable(),
  venue: z.string().nullable(),
  speaker: speakerSummary,
  about: speakerSummary.nullable().describe('Whom the words are about, when reported about someone (state media about Kim)'),
  status: quoteStatus,
  statusNote: statusNote.nullable(),
});

/** A word diff between two wordings, as verify and variant links show it. */
export const wordDiff = z.array(z.object({ op: z.enum(['equal', 'added', 'removed']), text: z.string() })).meta({ id: 'WordDiff' });
