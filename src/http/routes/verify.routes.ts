import { z } from 'zod';
import { toClaimReview, type Publisher } from '../../formats/claimreview.ts';
import type { Repositories } from '../../repositories/ports.ts';
import { verifyClaim } from '../../services/verify.service.ts';
import { FLAG_CODES, VERDICTS } from '../../verification/verdict.ts';
import { defineEndpoint, reply, replyAs, type Endpoint } from '../endpoint.ts';
import { negotiate } from '../negotiate.ts';
import { claimReviewSchema } from '../schemas/formats.ts';
import { affiliation, isoDate, quoteRecord, speakerSummary, userText } from '../schemas/common.ts';

/** Longest claim accepted: a few paragraphs. Quotes are sentences; longer text is an article, not a claim. */
export const MAX_CLAIM_CHARS = 2_000;

export const verifyBody = z
  .object({
    text: userText(MAX_CLAIM_CHARS).describe(`The claimed quote, at most ${MAX_CLAIM_CHARS} characters`),
    speaker: z.string().trim().min(1).max(200).optional().describe('Who supposedly said it: id, slug, name or alias'),
    date: isoDate.optional().describe('When it was supposedly said'),
    limit: z.number().int().min(1).max(20).default(5).describe('Most matches to return'),
  })
  .strict();

const flag = z.object({ code: z.enum(FLAG_CODES), message: z.string() }).meta({ id: 'VerifyFlag' });

const match = z
  .object({
    quote: quoteRecord,
    relation: z.enum(['exact', 'contained', 'near', 'distant']).describe('How the claim relates to this stored quote'),
    similarity: z.number().min(0).max(1),
    asOf: z.string().nullable().describe('Date of "at the time": said on, else first published'),
    affiliationAtTime: z.array(affiliation),
    diff: z
      .array(z.object({ op: z.enum(['equal', 'added', 'removed']), text: z.string() }))
      .nullable()
      .describe('Word diff from the stored wording to the claim; null when too different to diff in bounded time'),
    omitted: z.object({ before: z.string(), after: z.string() }).nullable().describe('Stored words the claim leaves out'),
    flags: z.array(flag),
    provenance: z.object({
      earliest: z
        .object({ documentId: z.number().int(), outlet: z.string().nullable(), title: z.string().nullable(), publishedOn: z.string().nullable() })
        .nullable(),
      firstAppearance: z.string().nullable(),
      documents: z.number().int(),
      relays: z.array(z.string()),
    }),
  })
  .meta({ id: 'VerifyMatch' });

const verifyResult = z
  .object({
    verdict: z.enum(VERDICTS),
    confidence: z.number().min(0).max(1),
    explanation: z.string(),
    claim: z.object({
      text: z.string(),
      normalized: z.string(),
      speaker: z.object({ query: z.string(), resolved: z.array(speakerSummary) }).nullable(),
      date: z.string().nullable(),
    }),
    flags: z.array(flag).describe('Flags of the match the verdict rests on'),
    matches: z.array(match).describe('Evidence, the match the verdict rests on first; empty for not_found'),
    tier: z.enum(['exact', 'lsh', 'fts', 'none']).describe('Which lookup found the evidence'),
  })
  .meta({ id: 'VerifyResult' });

const VERIFY_FORMATS = { json: 'application/json', claimreview: 'application/ld+json' } as const;

const verifyQuery = z.object({
  format: z
    .enum(['json', 'claimreview'])
    .optional()
    .describe('json (the default) or claimreview (schema.org ClaimReview JSON-LD); overrides Accept'),
});

export function verifyEndpoints(repos: Repositories, publisher: Publisher): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/v1/verify',
      operationId: 'verifyClaim',
      summary: 'Check a claimed quote against the record',
      description:
        'Verdicts: accurate, partial, altered, misattributed, paraphrase, not_found. Flags name meaning changes (negation, numbers, dates, names), truncations, speaker mismatches and date problems. Thresholds: docs/verify.md. The answer is also available as schema.org ClaimReview JSON-LD (docs/formats.md).',
      tags: ['verify'],
      // A read, although it is a POST (the claim can be long): readers may verify, and anyone when reads are public.
      access: 'reader',
      query: verifyQuery,
      body: verifyBody,
      responses: {
        200: {
          description: 'The verdict and its evidence; as a schema.org ClaimReview with Accept: application/ld+json or ?format=claimreview',
          schema: verifyResult,
          alternates: { [VERIFY_FORMATS.claimreview]: claimReviewSchema },
        },
      },
      errors: ['validation_failed', 'malformed_json', 'unsupported_media_type', 'payload_too_large', 'unknown_reference', 'not_acceptable'],
      handler: async ({ query, body }, { req, res }) => {
        const format = negotiate(req, res, query.format, VERIFY_FORMATS);
        const result = await verifyClaim(repos, body);
        return format === 'claimreview'
          ? replyAs(200, VERIFY_FORMATS.claimreview, toClaimReview(result, publisher, new Date()))
          : reply(200, result);
      },
    }),
  ];
}
