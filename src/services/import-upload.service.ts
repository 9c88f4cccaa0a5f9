import { AppError, ERROR_CODES, type ErrorCode } from '../domain/errors.ts';
import type { Repositories } from '../storage/ports/index.ts';
import { archiveImport, ARCHIVE_BATCH_LINES } from './archive-import.service.ts';
import { importInBatches, type ImportBatch, type ImportLine, type ImportReport, type ImportTotals } from './import-run.ts';
import { quotebankImport, QUOTEBANK_BATCH_CHARS, QUOTEBANK_BATCH_LINES, type QuotebankSettings } from './quotebank-import.service.ts';

/** What an import reads: whosaid's own dump (`export --all`, GET /v1/export), or Quotebank (either layout, line by line). */
export const IMPORT_FORMATS = ['whosaid', 'quotebank'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

type ImportRepos = Pick<Repositories, 'speakers' | 'documents' | 'writes'>;

/**
 * Lines a batch of an upload holds, whatever the format. A batch's lines are read and prepared a few
 * milliseconds at a time and its cited quotes written in one transaction in steps of one quote, the event
 * loop served between them (docs/decisions/0023): its stalls of 0.46–0.73 s at 50k quotes (0.06–0.13 s with
 * 16-line batches) were the transaction written in one go and, above all, the WAL checkpoint SQLite ran
 * inside its COMMIT (now a thread's, src/storage/sqlite/checkpointer.ts).
 */
export const UPLOAD_BATCH_LINES = 500;

/**
 * The importer of a format: what one batch of lines does, and how many lines a batch holds (`serving`: in a
 * server, UPLOAD_BATCH_LINES, each article through the group commit; else the format's own, larger for
 * Quotebank, whose articles are then written a batch a transaction).
 */
export function importerFor(
  format: ImportFormat,
  repos: ImportRepos,
  settings: QuotebankSettings,
  report: ImportReport,
  serving: boolean,
): { batch: ImportBatch; batchLines: number; batchChars?: number } {
  if (format === 'quotebank') {
    return serving
      ? { batch: quotebankImport(repos, settings, report), batchLines: UPLOAD_BATCH_LINES }
      : { batch: quotebankImport(repos, settings, report, { bulk: true }), batchLines: QUOTEBANK_BATCH_LINES, batchChars: QUOTEBANK_BATCH_CHARS };
  }
  return { batch: archiveImport(repos, report), batchLines: serving ? UPLOAD_BATCH_LINES : ARCHIVE_BATCH_LINES };
}

/** A line that was not imported, as a problem document (RFC 9457 members) with its line number. */
export interface LineProblem {
  line: number;
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
}

export interface ImportSummary {
  format: ImportFormat;
  /** Lines read (blank ones included). */
  lines: number;
  /** What the import did, by name (quotesCreated, quotesExisting, toReview, failedRecords …): docs/formats.md. */
  totals: ImportTotals;
  /** The first `maxProblems` lines not imported, in line order. */
  problems: LineProblem[];
  /** Lines not imported beyond those listed. */
  problemsNotListed: number;
}

/**
 * Imports NDJSON lines as they arrive (an upload), batch by batch; each batch is written on its own, so a
 * bad line costs only itself: it is listed among the problems and every other line is imported. Every
 * write of an import is idempotent, so an upload cut short (the body too large, badly encoded, the
 * database busy or full) keeps what its batches wrote and can be sent again whole: the error it fails with
 * carries the totals and problems so far.
 */
export async function importUpload(
  repos: ImportRepos,
  format: ImportFormat,
  settings: QuotebankSettings,
  lines: AsyncIterable<ImportLine>,
  maxProblems: number,
): Promise<ImportSummary> {
  const problems: LineProblem[] = [];
  let problemsNotListed = 0;
  const report: ImportReport = (line, detail, code) => {
    if (problems.length >= maxProblems) {
      problemsNotListed++;
      return;
    }
    const { status, title } = ERROR_CODES[code];
    problems.push({ line, type: `/problems/${code}`, title, status, code, detail });
  };
  const { batch, batchLines } = importerFor(format, repos, settings, report, true);
  const totals: ImportTotals = {};
  const summary = (): ImportSummary => ({ format, lines: totals.lines ?? 0, totals, problems: [...problems].sort((a, b) => a.line - b.line), problemsNotListed });
  try {
    await importInBatches(lines, batch, totals, batchLines, async () => undefined);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const { totals: done, problems: listed, problemsNotListed: more } = summary();
    throw new AppError(error.code, `${error.message} The batches read before were imported (totals.lines: how many lines); sending the same lines again changes nothing.`, {
      ...error.details,
      totals: done,
      problems: listed,
      problemsNotListed: more,
    });
  }
  return summary();
}
