import { z } from 'zod';
import type { Repositories } from '../../storage/ports/index.ts';
import { correctDocument, documentHistory } from '../../services/document.service.ts';
import type { Services } from '../../services/services.ts';
import { defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { documentSummary, idParam, isoDate } from '../schemas/common.ts';
import { languageTag } from '../schemas/extraction.ts';
import { reason, revision } from '../schemas/revision.ts';
import { historyEndpoint } from './history-endpoint.ts';
import { EDIT_BODY_ERRORS } from './edit-errors.ts';

const correctDocumentBody = z
  .object({
    reason,
    outlet: z.string().min(1).max(200).nullable().optional(),
    title: z.string().min(1).max(1000).nullable().optional(),
    url: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
    publishedOn: isoDate.nullable().optional(),
    dateline: z.string().min(1).max(200).nullable().optional(),
    language: languageTag.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'reason'), 'must change at least one field');

/** An editor's corrections of a document's metadata, with their history. */
export function documentEditEndpoints(repos: Repositories, services: Pick<Services, 'cursors'>): Endpoint[] {
  return [
    defineEndpoint({
      method: 'patch',
      path: '/v1/documents/{id}',
      operationId: 'correctDocument',
      summary: "Correct a document's outlet, title, URL, date, dateline or language",
      description:
        'The text cannot change: it is the evidence quotes point into. One revision, in the same transaction as the change; undo it with POST /v1/revisions/{id}/undo. ' +
        'The quotes found in the document are re-filed at once (the date they are filed under, the outlets and languages search finds them by).',
      tags: ['documents'],
      params: idParam,
      body: correctDocumentBody,
      responses: { 200: { description: 'The document as corrected, and the revision (null when nothing changed)', schema: z.object({ document: documentSummary, revision: revision.nullable() }) } },
      errors: [...EDIT_BODY_ERRORS, 'not_found', ...WRITE_ERRORS],
      handler: async ({ params, body }) => {
        const { reason: why, ...patch } = body;
        return reply(200, await correctDocument(repos, params.id, patch, why));
      },
    }),
    historyEndpoint({
      path: '/v1/documents/{id}/history',
      operationId: 'getDocumentHistory',
      summary: "A document's corrections, newest first",
      tag: 'documents',
      params: idParam,
      load: (params, query) => documentHistory(repos, services.cursors, params.id, query),
    }),
  ];
}
