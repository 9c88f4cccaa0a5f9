import os from 'node:os';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { runMain } from '../src/cli/run-main.ts';
import { sha256Hex } from '../src/domain/text.ts';
import { createStorage } from '../src/storage/index.ts';
import { documentsOf } from './corpus/documents.ts';
import { ServerWatch } from './postgres-cpu.ts';

/**
 * `npm run bench:postgres:ingest -- --database-url URL --corpus FILE [--from N] [--to N] [--callers 64]`
 *
 * Ingest through the port into an existing PostgreSQL database: the
 * documents [from, to) of a generated corpus (bench/corpus/generate.ts, a
 * SQLite file) stored by N concurrent callers, each awaiting its document
 * before sending the next (a caller hears back once its quotes are committed
 * and indexed for verify). Reports quotes per second over the run and per
 * tenth of it, with the quotes stored before and after, so a run can grow a
 * database step by step and measure the rate at 1M on the last step.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      corpus: { type: 'string' },
      from: { type: 'string', default: '0' },
      to: { type: 'string' },
      callers: { type: 'string', default: '64' },
    },
  });
  if (values['database-url'] === undefined || values.corpus === undefined) throw new Error('--database-url and --corpus are required');
  const documents = documentsOf(values.corpus, { from: Number(values.from), to: values.to === undefined ? Number.MAX_SAFE_INTEGER : Number(values.to) });
  const storage = await createStorage(loadConfig({ DATABASE_URL: values['database-url'] }));
  const countQuotes = async () => {
    const client = new pg.Client({ connectionString: values['database-url'] });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM quote')).rows[0]?.n ?? 0);
    } finally {
      await client.end();
    }
  };
  const before = await countQuotes();
  const callers = Number(values.callers);
  const quotesIn = documents.reduce((n, d) => n + d.attributions.length, 0);
  const tenth = Math.max(1, Math.floor(documents.length / 10));
  const marks: number[] = [];
  let next = 0;
  let done = 0;
  const watch = await ServerWatch.open(values['database-url']);
  const serverBefore = watch.cpu();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let item = documents[next++]; item !== undefined; item = documents[next++]) {
        await storage.repos.writes.ingestDocument({ ...item.doc, url: null, dateline: null, sha256: sha256Hex(item.doc.text) }, item.speakers, item.attributions);
        if (++done % tenth === 0) marks.push(performance.now());
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  const serverSpent = watch.cpuMsSince(serverBefore);
  await watch.close();
  const after = await countQuotes();
  await storage.close();
  const perTenth = marks.map((t, i) => Math.round((tenth * (quotesIn / documents.length)) / ((t - (marks[i - 1] ?? started)) / 1000)));
  process.stdout.write(
    `${JSON.stringify({
      at: new Date().toISOString(),
      load: os.loadavg().map((l) => Number(l.toFixed(2))),
      callers,
      documents: documents.length,
      quotesSent: quotesIn,
      quotesBefore: before,
      quotesAfter: after,
      seconds: Number(seconds.toFixed(1)),
      quotesPerSecond: Math.round((after - before) / seconds),
      perTenth,
      // CPU per 1,000 quotes stored: this process (the API's share) and the server's processes.
      clientCpuMsPerThousand: Math.round(((client.user + client.system) / 1000 / Math.max(1, after - before)) * 1000),
      serverCpuMsPerThousand: serverSpent === null ? null : Math.round((serverSpent / Math.max(1, after - before)) * 1000),
    })}\n`,
  );
  return 0;
}

runMain(main);
