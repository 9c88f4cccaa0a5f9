import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runMain } from '../../src/cli/run-main.ts';
import { runCli, startServer, type ServerProcess } from '../../test/support/server-process.ts';
import { buildCorpus } from '../corpus/generate.ts';
import { corpusWords } from '../search.bench.ts';
import type { PhaseResult } from './checks.ts';
import { authMatrix, costFamilies, cursorForgery, hostileBodies, races, rateLimitAttacks, type Keys } from './phases.ts';
import { backupUnderWrites, sigkillDuringBackup } from './backup.ts';
import { Phase } from './checks.ts';
import { diskFull } from './disk-full.ts';
import { sigkillDuringIngest } from './sigkill.ts';

/**
 * `npm run attack [-- --quotes N] [--kills N]`: the hostile-client attack of
 * issue 16 as a repeatable run. Builds a temporary corpus, starts the real
 * server on it (loopback only), runs every phase, SIGKILLs ingesting servers
 * and backups, fills a small disk, prints a summary and exits 1 when any
 * expectation broke. Bounded: a few thousand requests, and it stops by itself
 * after MAX_MINUTES.
 */
const MAX_MINUTES = 15;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { quotes: { type: 'string', default: '20000' }, kills: { type: 'string', default: '3' } } });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-attack-'));
  const servers: ServerProcess[] = [];
  const deadline = setTimeout(() => {
    log(`attack: stopped after ${MAX_MINUTES} minutes`);
    for (const s of servers) s.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    process.exit(2);
  }, MAX_MINUTES * 60_000);
  deadline.unref();
  const started = performance.now();
  try {
    const db = path.join(dir, 'corpus.db');
    log(`attack: building a ${values.quotes}-quote corpus`);
    await buildCorpus({ quotes: Number(values.quotes), db });
    const env = { DATABASE_URL: `file:${db}`, SEED_ON_START: 'false' };
    const key = async (role: string) => (await runCli(['keys', 'create', '--role', role], env)).stdout.trim();
    const keys: Keys = { reader: await key('reader'), editor: await key('editor'), admin: await key('admin') };
    const open = await startServer({ ...env, RATE_LIMIT_MAX: '1000000', RATE_LIMIT_AUTH_FAILURES: '1000000' });
    const strict = await startServer({ ...env, RATE_LIMIT_MAX: '10', RATE_LIMIT_AUTH_FAILURES: '5' });
    servers.push(open, strict);
    const results: PhaseResult[] = [];
    const run = async (name: string, phase: () => Promise<PhaseResult>) => {
      log(`attack: ${name}`);
      results.push(await phase());
    };
    await run('rate limits', () => rateLimitAttacks(strict.url, keys));
    await run('auth matrix', () => authMatrix(open.url, keys));
    await run('hostile bodies', () => hostileBodies(open.url, keys));
    await run('cost families', () => costFamilies(open.url, open.child.pid));
    await run('cursor forgery', () => cursorForgery(open.url, corpusWords()));
    await run('races', () => races(open.url, keys));
    for (const s of servers.splice(0)) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    await run('SIGKILL during ingest', () => sigkillDuringIngest(dir, Number(values.kills)));
    // The backups work on a copy of the corpus, which their servers write to.
    const live = path.join(dir, 'backup-live.db');
    copyFileSync(db, live);
    await run('backup under 20 writes/s', async () => {
      const phase = new Phase('backup under 20 writes/s');
      const r = await backupUnderWrites(live, 20, phase);
      phase.notes.push(`${r.databaseMiB} MiB in ${r.seconds.toFixed(1)} s, ${r.acknowledged} writes acknowledged meanwhile, copy ${r.integrity}, ${r.quotes} quotes, restored: ${r.restored}`);
      return phase.result();
    });
    await run('SIGKILL during backup', () => sigkillDuringBackup(live, Number(values.kills)));
    await run('disk full', () => diskFull(dir));

    const lines = [
      `# whosaid attack — ${new Date().toISOString()} — ${values.quotes} quotes, ${os.cpus().length} cores, Node ${process.version}`,
      '',
      '| phase | requests | broken expectations | seconds | notes |',
      '| --- | --- | --- | --- | --- |',
      ...results.map((r) => `| ${r.phase} | ${r.requests} | ${r.failures.length} | ${r.seconds.toFixed(1)} | ${r.notes.join('; ')} |`),
      '',
      `total: ${results.reduce((n, r) => n + r.requests, 0)} requests, ${results.reduce((n, r) => n + r.failures.length, 0)} broken expectations, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    ];
    for (const r of results) for (const f of r.failures) lines.push(`- ${r.phase}: ${f}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return results.some((r) => r.failures.length > 0) ? 1 : 0;
  } finally {
    for (const s of servers) s.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
