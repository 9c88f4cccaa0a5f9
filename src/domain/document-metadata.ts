import type { DocumentSummary } from './models.ts';

/** What a document is described by besides its text: where and when it appeared, in what language. */
export type DocumentMetadata = Pick<DocumentSummary, 'outlet' | 'title' | 'url' | 'publishedOn' | 'dateline' | 'language'>;

/** A document's metadata alone (an answer, a dump record or a new document takes it from a larger value). */
export function documentMetadata(d: DocumentMetadata): DocumentMetadata {
  return { outlet: d.outlet, title: d.title, url: d.url, publishedOn: d.publishedOn, dateline: d.dateline, language: d.language };
}
