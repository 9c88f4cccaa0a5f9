import type { DocumentSummary } from '../domain/models.ts';
import { sha256Hex } from '../domain/text.ts';
import { documentLabel } from '../domain/document-label.ts';
import type { DocumentQuote, NewDocument, Repositories } from '../repositories/ports.ts';

export interface CreateDocumentInput {
  text: string;
  outlet?: string;
  title?: string;
  url?: string;
  publishedOn?: string;
  dateline?: string;
  language: string;
}

export function newDocument(input: CreateDocumentInput): NewDocument {
  return {
    outlet: input.outlet ?? null,
    title: input.title ?? null,
    url: input.url ?? null,
    publishedOn: input.publishedOn ?? null,
    dateline: input.dateline ?? null,
    language: input.language,
    text: input.text,
    sha256: sha256Hex(input.text),
  };
}

/** Stores a source text; the same text (same sha256) is refused with a pointer to the stored one. */
export function createDocument(repos: Repositories, input: CreateDocumentInput): Promise<DocumentSummary> {
  return repos.writes.createDocument(newDocument(input));
}

export interface DocumentView extends DocumentSummary {
  /** What to call it (see documentLabel). */
  label: string;
  text: string;
  /** The quotes recorded in the text, in text order. */
  quotes: DocumentQuote[];
}

export function getDocument(repos: Repositories, id: number): DocumentView | null {
  const document = repos.documents.findById(id);
  if (document === null) return null;
  return { ...document, label: documentLabel(document), quotes: repos.documents.quotesIn(id) };
}
