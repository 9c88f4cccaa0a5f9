import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runCli, startServer } from '../../test/support/server-process.ts';
import { json, Phase, type PhaseResult } from './checks.ts';

const QUOTES_PER_DOCUMENT = 4;
const NAMES = ['Maria Santos', 'Tomas Berg', 'Aiko Tanaka', 'Omar Haddad', 'Lena Fischer', 'Kwame Mensah'];

/** An article whose every quote has a named speaker: ingest stores exactly QUOTES_PER_DOCUMENT. */
function article(round: number, n: number): string {
  return Array.from({ length: QUOTES_PER_DOCUMENT }, (_, i) => {
    const name = NAMES[(n + i) % NAMES.length] as string;
    return `“The harbour plan ${round}-${n} needs change ${i} before the vote,” said ${name}, a councillor in the city.`;
  }).join('\n');
}

/**
 * Ingest from four writers, SIGKILL the server mid-flight, restart it, and
 * check: the file is intact, every acknowledged document is there, and no
 * document has only part of its quotes. `rounds` kills in a row on one file.
 */
export async function sigkillDuringIngest(dir: string, rounds: number): Promise<PhaseResult> {
  const phase = new Phase(`SIGKILL during ingest (${rounds}×)`);
  const file = path.join(dir, 'sigkill.db');
  const env = { DATABASE_URL: `file:${file}`, SEED_ON_START: 'false', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_AUTH_FAILURES: '1000000' };
  const key = (await runCli(['keys', 'create', '--role', 'editor'], env)).stdout.trim();
  const acknowledged: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const server = await startServer(env);
    let killed = false;
    let inRound = 0;
    const writer = async (w: number) => {
      for (let n = w; n < 10_000; n += 4) {
        try {
          const res = await fetch(`${server.url}/v1/documents`, { ...json({ text: article(round, n), extract: true }, key), signal: AbortSignal.timeout(30_000) });
          phase.requests++;
          if (res.status !== 201) {
            phase.failures.push(`round ${round}: ingest answered ${res.status}`);
            return;
          }
          acknowledged.push(((await res.json()) as { document: { id: number } }).document.id);
          inRound++;
        } catch {
          if (!killed) phase.failures.push(`round ${round}: a request failed before the kill`);
          return;
        }
        if (inRound === 25 && !killed) {
          setTimeout(() => {
            killed = true;
            server.child.kill('SIGKILL');
          }, 20 + round * 7);
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    await server.exited;
  }
  const restarted = await startServer(env);
  try {
    const health = await fetch(`${restarted.url}/health`);
    phase.expect(health.status === 200, `health after the last restart: ${health.status}`);
  } finally {
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  }
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    phase.expect(db.prepare('PRAGMA integrity_check').pluck().get() === 'ok', 'integrity_check is not ok');
    const rows = db.prepare('SELECT d.id, COUNT(o.id) AS n FROM Document d LEFT JOIN Occurrence o ON o.documentId = d.id GROUP BY d.id').all() as { id: number; n: number }[];
    const partial = rows.filter((r) => r.n !== QUOTES_PER_DOCUMENT);
    phase.expect(partial.length === 0, `${partial.length} documents with part of their quotes`);
    const stored = new Set(rows.map((r) => r.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    phase.expect(lost.length === 0, `${lost.length} acknowledged documents lost`);
    phase.notes.push(`${acknowledged.length} acknowledged, ${rows.length} stored, 0 partial expected (${partial.length}), ${lost.length} lost`);
  } finally {
    db.close();
  }
  return phase.result();
}
