import type { Repositories } from '../../storage/ports/index.ts';
import { DEFAULT_ACCEPT_REASON, review } from '../../services/correction.service.ts';
import { reviewQueue } from '../../services/review.service.ts';
import type { Services } from '../../services/services.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import { BODY_ERRORS, defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { decimalInt } from '../schemas/common.ts';
import { reviewPage, reviewQuery } from '../schemas/review.ts';
import { acceptBody, correctionBody, decision, reasonBody } from './quotes.schemas.ts';
import { z } from 'zod';

const occurrenceParam = z.object({ occurrenceId: decimalInt(1, Number.MAX_SAFE_INTEGER).meta({ description: 'The attribution (occurrence) waiting for review' }) });

const DECISION_ERRORS: ErrorCode[] = ['not_found', 'not_in_review', 'already_rejected', ...WRITE_ERRORS];

/** The review queue and its decisions (docs/editorial.md#review): editors only, each decision one request and one revision. */
export function reviewEndpoints(repos: Repositories, services: Pick<Services, 'cursors'>): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/v1/review',
      operationId: 'reviewQueue',
      summary: 'Attributions waiting for review, oldest first',
      description:
        'Extractions stored with a confidence below REVIEW_CONFIDENCE_THRESHOLD (needs_review): not shown as settled anywhere until an editor accepts them. Filters by speaker, document and confidence range; signed cursor pagination.',
      tags: ['review'],
      access: 'editor',
      query: reviewQuery,
      responses: { 200: { description: 'A page of the queue', schema: reviewPage } },
      errors: ['validation_failed', 'invalid_cursor'],
      handler: async ({ query }) => reply(200, await reviewQueue(repos, services.cursors, query)),
    }),
    defineEndpoint({
      method: 'post',
      path: '/v1/review/{occurrenceId}/accept',
      operationId: 'acceptAttribution',
      summary: 'Accept an attribution as it is',
      description: 'The attribution stands; its quote, when this attribution made it, becomes active. A reason is optional (default "Accepted in review.").',
      tags: ['review'],
      params: occurrenceParam,
      body: acceptBody,
      responses: { 200: { description: 'The decision', schema: decision } },
      errors: [...BODY_ERRORS, 'reason_required', ...DECISION_ERRORS],
      handler: async ({ params, body }) => reply(200, await review(repos, params.occurrenceId, 'accept', body.reason ?? DEFAULT_ACCEPT_REASON)),
    }),
    defineEndpoint({
      method: 'post',
      path: '/v1/review/{occurrenceId}/fix',
      operationId: 'fixAttribution',
      summary: 'Correct an attribution and accept it',
      description:
        'Any quote correction (speaker with its mention, kind, date said, venue, subject), then accepted: one transaction, one revision. The quote becomes corrected.',
      tags: ['review'],
      params: occurrenceParam,
      body: correctionBody,
      responses: { 200: { description: 'The decision', schema: decision } },
      errors: [...BODY_ERRORS, 'reason_required', 'unknown_reference', 'evidence_mismatch', 'speaker_not_in_document', 'speaker_has_same_words', ...DECISION_ERRORS],
      handler: async ({ params, body }) => {
        const { reason, ...fix } = body;
        return reply(200, await review(repos, params.occurrenceId, 'accept', reason, fix));
      },
    }),
    defineEndpoint({
      method: 'post',
      path: '/v1/review/{occurrenceId}/reject',
      operationId: 'rejectAttribution',
      summary: 'Reject an attribution',
      description:
        'The attribution is wrong: kept, hidden, and never filed again by a re-ingest (a tombstone). Its quote is rejected too when no other evidence of it stands. A reason is required.',
      tags: ['review'],
      params: occurrenceParam,
      body: reasonBody,
      responses: { 200: { description: 'The decision', schema: decision } },
      errors: [...BODY_ERRORS, 'reason_required', ...DECISION_ERRORS],
      handler: async ({ params, body }) => reply(200, await review(repos, params.occurrenceId, 'reject', body.reason)),
    }),
  ];
}
