import type { Repositories } from '../../storage/ports/index.ts';
import { previewExtraction } from '../../services/extraction.service.ts';
import { defineEndpoint, reply, type Endpoint } from '../endpoint.ts';
import { extractBody, extractionPreview } from '../schemas/extraction.ts';

export function extractEndpoints(repos: Repositories): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/v1/extract',
      operationId: 'extractQuotes',
      summary: 'Find quotes and their speakers in a text (dry run)',
      description:
        'Runs the extractor and matches speakers against stored ones; writes nothing. ' +
        'Store the text with POST /v1/documents and extract: true.',
      tags: ['extraction'],
      // A dry run writes nothing: anyone who may read may ask.
      access: 'reader',
      body: extractBody,
      responses: { 200: { description: 'What would be stored', schema: extractionPreview } },
      errors: ['validation_failed', 'malformed_json', 'unsupported_media_type', 'payload_too_large'],
      handler: async ({ body }) => reply(200, await previewExtraction(repos, body)),
    }),
  ];
}
