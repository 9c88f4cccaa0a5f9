import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runMain } from '../../src/cli/run-main.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../../src/extraction/confidence.ts';
import { inspectNdjson, readNdjson } from '../../src/import/ndjson-input.ts';
import { runImport } from '../../src/services/import-run.ts';
import { importerFor } from '../../src/services/import-upload.service.ts';
import { createStorage } from '../../src/storage/index.ts';

const USAGE = `tsx bench/quotebank/measure.ts --file FILE --quotations N [--into DB] [--keep DB] [--tmp DIR] [--batch-lines N] [--batch-chars N]

  One import of a Quotebank file (npm run gen:quotebank) into a new database (or a copy of --into), through
  what \`whosaid import quotebank\` runs; prints one JSON line: quotations/s until the last checkpoint (qps, as
  the quotebank suite counts) and with the close that writes the verify index's backlog (withClose), the
  event loop's idle seconds (mainIdle: waiting for the verify index's thread, or for input), and each
  thread's CPU seconds (Linux; main, the verify index's thread, V8's helpers), which are steadier than
  wall time on a shared machine, and the whole process's CPU seconds until the close has written the
  verify index's backlog (cpuWithClose, every thread). --keep DB: keep the database. Another process's copy of the code
  measured in turn with this one gives before/after figures.`;

/** CPU seconds of each of this process's threads (Linux /proc), by name and id. */
function threadCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  const ticksPerSecond = 100;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[`${tid === String(process.pid) ? 'main' : name}:${tid}`] = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return out;
}

const round = (v: number, places = 2) => Math.round(v * 10 ** places) / 10 ** places;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      quotations: { type: 'string' },
      into: { type: 'string' },
      keep: { type: 'string' },
      tmp: { type: 'string' },
      'batch-lines': { type: 'string' },
      'batch-chars': { type: 'string' },
    },
  });
  if (values.file === undefined || values.quotations === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  const quotations = Number(values.quotations);
  const dir = mkdtempSync(path.join(values.tmp ?? os.tmpdir(), 'qb-measure-'));
  const db = path.join(dir, 'db.sqlite');
  try {
    if (values.into !== undefined) {
      for (const suffix of ['', '-wal', '.lsh', '.lsh-wal']) if (existsSync(`${values.into}${suffix}`)) copyFileSync(`${values.into}${suffix}`, `${db}${suffix}`);
    }
    const storage = await createStorage({ databasePath: db, databaseUrl: `file:${db}` });
    let closed = false;
    try {
      const input = await inspectNdjson(values.file);
      const settings = { minSpeakerProbability: DEFAULT_REVIEW_THRESHOLD, reviewBelow: DEFAULT_REVIEW_THRESHOLD };
      const importer = importerFor('quotebank', storage.repos, settings, () => undefined, false);
      const batchLines = Number(values['batch-lines'] ?? importer.batchLines);
      const batchChars = Number(values['batch-chars'] ?? importer.batchChars ?? Number.POSITIVE_INFINITY);
      const threadsBefore = threadCpu();
      const processBefore = process.cpuUsage();
      const elu = performance.eventLoopUtilization();
      const started = performance.now();
      const totals = await runImport(storage.repos, { fileKey: input.key, path: values.file, format: 'quotebank' }, null, readNdjson(input).lines, importer.batch, { batchLines, batchChars });
      const seconds = (performance.now() - started) / 1000;
      const idle = performance.eventLoopUtilization(elu).idle / 1000;
      const threads = Object.entries(threadCpu())
        .map(([thread, cpu]) => [thread, round(cpu - (threadsBefore[thread] ?? 0))] as const)
        .filter(([, cpu]) => cpu >= 0.05);
      closed = true;
      await storage.close();
      const withClose = (performance.now() - started) / 1000;
      const processCpu = process.cpuUsage(processBefore);
      const line = {
        file: path.basename(values.file),
        seconds: round(seconds),
        qps: Math.round(quotations / seconds),
        withClose: Math.round(quotations / withClose),
        mainIdle: round(idle),
        cpu: round(threads.reduce((n, [, cpu]) => n + cpu, 0)),
        cpuWithClose: round((processCpu.user + processCpu.system) / 1e6),
        threads: Object.fromEntries(threads),
        totals,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    } finally {
      if (!closed) await storage.close();
    }
    if (values.keep !== undefined) {
      for (const suffix of ['', '-wal', '.lsh', '.lsh-wal']) if (existsSync(`${db}${suffix}`)) copyFileSync(`${db}${suffix}`, `${values.keep}${suffix}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

runMain(main);
