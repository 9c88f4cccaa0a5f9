import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runCli, startServer } from '../../test/support/server-process.ts';
import { json, Phase, type PhaseResult } from './checks.ts';

/** Size of the temporary filesystem: room for a fresh database, its WAL and the verify index. */
const FILESYSTEM_MIB = 64;
/** Room left beside the filler: a few writes fit, then the disk is full. */
const LEFT_BYTES = 512 * 1024;

/**
 * A full disk, for real: the database on a small tmpfs (mounting needs root;
 * without it the phase is skipped and says so), a filler file leaving half a
 * megabyte, then writes until the disk is full. Expected: writes answer 201
 * or 507 storage_full (problem+json), never another 5xx; reads and /health
 * keep answering 200; once space is freed, writes succeed again; after a
 * clean stop the file passes integrity_check and holds every acknowledged write.
 */
export async function diskFull(dir: string): Promise<PhaseResult> {
  const phase = new Phase('disk full (tmpfs)');
  const mount = path.join(dir, 'small-disk');
  mkdirSync(mount, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${FILESYSTEM_MIB}m`, 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    phase.notes.push('skipped: this machine does not allow mounting a tmpfs (needs root); test/write-lock.test.ts covers SQLITE_FULL through max_page_count');
    return phase.result();
  }
  try {
    const file = path.join(mount, 'full.db');
    const env = { DATABASE_URL: `file:${file}`, SEED_ON_START: 'false', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_AUTH_FAILURES: '1000000' };
    const key = (await runCli(['keys', 'create', '--role', 'editor'], env)).stdout.trim();
    const server = await startServer(env);
    const acknowledged: number[] = [];
    let full = 0;
    try {
      const write = async (n: number) => {
        phase.requests++;
        // Long texts (~40 KB), so that the disk fills in a few dozen writes.
        const text = `“Statement ${n} on the budget,” said Lena Fischer. ${`The figures for item ${n} are under review. `.repeat(900)}`;
        const res = await fetch(`${server.url}/v1/documents`, { ...json({ text, extract: true }, key), signal: AbortSignal.timeout(30_000) });
        const body = (await res.json()) as { code?: string; document?: { id: number } };
        if (res.status === 201 && body.document !== undefined) acknowledged.push(body.document.id);
        else if (res.status === 507) {
          full++;
          phase.expect(body.code === 'storage_full' && (res.headers.get('content-type') ?? '').includes('application/problem+json'), `507 without problem+json storage_full: ${JSON.stringify(body)}`);
        } else phase.failures.push(`a write on a full disk answered ${res.status} ${body.code ?? ''}`);
        return res.status;
      };
      for (let n = 0; n < 3; n++) await write(n);
      const free = statfsSync(mount);
      const filler = path.join(mount, 'filler');
      writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - LEFT_BYTES)));
      let n = 3;
      while (full < 3 && n < 200) await write(n++);
      phase.expect(full > 0, 'the disk never filled');
      for (const p of ['/health', '/v1/quotes?q=budget&limit=5', `/v1/documents/${acknowledged[0] ?? 1}`]) {
        const res = await fetch(`${server.url}${p}`);
        phase.requests++;
        phase.expect(res.status === 200, `GET ${p} on a full disk answered ${res.status}`);
      }
      rmSync(filler);
      phase.expect((await write(n++)) === 201, 'a write after space was freed did not succeed');
      phase.notes.push(`${acknowledged.length} writes acknowledged, ${full} answered 507 storage_full`);
    } finally {
      server.child.kill('SIGTERM');
      phase.expect((await server.exited) === 0, 'the server did not stop cleanly after the disk was full');
    }
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      phase.expect(db.prepare('PRAGMA integrity_check').pluck().get() === 'ok', 'integrity_check after the disk was full is not ok');
      const present = db.prepare('SELECT COUNT(*) FROM Document WHERE id = ?').pluck();
      const lost = acknowledged.filter((id) => present.get(id) !== 1);
      phase.expect(lost.length === 0, `${lost.length} acknowledged writes lost`);
    } finally {
      db.close();
    }
  } finally {
    execFileSync('umount', [mount], { stdio: 'ignore' });
    rmSync(mount, { recursive: true, force: true });
  }
  return phase.result();
}
