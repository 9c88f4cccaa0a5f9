import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runCli, startCli, startServer, type ServerProcess } from '../../test/support/server-process.ts';
import { json, Phase, type PhaseResult } from './checks.ts';

/** A short article with two quotes by named speakers: one write of the steady load. */
function article(n: number): string {
  return `“The ferry timetable ${n} changes in spring,” said Maria Santos, a councillor.\n“We were not asked about timetable ${n},” said Omar Haddad.`;
}

/** Documents posted at `perSecond` (each with extract: true) until stopped; counts what was acknowledged. */
function steadyWrites(server: ServerProcess, key: string, perSecond: number, phase: Phase, from: number) {
  let n = from;
  let acknowledged = 0;
  let overloaded = 0;
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const write = (async () => {
      phase.requests++;
      const res = await fetch(`${server.url}/v1/documents`, { ...json({ text: article(n++), extract: true }, key), signal: AbortSignal.timeout(30_000) });
      const body = await res.text();
      if (res.status === 201) acknowledged++;
      // The extraction queue full on a busy machine is an honest answer (with Retry-After), not a fault.
      else if (res.status === 503 && body.includes('"code":"overloaded"')) overloaded++;
      else phase.failures.push(`a write during the backup answered ${res.status}: ${body.slice(0, 200)}`);
    })().catch((error: unknown) => void phase.failures.push(`a write during the backup failed: ${String(error)}`));
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
  }, 1000 / perSecond);
  return {
    async stop(): Promise<{ acknowledged: number; overloaded: number; next: number }> {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      return { acknowledged, overloaded, next: n };
    },
  };
}

