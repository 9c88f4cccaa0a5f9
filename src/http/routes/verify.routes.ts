import { z } from 'zod';
import { toClaimReview, type Publisher } from '../../formats/claimreview.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import { verifyClaim } from '../../services/verify.service.ts';
import { defineEndpoint, reply, replyAs, type Endpoint } from '../endpoint.ts';
import { negotiate } from '../negotiate.ts';
import { claimReviewSchema } from '../schemas/formats.ts';
import { verifyBody, verifyResult } from './verify.schemas.ts';

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
        'Verdicts: accurate, partial, altered, misattributed, paraphrase, not_found. Differences are cosmetic (form only: accurate) or meaningful (negation, numbers, dates, names, subject, modality, tense, other words). Any speaker name is accepted: titles are removed, a surname matches when it is one person\'s, an ambiguous name is checked against everyone it may denote, an unknown one against everyone. Thresholds and rules: docs/verify.md. The answer is also available as schema.org ClaimReview JSON-LD (docs/formats.md).',
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
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large', 'blank_text', 'not_acceptable'],
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
