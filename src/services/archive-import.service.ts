import { AppError } from '../domain/errors.ts';
import { affiliationTerms, archiveRecord, speakerTerms, newDocumentOf, type ArchiveDocument, type ArchiveQuote, type ArchiveSpeaker } from '../formats/archive.ts';
import { normalizeQuoteText, sha256Hex } from '../domain/text.ts';
import type { ImportedOccurrenceStatus, ImportedStatus, NewAttribution, NewCitedQuote, Repositories } from '../storage/ports/index.ts';
import type { ImportBatch, ImportReport as Report, ImportTotals } from './import-run.ts';

/** Lines a batch holds (the import's checkpoint moves after each). */
export const ARCHIVE_BATCH_LINES = 500;

type Repos = Pick<Repositories, 'speakers' | 'documents' | 'writes'>;

const add = (totals: ImportTotals, name: string, n = 1) => {
  totals[name] = (totals[name] ?? 0) + n;
};

/** The database's own state (busy, full) stops an import to be resumed; a record's own fault is reported and counted. */
function isRecordFault(error: unknown): error is AppError {
  return error instanceof AppError && error.code !== 'database_busy' && error.code !== 'storage_full';
}

/**
 * Imports whosaid's dump (src/formats/archive.ts) record by record: documents by the sha256 of their text
 * (one already stored is kept), speakers by slug (what they lack is added), quotes by their speaker's same
 * words, with every occurrence checked against its document's text (the words must be there, at those
 * offsets) and every citation. Importing the same dump again changes nothing.
 */
export function archiveImport(repos: Repos, report: Report): ImportBatch {
  const documentIds = new Map<string, number>();
  const documentId = rememberedIds(documentIds, (sha) => repos.documents.findBySha256(sha));
  const speakerId = rememberedIds(new Map(), (slug) => repos.speakers.findByRef(slug));
  return async (lines, totals) => {
    const pending: PreparedQuote[] = [];
    for (const line of lines) {
      if (line.text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        add(totals, 'failedRecords');
        report(line.number, 'not JSON', 'malformed_json');
        continue;
      }
      const parsed = archiveRecord.safeParse(value);
      if (!parsed.success) {
        add(totals, 'failedRecords');
        report(line.number, parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; '), 'validation_failed');
        continue;
      }
      const record = parsed.data;
      try {
        // Quotes are written together (one transaction each for occurrences and citations), documents and
        // speakers at once: later records refer to them.
        if (record.type !== 'quote') await writeQuotes(repos, pending.splice(0), totals);
        if (record.type === 'document') await importDocument(repos, record, totals, documentIds);
        else if (record.type === 'speaker') await importSpeaker(repos, record, totals, documentId);
        else if (record.type === 'quote') pending.push(await prepareQuote(repos, record, documentId, speakerId));
      } catch (error) {
        if (!isRecordFault(error)) throw error;
        add(totals, 'failedRecords');
        report(line.number, `${record.type}: ${error.message}`, error.code);
      }
    }
    await writeQuotes(repos, pending.splice(0), totals);
  };
}

/** A quote record checked against the database, ready to write: its occurrences and its citations. */
interface PreparedQuote {
  attributions: NewAttribution[];
  cited: NewCitedQuote | null;
  /** The status the dump records (absent in dumps older than the editorial record). */
  status: Omit<ImportedStatus, 'quoteId'> | null;
  /** Each attribution's occurrence status, as the dump records it (null in older dumps). */
  occurrenceStatuses: (Omit<ImportedOccurrenceStatus, 'occurrenceId'> | null)[];
}

async function writeQuotes(repos: Repos, quotes: PreparedQuote[], totals: ImportTotals): Promise<void> {
  if (quotes.length === 0) return;
  const attributions = quotes.flatMap((q) => q.attributions);
  const saved = attributions.length === 0 ? [] : await repos.writes.saveAttributions(attributions);
  const citedQuotes = quotes.flatMap((q) => (q.cited === null ? [] : [q.cited]));
  const cited = citedQuotes.length === 0 ? [] : await repos.writes.saveCitedQuotes(citedQuotes);
  let a = 0;
  let c = 0;
  const statuses: ImportedStatus[] = [];
  const occurrenceStatuses: ImportedOccurrenceStatus[] = [];
  for (const q of quotes) {
    const mine = saved.slice(a, (a += q.attributions.length));
    // Only evidence this import recorded takes the dump's status: evidence on record keeps this database's.
    for (const [i, s] of mine.entries()) {
      const status = q.occurrenceStatuses[i];
      if (s.occurrenceCreated && status !== undefined && status !== null) occurrenceStatuses.push({ occurrenceId: s.occurrenceId, ...status });
    }
    const citedMine = q.cited === null ? undefined : cited[c++];
    const created = mine.find((s) => s.quoteCreated) ?? (citedMine?.quoteCreated === true ? citedMine : undefined);
    add(totals, created === undefined ? 'quotesExisting' : 'quotesCreated');
    add(totals, 'occurrencesCreated', mine.filter((s) => s.occurrenceCreated).length);
    add(totals, 'citationsCreated', citedMine?.citationsCreated ?? 0);
    // Only a quote this import created takes the dump's status: a stored one keeps this database's record.
    if (created !== undefined && q.status !== null) statuses.push({ quoteId: created.quoteId, ...q.status });
  }
  add(totals, 'statusesRestored', await repos.writes.restoreStatuses(statuses, occurrenceStatuses));
}

/** Remembered ids, bounded: a miss costs one read. */
function remember(map: Map<string, number>, key: string, id: number): void {
  if (map.size >= 100_000) map.clear();
  map.set(key, id);
}

/** The id of what `find` finds by a key (a sha256, a slug), remembered in `ids`; null when there is none. */
function rememberedIds(ids: Map<string, number>, find: (key: string) => Promise<{ id: number } | null>): (key: string) => Promise<number | null> {
  return async (key) => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const found = await find(key);
    if (found !== null) remember(ids, key, found.id);
    return found?.id ?? null;
  };
}

