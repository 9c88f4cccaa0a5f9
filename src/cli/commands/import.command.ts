import { performance } from 'node:perf_hooks';
import { startStorage } from '../../bootstrap.ts';
import { inspectNdjson, readNdjson } from '../../import/ndjson-input.ts';
import { runImport, type ImportTotals } from '../../services/import-run.ts';
import { importerFor } from '../../services/import-upload.service.ts';
import type { CliCommand } from '../command.ts';

const USAGE = 'import quotebank|ndjson FILE [--again]';

/** Problems reported line by line on stderr before only their count is kept. */
const REPORTED = 20;

function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${total === 0 ? 100 : Math.floor((done / total) * 100)}%`;
}

const summary = (totals: ImportTotals) =>
  Object.entries(totals)
    .map(([name, n]) => `${name}: ${n}`)
    .join('\n');

/**
 * Imports a Quotebank file (either layout) or a whosaid NDJSON dump (`export --all`), plain, gzip or bzip2,
 * resumably: a run stopped anywhere is continued by running the same command again (the file is known by
 * content); a file imported to its end is not read again unless `--again`.
 */
export const importCommand: CliCommand = {
  name: 'import',
  usage: USAGE,
  summary: 'Import Quotebank NDJSON (quotes-by-quote or quotes-by-article) or a whosaid dump, resumably',
  async run(args, { config, logger, stdout, stderr }) {
    const [format, file, ...rest] = args;
    if ((format !== 'quotebank' && format !== 'ndjson') || file === undefined || rest.some((a) => a !== '--again')) {
      stderr.write(`Usage: whosaid ${USAGE}\n`);
      return 64;
    }
    const again = rest.includes('--again');
    const input = await inspectNdjson(file);
    const storage = await startStorage(config, logger);
    try {
      const repos = storage.repos;
      const stored = await repos.imports.find(input.key);
      if (stored?.done === true && !again) {
        stderr.write(`import: ${file} was imported to its end before (${stored.lines} lines); nothing to do (--again reads it again)\n`);
        stdout.write(`${summary(stored.totals)}\n`);
        return 0;
      }
      const checkpoint = stored === null || stored.done ? null : stored;
      if (checkpoint !== null) stderr.write(`import: resuming ${file} after line ${checkpoint.lines}\n`);
      const tty = 'isTTY' in stderr && stderr.isTTY === true;
      let reported = 0;
      const report = (line: number, message: string) => {
        if (reported++ < REPORTED) stderr.write(`${tty ? '\n' : ''}import: line ${line}: ${message}\n`);
      };
      const settings = { minSpeakerProbability: config.quotebankMinSpeakerProbability, reviewBelow: config.reviewConfidenceThreshold };
      const { batch, batchLines, batchChars } = importerFor(format === 'quotebank' ? 'quotebank' : 'whosaid', repos, settings, report, false);
      const reader = readNdjson(input, checkpoint ?? undefined);
      const started = performance.now();
      const linesBefore = checkpoint?.totals.lines ?? 0;
      const progress = (totals: ImportTotals, end: string) => {
        const seconds = (performance.now() - started) / 1000;
        const lines = (totals.lines ?? 0) - linesBefore;
        stderr.write(`\r${progressBar(reader.read(), input.size)} ${totals.lines ?? 0} lines, ${Math.round(lines / Math.max(seconds, 1e-3))} lines/s${end}`);
      };
      const totals = await runImport(repos, { fileKey: input.key, path: file, format }, checkpoint, reader.lines, batch, {
        batchLines,
        batchChars,
        onBatch: (t) => {
          if (tty) progress(t, '');
        },
      });
      progress(totals, '\n');
      if (reported > REPORTED) stderr.write(`import: ${reported - REPORTED} more problems not shown (counted below)\n`);
      stdout.write(`${summary(totals)}\n`);
      return (totals.failedArticles ?? 0) + (totals.failedRecords ?? 0) > 0 ? 65 : 0;
    } finally {
      await storage.close();
    }
  },
};
