import type { DocumentSummary } from './models.ts';

/**
 * The name a document goes by wherever it is listed: its outlet, else its
 * title, else what its text states (dateline and date: "Report from SEOUL,
 * 2025-05-08"), its number only when nothing is known. Nothing is made up:
 * an outlet or title is shown only when it was given.
 */
export function documentLabel(document: Pick<DocumentSummary, 'id' | 'outlet' | 'title' | 'dateline' | 'publishedOn'>): string {
  if (document.outlet !== null) return document.outlet;
  if (document.title !== null) return document.title;
  if (document.dateline === null && document.publishedOn === null) return `Document #${document.id}`;
  const from = document.dateline === null ? 'Report' : `Report from ${document.dateline}`;
  return document.publishedOn === null ? from : `${from}, ${document.publishedOn}`;
}
