import { z } from 'zod';
import { DEFAULT_IMPORT_MAX_BYTES } from '../../config.ts';
import { ERROR_CODES, type ErrorCode } from '../../domain/errors.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../../domain/status.ts';
import { ndjsonLines } from '../../import/ndjson-input.ts';
import { IMPORT_FORMATS, importUpload } from '../../services/import-upload.service.ts';
import type { QuotebankSettings } from '../../services/quotebank-import.service.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import { defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { decodedBody } from '../ndjson-body.ts';

export interface ImportSettings {
  /** Bytes an upload may have, as sent and decoded (IMPORT_MAX_BYTES). */
  maxBytes: number;
  quotebank: QuotebankSettings;
}

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = {
  maxBytes: DEFAULT_IMPORT_MAX_BYTES,
  quotebank: { minSpeakerProbability: DEFAULT_REVIEW_THRESHOLD, reviewBelow: DEFAULT_REVIEW_THRESHOLD },
};

export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

/** Lines not imported that an answer lists (the rest are counted). */
export const MAX_LISTED_PROBLEMS = 100;

const codes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

const lineProblem = z
  .object({
    line: z.number().int().min(1).describe('The line of the body, from 1'),
    type: z.string().describe('/problems/{code}'),
    title: z.string(),
    status: z.number().int().describe('The status the same problem has as a request of its own'),
    code: z.enum(codes).describe('Stable machine-readable code'),
    detail: z.string(),
  })
  .describe('A line that was not imported, as a problem document (RFC 9457 members) with its line number');

const importSummary = z
  .object({
    format: z.enum(IMPORT_FORMATS),
    lines: z.number().int().min(0).describe('Lines read, blank ones included'),
    totals: z.record(z.string(), z.number().int()).describe('What the import did, by name: quotesCreated, quotesExisting, occurrencesCreated, citationsCreated, toReview, failedRecords … (docs/formats.md)'),
    problems: z.array(lineProblem).describe(`The first ${MAX_LISTED_PROBLEMS} lines not imported, in line order`),
    problemsNotListed: z.number().int().min(0).describe('Lines not imported beyond those listed'),
  })
  .meta({ id: 'ImportSummary' });

const importQuery = z.object({
  format: z.enum(IMPORT_FORMATS).describe('whosaid: the dump of GET /v1/export; quotebank: Quotebank NDJSON, quotes-by-quote or quotes-by-article (told apart line by line)'),
});

export function importEndpoints(repos: Repositories, settings: ImportSettings): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/v1/import',
      operationId: 'importNdjson',
      summary: 'Import an NDJSON upload: a whosaid dump or Quotebank',
      description: `The body is read as it arrives, never held whole, a batch of lines at a time, each batch written on its own: a line that cannot be imported is listed (line number, problem code, detail) and every other line is imported. Importing the same lines again changes nothing, so an upload cut short can be sent again whole. Up to IMPORT_MAX_BYTES (default ${DEFAULT_IMPORT_MAX_BYTES} bytes) as sent and decoded, not MAX_BODY_BYTES; Content-Encoding gzip, deflate or br. Quotebank's ambiguous attributions wait for review (GET /v1/review). Formats and totals: docs/formats.md.`,
      tags: ['quotes'],
      access: 'editor',
      query: importQuery,
      streamedBody: { mediaType: NDJSON_MEDIA_TYPE, description: 'One JSON object a line, in the format the `format` parameter names' },
      responses: {
        200: { description: 'The import ran to the end of the body; its totals and the lines not imported', schema: importSummary },
      },
      errors: ['validation_failed', 'unsupported_media_type', 'payload_too_large', 'invalid_content_encoding', ...WRITE_ERRORS],
      handler: async ({ query }, { req }) => {
        const lines = ndjsonLines(decodedBody(req, settings.maxBytes));
        return reply(200, await importUpload(repos, query.format, settings.quotebank, lines, MAX_LISTED_PROBLEMS));
      },
    }),
  ];
}
