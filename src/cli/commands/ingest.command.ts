import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { startRuntime } from '../../bootstrap.ts';
import { isCalendarDate } from '../../domain/partial-date.ts';
import { ingestDocument } from '../../services/extraction.service.ts';
import { createInProcessExtractor } from '../../workers/extraction-pool.ts';
import type { CreateDocumentInput } from '../../services/document.service.ts';
import type { CliCommand } from '../command.ts';

/** A JSON input file: the text with its metadata. */
const jsonDocument = z
  .object({
    text: z.string().refine((s) => s.trim() !== '', 'must not be blank'),
    outlet: z.string().min(1).optional(),
    title: z.string().min(1).optional(),
    url: z.string().url().optional(),
    publishedOn: z.string().refine(isCalendarDate, 'must be YYYY-MM-DD').optional(),
    dateline: z.string().min(1).optional(),
    language: z.string().min(2).default('en'),
  })
  .strict();

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md']);

/** Files read, extracted and written concurrently. */
const FILES_IN_FLIGHT = 16;

/** Files named directly, plus .txt/.md/.json files found under directories (sorted, recursive). */
export async function collectFiles(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input);
    if (!info.isDirectory()) {
      files.push(input);
      continue;
    }
    const entries = await readdir(input, { recursive: true, withFileTypes: true });
    const found = entries
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .filter((f) => TEXT_EXTENSIONS.has(path.extname(f)) || (f.endsWith('.json') && !/\.(?:gold|curation)\.json$/u.test(f)))
      .sort();
    files.push(...found);
  }
  return files;
}

async function readDocument(file: string): Promise<CreateDocumentInput> {
  const raw = await readFile(file, 'utf8');
  if (!file.endsWith('.json')) return { text: raw, language: 'en' };
  const parsed = jsonDocument.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; '));
  return parsed.data;
}

function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

export const ingestCommand: CliCommand = {
  name: 'ingest',
  usage: 'ingest FILE|DIR...',
  summary: 'Store articles (text, or JSON with metadata) with the quotes found in them',
  async run(args, { config, logger, stdout, stderr }) {
    if (args.length === 0) {
      stderr.write('Usage: whosaid ingest FILE|DIR...\n');
      return 64;
    }
    const files = await collectFiles(args);
    const runtime = await startRuntime(config, logger);
    const totals = { documents: 0, duplicates: 0, failed: 0, quotes: 0, quotesCreated: 0, occurrencesCreated: 0, newSpeakers: 0, unnamed: 0 };
    const tty = 'isTTY' in stderr && stderr.isTTY === true;
    let done = 0;
    const ingestFile = async (file: string): Promise<void> => {
      try {
        const report = await ingestDocument(runtime.repos, createInProcessExtractor(config.reviewConfidenceThreshold), await readDocument(file));
        if (report.created) totals.documents++;
        else totals.duplicates++;
        totals.quotes += report.counts.quotes;
        totals.quotesCreated += report.counts.quotesCreated;
        totals.occurrencesCreated += report.counts.occurrencesCreated;
        totals.newSpeakers += report.counts.speakersCreated;
        totals.unnamed += report.counts.unnamedSpeaker;
      } catch (error) {
        totals.failed++;
        stderr.write(`${tty ? '\n' : ''}ingest: ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      done++;
      // Progress on stderr, so stdout keeps only the summary.
      stderr.write(tty ? `\r${progressBar(done, files.length)} ${path.basename(file).slice(0, 40)}` : `${progressBar(done, files.length)} ${file}\n`);
    };
    try {
      // Several files in flight: their writes share transactions (group commit), which is most of the speed-up.
      let next = 0;
      const lane = async (): Promise<void> => {
        for (let file = files[next++]; file !== undefined; file = files[next++]) await ingestFile(file);
      };
      await Promise.all(Array.from({ length: FILES_IN_FLIGHT }, lane));
      if (tty) stderr.write('\n');
    } finally {
      await runtime.db.close();
    }
    stdout.write(
      `documents stored: ${totals.documents}\nduplicates (already stored, unchanged): ${totals.duplicates}\nfailed: ${totals.failed}\n` +
        `quotes found: ${totals.quotes} (new quotes: ${totals.quotesCreated}, new occurrences: ${totals.occurrencesCreated})\n` +
        `not stored (unnamed speaker, e.g. "officials said"): ${totals.unnamed}\n` +
        `new speakers: ${totals.newSpeakers}\n`,
    );
    return totals.failed === 0 ? 0 : 65;
  },
};
