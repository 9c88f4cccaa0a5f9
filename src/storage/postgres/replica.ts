import type pg from 'pg';
import { currentReadPosition, parseLogPosition } from '../read-position.ts';
import type { Queryable } from './connection.ts';

/** How far a replica is behind its primary, for /health. */
export interface ReplicaLag {
  reachable: boolean;
  /** WAL bytes the primary has written that the replica has not replayed; null when unknown. */
  lagBytes: number | null;
  /** Whether replay is paused on the replica (pg_wal_replay_pause()). */
  replayPaused: boolean | null;
}

const POLL_MS = 5;

/** A connection failure (refused, reset, the server shutting down), not an error of the statement. */
function unreachable(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
  return /^E[A-Z]+$/.test(code) || code.startsWith('08') || code.startsWith('57P') || (error instanceof Error && /Connection terminated/.test(error.message));
}

/**
 * Reads for a primary with one streaming replica. A read goes to the replica
 * unless the request carries a log position (the client's own last write,
 * see read-position.ts) the replica has not replayed yet: then it waits for
 * replay up to `maxWaitMs`, and reads from the primary if replay is slower.
 * So a client reads its own writes, and everyone else reads the replica.
 */
export class ReplicaRouter {
  /** The highest position the replica is known to have replayed. */
  private replayed = 0n;
  /** Reads that found the replica behind and went to the primary (tests and logs). */
  fellBack = 0;

  constructor(
    readonly replica: pg.Pool,
    private readonly primary: pg.Pool,
    private readonly maxWaitMs: number,
  ) {}

  /** The pool that may answer a read made now. */
  async choose(): Promise<pg.Pool> {
    const after = currentReadPosition()?.after ?? null;
    const wanted = after === null ? null : parseLogPosition(after);
    if (wanted === null || wanted <= this.replayed) return this.replica;
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      try {
        const position = await this.replayPosition();
        if (position !== null && position >= wanted) return this.replica;
      } catch {
        break; // the replica is gone: the primary answers
      }
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    this.fellBack++;
    return this.primary;
  }

  /** The position the replica has replayed (and remembers it). */
  private async replayPosition(): Promise<bigint | null> {
    const result = await this.replica.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
    const position = result.rows[0]?.lsn == null ? null : parseLogPosition(result.rows[0].lsn);
    if (position !== null && position > this.replayed) this.replayed = position;
    return position;
  }

  /** A Queryable whose every query goes where `choose` says. */
  queryable(): Queryable {
    const route = async (config: pg.QueryConfig | string, values?: unknown[]) => {
      const pool = await this.choose();
      try {
        return await pool.query(config, values);
      } catch (error) {
        // The replica is down or restarting: the primary answers rather than the client seeing an error.
        if (pool === this.replica && unreachable(error)) {
          this.fellBack++;
          return this.primary.query(config, values);
        }
        throw error;
      }
    };
    // pg's overloads (callbacks, row modes) are not used here: every caller awaits a QueryConfig or text.
    return { query: route } as unknown as Queryable;
  }

  async lag(): Promise<ReplicaLag> {
    try {
      const primary = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const replica = await this.replica.query<{ lsn: string | null; paused: boolean }>(
        'SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_wal_replay_paused() AS paused',
      );
      const written = parseLogPosition(primary.rows[0]?.lsn ?? '');
      const lsn = replica.rows[0]?.lsn;
      const replayed = lsn == null ? null : parseLogPosition(lsn);
      const lagBytes = written === null || replayed === null ? null : Number(written > replayed ? written - replayed : 0n);
      return { reachable: true, lagBytes, replayPaused: replica.rows[0]?.paused ?? null };
    } catch {
      return { reachable: false, lagBytes: null, replayPaused: null };
    }
  }
}
