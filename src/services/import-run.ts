import type { ErrorCode } from '../domain/errors.ts';
import type { ImportCheckpoint, Repositories } from '../storage/ports/index.ts';

/** A line of an input file: its text, its number (from 1) and the byte where the next line starts. */
export interface ImportLine {
  text: string;
  number: number;
  end: number;
}

export type ImportTotals = Record<string, number>;

export interface ImportFile {
  /** Identifies the file by content (see ImportCheckpoint.fileKey). */
  fileKey: string;
  path: string;
  format: ImportCheckpoint['format'];
}

/** Imports one batch of lines, adding to the totals. Must be idempotent: a batch cut short by a crash runs again. */
export type ImportBatch = (lines: ImportLine[], totals: ImportTotals) => Promise<void>;

/** A line an import could not take, and why (a problem code of src/domain/errors.ts). */
export type ImportReport = (line: number, message: string, code: ErrorCode) => void;

/**
 * Feeds the lines to `importBatch` `batchLines` at a time — fewer once they hold `batchChars` characters (a
 * bound on memory, whatever the lines' length) — counting them in `totals.lines`; `afterBatch` runs once
 * each batch is written (with its last line; once more with `done` at the end).
 */
export async function importInBatches(
  lines: AsyncIterable<ImportLine>,
  importBatch: ImportBatch,
  totals: ImportTotals,
  batchLines: number,
  afterBatch: (last: ImportLine | undefined, done: boolean) => Promise<void>,
  batchChars = Number.POSITIVE_INFINITY,
): Promise<ImportTotals> {
  let batch: ImportLine[] = [];
  let chars = 0;
  const flush = async (done: boolean): Promise<void> => {
    const last = batch[batch.length - 1];
    if (batch.length > 0) await importBatch(batch, totals);
    totals.lines = (totals.lines ?? 0) + batch.length;
    batch = [];
    chars = 0;
    await afterBatch(last, done);
  };
  for await (const line of lines) {
    batch.push(line);
    chars += line.text.length;
    if (batch.length >= batchLines || chars >= batchChars) await flush(false);
  }
  await flush(true);
  return totals;
}

/**
 * Runs an import of a file batch by batch, saving how far it got after each batch committed, so that a run
 * stopped anywhere resumes at the first batch not saved (a batch saved twice changes nothing: every write
 * of an import is idempotent). `lines` starts where `checkpoint` says.
 */
export function runImport(
  repos: Pick<Repositories, 'imports'>,
  file: ImportFile,
  checkpoint: ImportCheckpoint | null,
  lines: AsyncIterable<ImportLine>,
  importBatch: ImportBatch,
  options: { batchLines: number; batchChars?: number; onBatch?: (totals: ImportTotals) => void },
): Promise<ImportTotals> {
  const totals: ImportTotals = { ...(checkpoint?.totals ?? {}) };
  const position = { lines: checkpoint?.lines ?? 0, bytes: checkpoint?.bytes ?? 0 };
  const afterBatch = async (last: ImportLine | undefined, done: boolean): Promise<void> => {
    if (last !== undefined) Object.assign(position, { lines: last.number, bytes: last.end });
    await repos.imports.save({ ...file, ...position, done, totals });
    options.onBatch?.(totals);
  };
  return importInBatches(lines, importBatch, totals, options.batchLines, afterBatch, options.batchChars);
}
