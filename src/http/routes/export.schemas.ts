import { z } from 'zod';
import { searchQuery } from './quotes.schemas.ts';

/**
 * The search's filters, without paging or order (an export is every match, newest recorded first), plus
 * the file's format: for the route (export.routes.ts) and for `whosaid export`, which takes the same filters.
 */
export const exportQuery = searchQuery.omit({ cursor: true, facets: true, limit: true, sort: true }).extend({
  format: z.enum(['csv', 'ndjson']).default('csv').describe('csv (RFC 4180, CRLF) or ndjson (one JSON object a line)'),
  bom: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Start a CSV with a UTF-8 byte order mark, so spreadsheets read it as UTF-8'),
});
