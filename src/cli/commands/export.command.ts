import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { AppError } from '../../domain/errors.ts';
import { exportQuery } from '../../http/routes/export.schemas.ts';
import { cursorCodec } from '../../services/cursor.ts';
import { EXPORT_LIMIT, startExport } from '../../services/export.service.ts';
import { createStorage } from '../../storage/index.ts';
import type { CliCommand } from '../command.ts';

const USAGE = 'export [--format csv|ndjson] [--bom] [--out FILE] [--q TEXT] [--speaker S] [--outlet O] [--from D] [--to D] …';

/** `--name value` pairs (and bare `--bom`) into the query object the HTTP route takes. */
function parseArgs(args: string[]): { query: Record<string, string>; out: string | null } | string {
  const query: Record<string, string> = {};
  let out: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--bom') {
      query.bom = 'true';
      continue;
    }
    const value = args[i + 1];
    if (!arg.startsWith('--') || value === undefined) return `unexpected argument ${arg}`;
    i++;
    if (arg === '--out') out = value;
    else query[arg.slice(2)] = value;
  }
  return { query, out };
}

/** Writes the export of a search to a file or stdout, with a progress line on stderr. */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: USAGE,
  summary: 'Export every quote a search finds as CSV or NDJSON (the filters of GET /v1/quotes/export)',
  async run(args, { config, stdout, stderr }) {
    const parsedArgs = parseArgs(args);
    if (typeof parsedArgs === 'string') {
      stderr.write(`export: ${parsedArgs}\nUsage: whosaid ${USAGE}\n`);
      return 64;
    }
    const parsed = exportQuery.strict().safeParse(parsedArgs.query);
    if (!parsed.success) {
      stderr.write(`export: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
      return 64;
    }
    const storage = await createStorage(config);
    const sink = parsedArgs.out === null ? stdout : createWriteStream(parsedArgs.out);
    try {
      const { format, bom, ...filters } = parsed.data;
      const job = await startExport({ ...storage.repos, cursors: cursorCodec(config.cursorSecret) }, filters, { format, bom, publisher: config.publisher });
      const total = job.estimatedMatches === null ? '' : ` of at most ${job.estimatedMatches}`;
      const progress = (end: string) => stderr.write(`\rexported ${job.rows()} quotes${total}${end}`);
      for await (const chunk of job.chunks) {
        if (!sink.write(chunk)) await once(sink, 'drain');
        if ('isTTY' in stderr && stderr.isTTY === true) progress('');
      }
      progress('\n');
      if (job.rows() >= EXPORT_LIMIT) stderr.write(`export: stopped at ${EXPORT_LIMIT} quotes, the deepest a search pages; narrow the filters (e.g. --from/--to) to export the rest\n`);
      if (sink !== stdout) {
        sink.end();
        await once(sink, 'finish');
      }
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      stderr.write(`export: ${error.message}\n`);
      return 65;
    } finally {
      await storage.close();
    }
  },
};
