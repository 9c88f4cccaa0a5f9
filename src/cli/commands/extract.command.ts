import { readFile } from 'node:fs/promises';
import { extractQuotes } from '../../extraction/quote.extractor.ts';
import type { ExtractedQuote } from '../../extraction/extraction.types.ts';
import type { CliCommand } from '../command.ts';

/** One quote in the `extract` output contract (exactly these keys, in this order). */
export function contractQuote(q: ExtractedQuote) {
  return {
    text: q.text,
    start: q.start,
    end: q.end,
    kind: q.kind,
    speaker: { name: q.speaker.name, start: q.speaker.mention?.start ?? null, end: q.speaker.mention?.end ?? null },
    cue: q.cue === null ? null : { text: q.cue.text, start: q.cue.start, end: q.cue.end },
    confidence: q.confidence,
    needsReview: q.needsReview,
  };
}

/** Prints one JSON line per file; needs no database. */
export const extractCommand: CliCommand = {
  name: 'extract',
  usage: 'extract FILE...',
  summary: 'Print the quotes found in each text file, one JSON line per file (no database needed)',
  async run(args, { config, stdout, stderr }) {
    if (args.length === 0) {
      stderr.write('Usage: whosaid extract FILE...\n');
      return 64;
    }
    let failed = 0;
    for (const file of args) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        // A file we cannot read gets no line on stdout (its shape is a contract); say why on stderr.
        stderr.write(`extract: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        failed++;
        continue;
      }
      const { quotes } = extractQuotes(text, { reviewBelow: config.reviewConfidenceThreshold });
      stdout.write(`${JSON.stringify({ file, quotes: quotes.map(contractQuote) })}\n`);
    }
    return failed === 0 ? 0 : 66;
  },
};
