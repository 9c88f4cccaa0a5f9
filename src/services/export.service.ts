import { csvHeader, csvRow, exportRow, ndjsonRow } from '../formats/export.ts';
import type { Publisher } from '../formats/publisher.ts';
import { searchScopeOf, type SearchRequest } from './search.service.ts';

type Repos = Parameters<typeof searchScopeOf>[0];

/** Rows per database read while exporting: what one read costs the database, and all an export ever holds. */
export const EXPORT_PAGE = 100;

export interface ExportOptions {
  format: 'csv' | 'ndjson';
  /** Start a CSV with a UTF-8 byte order mark. */
  bom: boolean;
  publisher: Publisher;
}

export interface Export {
  /** Upper bound of the rows from index statistics (null without a text query): for progress, never a promise. */
  estimatedMatches: number | null;
  /** The file, a page of rows at a time; pulling it runs the next read. */
  chunks: AsyncGenerator<string>;
  /** Rows produced so far. */
  rows(): number;
}

/**
 * Every match of a search, as CSV or NDJSON, newest recorded first, on the snapshot of the moment it starts
 * (quotes stored meanwhile are left out). Keyset paging: each read asks for the next quotes below the last
 * id written, so a read costs the same at the millionth row as at the first and nothing but one page is
 * held. The search is read now, so a bad query fails before anything is written.
 */
export async function startExport(repos: Repos, filters: Omit<SearchRequest, 'limit' | 'cursor'>, options: ExportOptions): Promise<Export> {
  const scope = await searchScopeOf(repos, filters);
  const snapshot = await repos.quotes.maxId();
  const estimate = await repos.quotes.estimateMatches(scope, Number.MAX_SAFE_INTEGER);
  let rows = 0;
  async function* chunks(): AsyncGenerator<string> {
    if (options.format === 'csv') yield `${options.bom ? '\uFEFF' : ''}${csvHeader()}`;
    for (let below = snapshot; below > 0; ) {
      const page = await repos.quotes.search({ ...scope, maxId: below, order: 'recent', limit: EXPORT_PAGE, offset: 0 });
      rows += page.length;
      if (page.length > 0) yield page.map((hit) => (options.format === 'csv' ? csvRow : ndjsonRow)(exportRow(hit, options.publisher))).join('');
      if (page.length < EXPORT_PAGE) return;
      below = (page[page.length - 1]?.id ?? 1) - 1;
      // Between reads the event loop serves other requests: a long export never starves them.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { estimatedMatches: estimate === null || estimate.more ? null : estimate.count, chunks: chunks(), rows: () => rows };
}