function checkCopy(file: string): { integrity: string; tables: number; quotes: number } {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.prepare('PRAGMA integrity_check').pluck().get() as string,
      tables: db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number,
      quotes: db.prepare('SELECT COUNT(*) FROM Quote').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

export interface BackupUnderWrites {
  databaseMiB: number;
  seconds: number;
  writesPerSecond: number;
  acknowledged: number;
  integrity: string;
  quotes: number;
  restored: boolean;
}

/**
 * `whosaid backup` of `file` while a server on it takes `perSecond` writes;
 * then the copy is checked and a server started on it. Issue 16: it must
 * finish on a 250 MB database under 20 writes/s.
 */
export async function backupUnderWrites(file: string, perSecond: number, phase: Phase): Promise<BackupUnderWrites> {
  const env = { DATABASE_URL: `file:${file}`, SEED_ON_START: 'false', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_AUTH_FAILURES: '1000000' };
  const key = (await runCli(['keys', 'create', '--role', 'editor'], env)).stdout.trim();
  const server = await startServer(env, 300_000);
  const copy = path.join(path.dirname(file), `backup-${Date.now()}.db`);
  try {
    const writes = steadyWrites(server, key, perSecond, phase, 0);
    // Let the load settle before the backup starts.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const started = performance.now();
    const result = await runCli(['backup', copy], env);
    const seconds = (performance.now() - started) / 1000;
    const { acknowledged, overloaded } = await writes.stop();
    if (overloaded > 0) phase.notes.push(`${overloaded} writes answered 503 overloaded (the machine's extraction queue)`);
    phase.expect(result.code === 0, `backup exited ${result.code}: ${result.stderr.slice(0, 300)}`);
    const checked = existsSync(copy) ? checkCopy(copy) : { integrity: 'missing', tables: 0, quotes: 0 };
    phase.expect(checked.integrity === 'ok', `the backup's integrity_check: ${checked.integrity}`);
    let restored = false;
    if (checked.integrity === 'ok') {
      // The first start on a copy rebuilds the verify index (seconds per 100,000 quotes).
      const onCopy = await startServer({ ...env, DATABASE_URL: `file:${copy}` }, 600_000);
      try {
        restored = (await fetch(`${onCopy.url}/health`)).status === 200;
        phase.requests++;
      } finally {
        onCopy.child.kill('SIGTERM');
        await onCopy.exited;
      }
    }
    phase.expect(restored, 'a server on the backup did not answer /health with 200');
    return {
      databaseMiB: Math.round(statSync(file).size / 2 ** 20),
      seconds,
      writesPerSecond: acknowledged / (seconds + 2),
      acknowledged,
      integrity: checked.integrity,
      quotes: checked.quotes,
      restored,
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    for (const f of readdirSync(path.dirname(copy)).filter((f) => f.startsWith(path.basename(copy)))) rmSync(path.join(path.dirname(copy), f), { force: true });
  }
}

/** Documents of the steady load in the file. */
function storedWrites(file: string): number {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare("SELECT COUNT(*) FROM Document WHERE text LIKE '%The ferry timetable%'").pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Waits until `predicate` holds (polling every 2 ms) or `ms` pass; whether it held. */
async function until(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return predicate();
}

/**
 * SIGKILLs `whosaid backup` at several points of its copy while a server
 * writes, and checks: no file ever has the backup's name unless it is a whole,
 * checked copy; the live database stays intact and every acknowledged write is
 * in it; a later backup to the same name succeeds.
 */
export async function sigkillDuringBackup(file: string, kills: number): Promise<PhaseResult> {
  const phase = new Phase(`SIGKILL during backup (${kills}×), 20 writes/s`);
  const env = { DATABASE_URL: `file:${file}`, SEED_ON_START: 'false', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_AUTH_FAILURES: '1000000' };
  const key = (await runCli(['keys', 'create', '--role', 'editor'], env)).stdout.trim();
  const before = storedWrites(file);
  const server = await startServer(env);
  const dir = path.dirname(file);
  const destination = path.join(dir, 'killed-backup.db');
  const partials = () => readdirSync(dir).filter((f) => f.startsWith('killed-backup.db.partial-'));
  let acknowledged = 0;
  let overloaded = 0;
  let next = 100_000;
  try {
    for (let k = 0; k < kills; k++) {
      const writes = steadyWrites(server, key, 20, phase, next);
      const cli = startCli(['backup', destination], env);
      // Killed once the copy is under way: right as it starts, then later into it.
      const started = await until(() => partials().length > 0 || existsSync(destination), 60_000);
      await new Promise((resolve) => setTimeout(resolve, k * 40));
      cli.child.kill('SIGKILL');
      await cli.exited;
      const done = await writes.stop();
      acknowledged += done.acknowledged;
      overloaded += done.overloaded;
      next = done.next;
      phase.expect(started, `kill ${k}: the copy never started`);
      if (existsSync(destination)) {
        // Only a whole copy may have the name: the kill came after the rename.
        const checked = checkCopy(destination);
        phase.expect(checked.integrity === 'ok' && checked.tables > 10, `kill ${k}: ${destination} exists but is not whole (${checked.integrity}, ${checked.tables} tables)`);
        phase.notes.push(`kill ${k} came after the rename`);
        rmSync(destination, { force: true });
      }
      for (const f of partials()) rmSync(path.join(dir, f), { force: true });
    }
    const health = await fetch(`${server.url}/health`);
    phase.requests++;
    phase.expect(health.status === 200, `health after the kills: ${health.status}`);
    const again = await runCli(['backup', destination], env);
    phase.expect(again.code === 0 && checkCopy(destination).integrity === 'ok', `a backup after the kills: exit ${again.code} ${again.stderr.slice(0, 200)}`);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  const live = new BetterSqlite3(file, { readonly: true });
  try {
    phase.expect(live.prepare('PRAGMA integrity_check').pluck().get() === 'ok', 'the live database failed integrity_check');
    const stored = storedWrites(file) - before;
    phase.expect(stored === acknowledged, `${acknowledged} writes acknowledged, ${stored} stored`);
    phase.notes.push(`${kills} kills, ${acknowledged} writes acknowledged and stored (${overloaded} answered 503 overloaded), no file named as the backup unless whole`);
  } finally {
    live.close();
  }
  rmSync(destination, { force: true });
  return phase.result();
}
