import { ARCHIVE_VERSION, documentRecord, quoteRecord, speakerRecord } from '../formats/archive.ts';
import type { Publisher } from '../formats/publisher.ts';
import type { Repositories } from '../storage/ports/index.ts';
import { mapInTurns } from '../turns.ts';

/**
 * Items per database read while dumping: all a dump ever holds. Each item is
 * several statements (a quote with its occurrences, relays and citations):
 * 25 of them are ~2–4 ms of the serving thread, between which other requests
 * are served (docs/decisions/0022).
 */
export const ARCHIVE_PAGE = 25;

export interface Dump {
  /** The dump, a page of records at a time; pulling it runs the next read. */
  chunks: AsyncGenerator<string>;
  /** Records written so far, by type. */
  counts(): { documents: number; speakers: number; quotes: number };
}

const line = (record: unknown) => `${JSON.stringify(record)}\n`;

/**
 * The whole database as whosaid's NDJSON dump (src/formats/archive.ts): a header, every document with its
 * text, every speaker, every quote with its occurrences, relays and citations; each table read in id order,
 * a page at a time (keyset: ids above the last one written), so memory stays the same whatever the size.
 */
export function startDump(repos: Pick<Repositories, 'archive' | 'documents'>, publisher: Publisher): Dump {
  const counts = { documents: 0, speakers: 0, quotes: 0 };
  async function* chunks(): AsyncGenerator<string> {
    yield line({ type: 'whosaid-dump', version: ARCHIVE_VERSION, exportedAt: new Date().toISOString(), publisher });
    for await (const page of slices((after) => repos.archive.documents(after, ARCHIVE_PAGE))) {
      counts.documents += page.length;
      yield (await mapInTurns(page, (d) => line(documentRecord(d)))).join('');
    }
    for await (const page of slices((after) => repos.archive.speakers(after, ARCHIVE_PAGE))) {
      const sources = new Map<number, string>();
      for (const id of new Set(page.flatMap((s) => s.affiliations.map((a) => a.sourceDocumentId)).filter((id): id is number => id !== null))) {
        const doc = await repos.documents.findById(id);
        if (doc !== null) sources.set(id, doc.sha256);
      }
      counts.speakers += page.length;
      yield (await mapInTurns(page, (s) => line(speakerRecord(s, (id) => sources.get(id) ?? null)))).join('');
    }
    for await (const page of slices((after) => repos.archive.quotes(after, ARCHIVE_PAGE))) {
      counts.quotes += page.length;
      yield (await mapInTurns(page, (q) => line(quoteRecord(q)))).join('');
    }
  }
  return { chunks: chunks(), counts: () => ({ ...counts }) };
}

/** A table's slices in id order until one comes back empty, the event loop free between them. */
async function* slices<T extends { id: number }>(read: (afterId: number) => Promise<T[]>): AsyncGenerator<T[]> {
  for (let page = await read(0); page.length > 0; page = await read((page[page.length - 1] as T).id)) {
    yield page;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
