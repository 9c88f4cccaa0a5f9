import { z } from 'zod';
import { notFound } from '../../domain/errors.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import { createDocument, getDocument } from '../../services/document.service.ts';
import { ingestDocument } from '../../services/extraction.service.ts';
import type { Services } from '../../services/services.ts';
import { checkedInSlices, defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { documentSummary, idParam, isoDate, quoteKind, speakerSummary, userText } from '../schemas/common.ts';
import { ingestReport, languageTag } from '../schemas/extraction.ts';

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
    language: languageTag.default('en'),
    extract: z.boolean().default(false).describe('Also find the quotes in the text and store them, in the same transaction'),
  })
  .strict();

export function documentEndpoints(repos: Repositories, services: Services): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/v1/documents',
      operationId: 'createDocument',
      summary: 'Store a source document',
      description:
        'The same text (same sha256) is stored once: posting it again answers 409 with the existing id. ' +
        'With extract: true the quotes found in the text are stored too (speakers matched by name or alias, known ' +
        'quotes get a new occurrence), all in one transaction; the answer is an IngestReport, and re-posting the ' +
        'same text answers 200 with created: false and changes nothing.',
      tags: ['documents'],
      body: createDocumentBody,
      responses: {
        201: {
          description: 'Stored (a DocumentSummary, or an IngestReport with extract: true)',
          schema: z.union([ingestReport, documentSummary]),
          headers: { Location: 'URL of the stored document' },
        },
        200: {
          description: 'extract: true and this text was already stored: nothing changed',
          schema: ingestReport,
          headers: { Location: 'URL of the stored document' },
        },
      },
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large', 'blank_text', 'document_exists', ...WRITE_ERRORS, 'overloaded', 'extraction_timeout'],
      handler: async ({ body }) => {
        const { extract, ...input } = body;
        if (extract) {
          const report = await ingestDocument(repos, services.extractor, input);
          const location = { Location: `/v1/documents/${report.document.id}` };
          // An article can yield thousands of quotes: checked and serialised a slice per turn of the event loop.
          const status = report.created ? 201 : 200;
          const body = await checkedInSlices({ operationId: 'createDocument', status }, ingestReport, report, 'quotes');
          return status === 201 ? reply(201, body, location) : reply(200, body, location);
        }
        const document = await createDocument(repos, input);
        return reply(201, document, { Location: `/v1/documents/${document.id}` });
      },
    }),
    defineEndpoint({
      method: 'get',
      path: '/v1/documents/{id}',
      operationId: 'getDocument',
      summary: 'A stored document with its full text and the quotes recorded in it',
      tags: ['documents'],
      params: idParam,
      responses: {
        200: {
          description: 'The document',
          schema: documentView,
        },
      },
      errors: ['validation_failed', 'not_found'],
      handler: async ({ params }) => {
        const document = await getDocument(repos, params.id);
        if (document === null) throw notFound('document', params.id);
        // Up to 500,000 characters of text and thousands of quotes: checked and serialised a slice per turn.
        return reply(200, await checkedInSlices({ operationId: 'getDocument', status: 200 }, documentView, document, 'quotes', 500, 'text'));
      },
    }),
  ];
}

/** A stored document as the API shows it. */
const documentView = documentSummary
  .extend({
    label: z.string().describe('What to call it: outlet, else title, else dateline and date ("Report from SEOUL, 2025-05-08"), else "Document #id"'),
    text: z.string(),
    quotes: z
      .array(
        z.object({
          occurrenceId: z.number().int(),
          quoteId: z.number().int(),
          start: z.number().int().describe('UTF-16 offset into text'),
          end: z.number().int(),
          kind: quoteKind,
          speaker: speakerSummary,
        }),
      )
      .describe('The quotes recorded in the text, in text order'),
  })
  .meta({ id: 'Document' });
