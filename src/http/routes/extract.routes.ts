import type { Repositories } from '../../repositories/ports.ts';
import { previewExtraction } from '../../services/extraction.service.ts';
import type { Services } from '../../services/services.ts';
import type { z } from 'zod';
import { defineEndpoint, reply, ResponseContractError, SerializedJson, type Endpoint } from '../endpoint.ts';
import { extractBody, extractionPreview } from '../schemas/extraction.ts';

export function extractEndpoints(repos: Repositories, services: Services): Endpoint[] {
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
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large', 'blank_text', 'overloaded', 'extraction_timeout'],
      handler: async ({ body }) => {
        const { quotesJson, ...rest } = await previewExtraction(repos, services.extractor, body);
        // The quotes (the bulk of a long text's answer) were checked and serialised on the extractor's thread.
        const checked = extractionPreview.omit({ quotes: true }).safeParse(rest);
        if (!checked.success) throw new ResponseContractError('extractQuotes', 200, checked.error);
        const head = JSON.stringify(checked.data);
        return reply(200, new SerializedJson<z.output<typeof extractionPreview>>(`${head.slice(0, -1)},"quotes":${quotesJson}}`));
      },
    }),
  ];
}
