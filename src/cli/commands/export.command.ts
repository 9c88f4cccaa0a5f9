import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { AppError } from '../../domain/errors.ts';
import { exportQuery } from '../../http/routes/export.schemas.ts';
import { cursorCodec } from '../../services/cursor.ts';
import { startDump } from '../../services/archive.service.ts';
import { startExport } from '../../services/export.service.ts';
import { createStorage } from '../../storage/index.ts';
import type { CliCommand } from '../command.ts';

const USAGE = 'export [--all] [--format csv|ndjson] [--bom] [--out FILE] [--q TEXT] [--speaker S] [--outlet O] [--from D] [--to D] …';

/** `--name value` pairs (and bare `--bom`) into the query object the HTTP route takes. */
function parseArgs(args: string[]): { query: Record<string, string>; out: string | null; all: boolean } | string {
  const query: Record<string, string> = {};
  let out: string | null = null;
  let all = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--bom') {
      query.bom = 'true';
      continue;
    }
    if (arg === '--all') {
      all = true;
      continue;
    }
    const value = args[i + 1];
    if (!arg.startsWith('--') || value === undefined) return `unexpected argument ${arg}`;
    i++;
    if (arg === '--out') out = value;
    else query[arg.slice(2)] = value;
  }
  if (all && Object.keys(query).length > 0) return '--all dumps the whole database: it takes no filter or format (only --out)';
  return { query, out, all };
}

/** Writes chunks to the sink, waiting for it to drain, with a progress line on a terminal. */
async function pump(chunks: AsyncIterable<string>, sink: NodeJS.WritableStream, stderr: NodeJS.WritableStream, progress: (end: string) => void): Promise<void> {
  for await (const chunk of chunks) {
    if (!sink.write(chunk)) await once(sink, 'drain');
    if ('isTTY' in stderr && stderr.isTTY === true) progress('');
  }
  progress('\n');
}

/** Writes the export of a search to a file or stdout, with a progress line on stderr. */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: USAGE,
  summary: 'Export every quote a search finds as CSV or NDJSON (the filters of GET /v1/quotes/export), or --all: the whole database as a dump to import elsewhere',
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
      if (parsedArgs.all) {
        const dump = startDump(storage.repos, config.publisher);
        await pump(dump.chunks, sink, stderr, (end) => {
          const c = dump.counts();
          stderr.write(`\rdumped ${c.documents} documents, ${c.speakers} speakers, ${c.quotes} quotes${end}`);
        });
      } else {
        const { format, bom, ...filters } = parsed.data;
        const job = await startExport({ ...storage.repos, cursors: cursorCodec(config.cursorSecret) }, filters, { format, bom, publisher: config.publisher });
        const total = job.estimatedMatches === null ? '' : ` of at most ${job.estimatedMatches}`;
        await pump(job.chunks, sink, stderr, (end) => stderr.write(`\rexported ${job.rows()} quotes${total}${end}`));
      }
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
