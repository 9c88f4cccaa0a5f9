import type { Repositories } from '../../storage/ports/index.ts';
import { verifyClaim } from '../../services/verify.service.ts';
import { defineEndpoint, reply, type Endpoint } from '../endpoint.ts';
import { verifyBody, verifyResult } from './verify.schemas.ts';

export function verifyEndpoints(repos: Repositories): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/v1/verify',
      operationId: 'verifyClaim',
      summary: 'Check a claimed quote against the record',
      description:
        'Verdicts: accurate, partial, altered, misattributed, paraphrase, not_found. Differences are cosmetic (form only: accurate) or meaningful (negation, numbers, dates, names, subject, modality, tense, other words). Any speaker name is accepted: titles are removed, a surname matches when it is one person\'s, an ambiguous name is checked against everyone it may denote, an unknown one against everyone. Thresholds and rules: docs/verify.md.',
      tags: ['verify'],
      // A read, although it is a POST (the claim can be long): readers may verify, and anyone when reads are public.
      access: 'reader',
      body: verifyBody,
      responses: { 200: { description: 'The verdict and its evidence', schema: verifyResult } },
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large', 'blank_text'],
      handler: async ({ body }) => reply(200, await verifyClaim(repos, body)),
    }),
  ];
}
