import { csvHeader, csvRow, exportRow, ndjsonRow } from '../formats/export.ts';
import type { Publisher } from '../formats/publisher.ts';
import { searchQuotes, type SearchRequest, type SearchResult } from './search.service.ts';

type Repos = Parameters<typeof searchQuotes>[0];

/** Rows per search page while exporting: what one page costs the database, and all an export ever holds. */
export const EXPORT_PAGE = 100;

/** An export reaches as deep as paging does: the search's result window. */
export { MAX_RESULT_WINDOW as EXPORT_LIMIT } from './search.service.ts';

export interface ExportOptions {
  format: 'csv' | 'ndjson';
  /** Start a CSV with a UTF-8 byte order mark. */
  bom: boolean;
  publisher: Publisher;
}

export interface Export {
  /** Upper bound of the rows from index statistics (null without a text query): for progress, never a promise. */
  estimatedMatches: number | null;
  /** The file, a page of rows at a time; pulling it runs the next search page. */
  chunks: AsyncGenerator<string>;
  /** Rows produced so far. */
  rows(): number;
}

/**
 * Every match of a search, as CSV or NDJSON, page by page through the search's own cursor (on the snapshot
 * of its first page). The first page runs now, so a bad query fails before anything is written.
 */
export async function startExport(repos: Repos, filters: Omit<SearchRequest, 'limit' | 'cursor'>, options: ExportOptions): Promise<Export> {
  const request: SearchRequest = { ...filters, limit: EXPORT_PAGE };
  const first = await searchQuotes(repos, request);
  let rows = 0;
  async function* chunks(): AsyncGenerator<string> {
    if (options.format === 'csv') yield `${options.bom ? '\uFEFF' : ''}${csvHeader()}`;
    let page: SearchResult = first;
    for (;;) {
      rows += page.items.length;
      yield page.items.map((hit) => (options.format === 'csv' ? csvRow : ndjsonRow)(exportRow(hit, options.publisher))).join('');
      if (page.nextCursor === null) return;
      // Between pages the event loop serves other requests: a long export never starves them.
      await new Promise((resolve) => setImmediate(resolve));
      page = await searchQuotes(repos, { ...request, cursor: page.nextCursor });
    }
  }
  return { estimatedMatches: first.estimate?.count ?? null, chunks: chunks(), rows: () => rows };
}
