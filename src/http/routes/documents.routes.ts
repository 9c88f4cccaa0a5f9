import { z } from 'zod';
import { notFound } from '../../domain/errors.ts';
import type { Repositories } from '../../repositories/ports.ts';
import { createDocument, getDocument } from '../../services/document.service.ts';
import { defineEndpoint, reply, type Endpoint } from '../endpoint.ts';
import { documentSummary, idParam, isoDate, userText } from '../schemas/common.ts';

/** Longest document text accepted, in characters (the body limit applies too). */
export const MAX_DOCUMENT_CHARS = 500_000;

const createDocumentBody = z
  .object({
    text: userText(MAX_DOCUMENT_CHARS).describe('The full source text; offsets of quotes refer to it'),
    outlet: z.string().min(1).max(200).optional(),
    title: z.string().min(1).max(1000).optional(),
    url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    publishedOn: isoDate.optional(),
    dateline: z.string().min(1).max(200).optional(),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or en-GB').default('en'),
  })
  .strict();

export function documentEndpoints(repos: Repositories): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/v1/documents',
      operationId: 'createDocument',
      summary: 'Store a source document',
      description: 'The same text (same sha256) is stored once: posting it again answers 409 with the existing id.',
      tags: ['documents'],
      body: createDocumentBody,
      responses: { 201: { description: 'Stored', schema: documentSummary, headers: { Location: 'URL of the stored document' } } },
      errors: ['validation_failed', 'malformed_json', 'unsupported_media_type', 'payload_too_large', 'document_exists'],
      handler: async ({ body }) => {
        const document = await createDocument(repos, body);
        return reply(201, document, { Location: `/v1/documents/${document.id}` });
      },
    }),
    defineEndpoint({
      method: 'get',
      path: '/v1/documents/{id}',
      operationId: 'getDocument',
      summary: 'A stored document with its full text',
      tags: ['documents'],
      params: idParam,
      responses: {
        200: { description: 'The document', schema: documentSummary.extend({ text: z.string() }).meta({ id: 'Document' }) },
      },
      errors: ['validation_failed', 'not_found'],
      handler: ({ params }) => {
        const document = getDocument(repos, params.id);
        if (document === null) throw notFound('document', params.id);
        return reply(200, document);
      },
    }),
  ];
}