async function importDocument(repos: Repos, d: ArchiveDocument, totals: ImportTotals, ids: Map<string, number>): Promise<void> {
  const sha256 = sha256Hex(d.text);
  if (sha256 !== d.sha256) throw new AppError('validation_failed', `the text's sha256 is ${sha256}, not ${d.sha256}`);
  const { document, created } = await repos.writes.findOrCreateDocument(newDocumentOf(d));
  remember(ids, sha256, document.id);
  add(totals, created ? 'documentsCreated' : 'documentsExisting');
}

async function importSpeaker(repos: Repos, s: ArchiveSpeaker, totals: ImportTotals, documentId: (sha: string) => Promise<number | null>): Promise<void> {
  const affiliations = [];
  for (const a of s.affiliations) {
    const source = a.sourceDocument === null ? null : await documentId(a.sourceDocument);
    if (a.sourceDocument !== null && source === null) throw new AppError('unknown_reference', `affiliation source document ${a.sourceDocument} is not in the dump or the database`);
    affiliations.push({ ...affiliationTerms(a), sourceDocumentId: source });
  }
  const { created } = await repos.writes.upsertSpeaker({
    ...speakerTerms(s),
    affiliations,
    ...(s.organization === null ? {} : { organization: s.organization }),
  });
  add(totals, created ? 'speakersCreated' : 'speakersExisting');
}

/** Checks a quote record's references and evidence (the document's text at the offsets is the quote's words). */
async function prepareQuote(
  repos: Repos,
  q: ArchiveQuote,
  documentId: (sha: string) => Promise<number | null>,
  speakerId: (slug: string) => Promise<number | null>,
): Promise<PreparedQuote> {
  const speaker = await speakerId(q.speaker);
  if (speaker === null) throw new AppError('unknown_reference', `speaker ${q.speaker} is not in the dump or the database`);
  const about = q.about === null ? null : await speakerId(q.about);
  if (q.about !== null && about === null) throw new AppError('unknown_reference', `speaker ${q.about} is not in the dump or the database`);
  if (q.occurrences.length === 0 && q.citations.length === 0) throw new AppError('validation_failed', 'a quote needs an occurrence or a citation');
  const normalizedText = normalizeQuoteText(q.text);
  const normalizedHash = sha256Hex(normalizedText);
  const attributions: NewAttribution[] = [];
  for (const o of q.occurrences) {
    const id = await documentId(o.document);
    if (id === null) throw new AppError('unknown_reference', `document ${o.document} is not in the dump or the database`);
    const text = (await repos.documents.texts([id])).get(id) ?? '';
    // The evidence invariant: the document's text at the offsets is the quote's words.
    if (text.slice(o.start, o.end) !== q.text) throw new AppError('evidence_mismatch', `document ${o.document} does not hold the quote at ${o.start}–${o.end}`);
    attributions.push({
      speakerId: speaker,
      aboutSpeakerId: about,
      text: q.text,
      normalizedText,
      normalizedHash,
      kind: q.kind,
      saidOn: q.saidOn,
      venue: q.venue,
      documentId: id,
      start: o.start,
      end: o.end,
      cue: o.cue,
      speakerMention: o.speakerMention,
      relays: o.relays,
      confidence: o.confidence,
      attributedBy: o.attributedBy,
      extractorVersion: o.extractorVersion,
    });
  }
  const cited = q.citations.length === 0 ? null : { speakerId: speaker, aboutSpeakerId: about, text: q.text, normalizedText, normalizedHash, kind: q.kind, saidOn: q.saidOn, venue: q.venue, citations: q.citations };
  const status = q.status === undefined ? null : { status: q.status, statusNote: q.statusNote ?? null };
  const occurrenceStatuses = q.occurrences.map((o) => (o.status === undefined ? null : { status: o.status, statusNote: o.statusNote ?? null }));
  return { attributions, cited, status, occurrenceStatuses };
}
