import { z } from 'zod';
import { decimalInt, documentSummary, quoteRecord, span } from './common.ts';

/** Request and response schemas of the review queue (docs/editorial.md#review). */

const confidence = z
  .string()
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'must be a number from 0 to 1')
  .transform(Number);

export const reviewQuery = z.object({
  speaker: z.string().min(1).max(200).optional().describe('Only attributions to this speaker (id, slug, name or alias)'),
  document: decimalInt(1, Number.MAX_SAFE_INTEGER).optional().describe('Only attributions in this document (id)'),
  minConfidence: confidence.optional().describe('Only attributions at least this certain (0–1)'),
  maxConfidence: confidence.optional().describe('Only attributions at most this certain (0–1)'),
  limit: decimalInt(1, 100).default(20),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
});

export const reviewItem = z
  .object({
    occurrenceId: z.number().int().describe('What the review routes take: POST /v1/review/{occurrenceId}/accept|fix|reject'),
    quote: quoteRecord.describe('The quote as it stands (needs_review when this attribution created it)'),
    document: documentSummary,
    start: z.number().int(),
    end: z.number().int(),
    speakerMention: span.nullable(),
    confidence: z.number().describe('The extractor\'s calibrated confidence: below REVIEW_CONFIDENCE_THRESHOLD'),
    attributedBy: z.enum(['manual', 'seed', 'extractor']),
    extractorVersion: z.string().nullable(),
    storedAt: z.string(),
  })
  .meta({ id: 'ReviewItem' });

export const reviewPage = z
  .object({
    queue: z.array(reviewItem).describe('Oldest first'),
    nextCursor: z.string().nullable().describe('Signed cursor of the next page; null on the last page'),
  })
  .meta({ id: 'ReviewQueue' });
