import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * CPU time and statement counts of a local PostgreSQL server and of API
 * processes, read from /proc and pg_stat_statements: what an operation costs
 * on this machine whatever else runs on it (wall time on a shared machine
 * says more about the others than about the operation).
 */

/** A process's fields from /proc/PID/stat (after the command's closing parenthesis), or null. */
function statFields(pid: string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) a process has spent so far, or null when it is gone. */
export function processCpuMs(pid: number): number | null {
  const f = statFields(String(pid));
  return f === null ? null : ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * A local PostgreSQL server watched through one connection of its own: the
 * CPU milliseconds its processes (the postmaster's children: backends,
 * writers, autovacuum) have spent so far, and how many statements
 * pg_stat_statements has seen run (when the extension is installed).
 */
export class ServerWatch {
  private constructor(
    private readonly client: pg.Client,
    private readonly postmaster: string | null,
    private readonly statementsKnown: boolean,
  ) {}

  static async open(url: string): Promise<ServerWatch> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const backend = String((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    const postmaster = statFields(backend)?.[1] ?? null;
    const ext = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
    return new ServerWatch(client, postmaster, ext.rowCount === 1);
  }

  /** CPU milliseconds each of the server's processes has spent so far (by pid), or null when the server is not on this machine. */
  cpu(): Map<string, number> | null {
    if (this.postmaster === null) return null;
    const byPid = new Map<string, number>();
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      const f = statFields(pid);
      if (f?.[1] === this.postmaster) byPid.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND);
    }
    return byPid;
  }

  /**
   * CPU milliseconds the server's processes spent since `before` (a cpu() reading): a process started
   * since counts whole; one that exited since (an autovacuum worker, an idle connection closed) is lost,
   * never subtracted.
   */
  cpuMsSince(before: Map<string, number> | null): number | null {
    const now = this.cpu();
    if (before === null || now === null) return null;
    let ms = 0;
    for (const [pid, spent] of now) ms += spent - (before.get(pid) ?? 0);
    return ms;
  }

  /** Statements run so far on this database (this watch's own left out), or null without pg_stat_statements. */
  async statements(): Promise<number | null> {
    if (!this.statementsKnown) return null;
    const r = await this.client.query<{ n: string | null }>(
      `SELECT sum(calls)::text AS n FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'`,
    );
    return Number(r.rows[0]?.n ?? 0);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
