import { z } from 'zod';
import type { Publisher } from '../../formats/publisher.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import { ARCHIVE_PAGE, startDump } from '../../services/archive.service.ts';
import { EXPORT_PAGE, startExport } from '../../services/export.service.ts';
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
      description: `The same query and filters as GET /v1/quotes, every match (not one page, no cap), newest recorded first, as of the moment the export starts; streamed ${EXPORT_PAGE} rows at a time with constant memory. CSV cells that a spreadsheet would run as formulas start with an apostrophe. Columns: docs/formats.md.`,
      tags: ['quotes'],
      query: exportQuery,
      responses: {
        200: {
          description: 'The matches, newest recorded first',
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
    defineEndpoint({
      method: 'get',
      path: '/v1/export',
      operationId: 'exportDatabase',
      summary: 'The whole database as an NDJSON dump, for another whosaid to import',
      description: `Every document (with its text), speaker (aliases, external IDs, affiliations) and quote (occurrences with offsets, relays, citations), one record a line, referring to each other by content (documents by sha256, speakers by slug), streamed ${ARCHIVE_PAGE} items at a time with constant memory. \`whosaid import ndjson FILE\` reads it into another database. Format: docs/formats.md.`,
      tags: ['quotes'],
      responses: {
        200: {
          description: 'A header line, then documents, speakers, quotes',
          schema: z.string().describe('One JSON record a line'),
          mediaType: MEDIA.ndjson,
          headers: { 'Content-Disposition': 'attachment; filename="whosaid-dump.ndjson"' },
          streamed: true,
        },
      },
      errors: [],
      handler: async () => {
        const { chunks } = startDump(repos, publisher);
        return reply(200, new TextStream(chunks), { 'Content-Disposition': 'attachment; filename="whosaid-dump.ndjson"' });
      },
    }),
  ];
}
