import { z } from 'zod';
import type { Publisher } from '../../formats/publisher.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import { EXPORT_LIMIT, EXPORT_PAGE, startExport } from '../../services/export.service.ts';
import type { Services } from '../../services/services.ts';
import { defineEndpoint, reply, replyAs, TextStream, type Endpoint } from '../endpoint.ts';
import { exportQuery } from './export.schemas.ts';

const MEDIA = { csv: 'text/csv', ndjson: 'application/x-ndjson' } as const;

export function exportEndpoints(repos: Repositories, services: Pick<Services, 'cursors'>, publisher: Publisher): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/v1/quotes/export',
      operationId: 'exportQuotes',
      summary: 'Export every quote a search finds, as CSV or NDJSON',
      description: `The same query and filters as GET /v1/quotes, every match (not one page) up to the first ${EXPORT_LIMIT} (the deepest paging reaches; narrow the filters, e.g. by dates, for more), streamed ${EXPORT_PAGE} rows at a time. CSV cells that a spreadsheet would run as formulas start with an apostrophe. Columns: docs/formats.md.`,
      tags: ['quotes'],
      query: exportQuery,
      responses: {
        200: {
          description: 'The matches, in search order',
          schema: z.string().describe('CSV with a header row'),
          mediaType: MEDIA.csv,
          alternates: { [MEDIA.ndjson]: z.string().describe('One JSON object a line') },
          headers: { 'Content-Disposition': 'attachment; filename="whosaid-quotes.csv" (or .ndjson)' },
          streamed: true,
        },
      },
      errors: ['validation_failed', 'invalid_search_query'],
      handler: async ({ query }) => {
        const { format, bom, ...filters } = query;
        const { chunks } = await startExport({ ...repos, cursors: services.cursors }, filters, { format, bom, publisher });
        const headers = { 'Content-Disposition': `attachment; filename="whosaid-quotes.${format}"` };
        return format === 'csv'
          ? reply(200, new TextStream(chunks), headers)
          : replyAs(200, MEDIA.ndjson, new TextStream(chunks), headers);
      },
    }),
  ];
}
