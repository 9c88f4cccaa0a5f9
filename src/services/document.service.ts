import type { DocumentSummary } from '../domain/models.ts';
import { sha256Hex } from '../domain/text.ts';
import { documentLabel } from '../domain/document-label.ts';
import { documentMetadata } from '../domain/document-metadata.ts';
import { notFound } from '../domain/errors.ts';
import type { RevisionRecord } from '../domain/revision.ts';
import type { DocumentPatch, DocumentQuote, NewDocument, Repositories } from '../storage/ports/index.ts';
import type { CursorCodec } from './cursor.ts';
import { historyPage, type HistoryPage } from './revision.service.ts';
import { yieldIfLong } from '../turns.ts';

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

export async function getDocument(repos: Repositories, id: number): Promise<DocumentView | null> {
  const document = await repos.documents.findById(id);
  if (document === null) return null;
  // Reading a long text (500,000 characters: ~1.5 ms) and its quotes are turns of their own.
  await yieldIfLong();
  return { ...document, label: documentLabel(document), quotes: await repos.documents.quotesIn(id) };
}

const toSummary = (d: DocumentSummary): DocumentSummary => ({ id: d.id, ...documentMetadata(d), sha256: d.sha256, addedAt: d.addedAt });

/** Corrects a document's metadata (one revision); the document as it is now, and the revision (null when nothing changed). */
export async function correctDocument(
  repos: Repositories,
  id: number,
  patch: DocumentPatch,
  reason: string,
): Promise<{ document: DocumentSummary; revision: RevisionRecord | null }> {
  const correction = await repos.writes.correctDocument(id, patch, { reason });
  const document = await repos.documents.findById(id);
  if (correction === null || document === null) throw notFound('document', id);
  return { document: toSummary(document), revision: correction.revision };
}

/** A document's revisions, newest first: 404 when no document has this id. */
export async function documentHistory(repos: Repositories, cursors: CursorCodec, id: number, request: { limit: number; cursor?: string | undefined }): Promise<HistoryPage> {
  if ((await repos.documents.findById(id)) === null) throw notFound('document', id);
  return historyPage(repos, cursors, 'document', id, request);
}
