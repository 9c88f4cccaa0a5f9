import type { QuoteRecord } from '../domain/models.ts';
import { absolute, type Publisher } from './publisher.ts';

/** One exported quote: the search row's record, flat, with the address of its page. */
export interface ExportRow {
  id: number;
  text: string;
  kind: string;
  speaker: string;
  speakerSlug: string;
  about: string | null;
  saidOn: string | null;
  venue: string | null;
  filedOn: string | null;
  firstPublishedOn: string | null;
  url: string;
}

export const EXPORT_COLUMNS = [
  'id', 'text', 'kind', 'speaker', 'speakerSlug', 'about', 'saidOn', 'venue', 'filedOn', 'firstPublishedOn', 'url',
] as const satisfies readonly (keyof ExportRow)[];

export function exportRow(hit: QuoteRecord & { filedOn: string | null; firstPublishedOn: string | null }, publisher: Publisher): ExportRow {
  return {
    id: hit.id,
    text: hit.text,
    kind: hit.kind,
    speaker: hit.speaker.name,
    speakerSlug: hit.speaker.slug,
    about: hit.about?.name ?? null,
    saidOn: hit.saidOn,
    venue: hit.venue,
    filedOn: hit.filedOn,
    firstPublishedOn: hit.firstPublishedOn,
    url: absolute(publisher, `/quotes/${hit.id}`),
  };
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. A text
 * cell a spreadsheet would run as a formula (=, +, -, @, or a tab or CR first) gets a leading apostrophe
 * (OWASP "CSV injection"): the sheet shows the text, never evaluates it.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

export const csvHeader = () => csvLine(EXPORT_COLUMNS);
export const csvRow = (row: ExportRow) => csvLine(EXPORT_COLUMNS.map((c) => row[c]));
export const ndjsonRow = (row: ExportRow) => `${JSON.stringify(row)}\n`;
