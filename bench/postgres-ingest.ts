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
 * before sending the next (a caller hears back once its quotes and their verify
 * keys are committed; the keys reach the GIN index after, from the verify
 * index's backlog). Reports quotes per second over the run and per tenth of
 * it, with the quotes stored before and after, so a run can grow a database
 * step by step and measure the rate at 1M on the last step; CPU per 1,000
 * quotes of this process and of the server's, when the last caller heard
 * back and again when the backlog is empty.
 */
/** Waits until the verify index's backlog is empty; the rows it held when called, or null on a schema without one. */
async function waitForEmptyBacklog(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const count = async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM quote_lsh_backlog')).rows[0]?.n ?? 0);
    if ((await client.query<{ t: string | null }>("SELECT to_regclass('quote_lsh_backlog') AS t")).rows[0]?.t == null) return null;
    const first = await count();
    while ((await count()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    return first;
  } finally {
    await client.end();
  }
}

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
  // The verify index's backlog (written with the quotes, moved into its GIN index after the callers heard back): its move, to the end.
  const backlogAtEnd = await waitForEmptyBacklog(values['database-url']);
  const drained = (performance.now() - started) / 1000;
  const clientDrained = process.cpuUsage(clientBefore);
  const serverDrainedSpent = watch.cpuMsSince(serverBefore);
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
      // The same with the verify index's backlog moved into its index (null: no backlog on this schema).
      backlogAtEnd,
      secondsToEmptyBacklog: backlogAtEnd === null ? null : Number(drained.toFixed(1)),
      clientCpuMsPerThousandWithBacklog: backlogAtEnd === null ? null : Math.round(((clientDrained.user + clientDrained.system) / 1000 / Math.max(1, after - before)) * 1000),
      serverCpuMsPerThousandWithBacklog: backlogAtEnd === null || serverDrainedSpent === null ? null : Math.round((serverDrainedSpent / Math.max(1, after - before)) * 1000),
    })}\n`,
  );
  return 0;
}

runMain(main);
