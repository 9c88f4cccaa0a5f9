import pg from 'pg';
import { currentActor, type Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import { noteWritten } from '../read-position.ts';
import { ReplicaRouter } from './replica.ts';
import { forgetNewestQuote } from './request-snapshot.ts';

// bigint (count(*), sums) and numeric as JavaScript numbers: every count and id here stays far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Who writes and when: fixed for one transaction. */
export interface WriteContext {
  client: pg.PoolClient;
  actor: Actor;
  now: Date;
}

/** PostgreSQL's SQLSTATE of an error, or ''. */
function sqlState(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';

/** A deadlock's victim (40P01) or a serialization failure (40001): rolled back whole, and worth running again. */
const isConflict = (error: unknown): boolean => sqlState(error) === '40P01' || sqlState(error) === '40001';

/** How many times a transaction is run when the server keeps rolling it back for a conflict. */
const TRANSACTION_ATTEMPTS = 4;

class TransactionConflict extends Error {
  constructor(cause: unknown) {
    super('transaction rolled back for a conflict', { cause });
  }
}

/** The server's errors that are its state, not a bug, as the codes every write path answers with. */
export function storageError(error: unknown): unknown {
  const state = sqlState(error);
  // 53100 disk full, 53200 out of memory, 53300 too many connections; 57P01–03 shutting down; 40001/40P01 serialization/deadlock.
  if (state === '22021' || state === '22P05') return new AppError('validation_failed', 'Text with a NUL character (U+0000) cannot be stored.');
  if (state === '53100') return new AppError('storage_full', 'The disk holding the database is full; nothing was written.');
  if (state === '53300' || state.startsWith('57P') || state === '40001' || state === '40P01' || state === '55P03') {
    return new AppError('database_busy', 'The database could not take the write now; retry shortly.');
  }
  return error;
}

/**
 * Every statement is planned for its own parameters: a word in 3 quotes and one in 900,000 need
 * different plans (index or scan, rank all or the newest), and after five runs of a prepared statement
 * PostgreSQL would otherwise settle on one generic plan for all (measured: a scan of every quote for a
 * rare word, 6 ms instead of 0.2 at 1,155 quotes). The statements stay prepared (parsed once).
 * No JIT compilation and no parallel workers: every statement here is short, and both cost more than
 * they save on one (a JIT-compiled count took tens of milliseconds to compile; workers were started for
 * a word in 19 quotes, on a planner's guess of 3,400), while concurrent requests use the cores anyway.
 */
const SESSION_OPTIONS = '-c plan_cache_mode=force_custom_plan -c jit=off -c max_parallel_workers_per_gather=0';

/**
 * The backend's connections: a write pool (the primary) and a read pool (the
 * same server today; a replica's URL later). Nothing is kept in the process
 * that a second API process could not see: every answer comes from the server.
 */
export class Connections {
  readonly read: pg.Pool;
  readonly write: pg.Pool;
  /** With DATABASE_REPLICA_URL: the replica's pool and which reads it may answer. */
  readonly replica: ReplicaRouter | null;
  /** What the repositories read through: the read pool, or the replica router. */
  readonly reads: Queryable;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    url: string,
    options: { readUrl?: string; readSize?: number; writeSize?: number; replicaUrl?: string; replicaWaitMs?: number; preparedStatements?: boolean } = {},
  ) {
    namedStatements = options.preparedStatements ?? true;
    // A pooler refuses startup options it does not know; unnamed statements get custom plans anyway.
    const session = namedStatements ? { options: SESSION_OPTIONS } : {};
    this.write = new pg.Pool({ connectionString: url, max: options.writeSize ?? 8, idleTimeoutMillis: 30_000, ...session });
    this.read = new pg.Pool({ connectionString: options.readUrl ?? url, max: options.readSize ?? 8, idleTimeoutMillis: 30_000, ...session });
    // An idle connection the server dropped (restart, failover) must not crash the process: the pool replaces it.
    this.write.on('error', () => undefined);
    this.read.on('error', () => undefined);
    if (options.replicaUrl === undefined) {
      this.replica = null;
      this.reads = this.read;
    } else {
      const replica = new pg.Pool({ connectionString: options.replicaUrl, max: options.readSize ?? 8, idleTimeoutMillis: 30_000, ...session });
      replica.on('error', () => undefined);
      this.replica = new ReplicaRouter(replica, this.read, options.replicaWaitMs ?? 250);
      this.reads = this.replica.queryable();
    }
  }

  /**
   * `work` in one transaction on a write connection, with the caller's actor for the audit rows. A
   * transaction the server chose as a deadlock's victim (or could not serialize) was rolled back whole:
   * it is run again, a few times, after a short random wait, so `work` must start from what it reads (no
   * state of its own carried from one run to the next).
   */
  async transaction<T>(work: (ctx: WriteContext) => Promise<T>, actor: Actor = currentActor()): Promise<T> {
    if (this.closed) throw new AppError('database_busy', 'The storage is closing; retry shortly.');
    const run = this.runRetried(work, actor);
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  private async runRetried<T>(work: (ctx: WriteContext) => Promise<T>, actor: Actor): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runTransaction(work, actor);
      } catch (error) {
        if (!(error instanceof TransactionConflict)) throw error;
        if (attempt >= TRANSACTION_ATTEMPTS) throw storageError(error.cause);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  private async runTransaction<T>(work: (ctx: WriteContext) => Promise<T>, actor: Actor): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.write.connect();
    } catch (error) {
      throw storageError(error);
    }
    try {
      await client.query('BEGIN');
      const result = await work({ client, actor, now: new Date() });
      await client.query('COMMIT');
      forgetNewestQuote();
      // Where the commit sits in the log: the client's later reads wait for a replica to replay that far.
      // Committed is committed: a failure to read the position only costs this client its read-your-writes.
      if (this.replica !== null) {
        const position = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn').catch(() => null);
        noteWritten(position?.rows[0]?.lsn ?? null);
      }
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw isConflict(error) ? new TransactionConflict(error) : storageError(error);
    } finally {
      client.release();
    }
  }

  private closing: Promise<void> | null = null;

  /** Waits for transactions in flight, then closes both pools; a second call waits for the first. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await Promise.all([this.write.end(), this.read.end(), this.replica?.replica.end()]);
    })();
    return this.closing;
  }
}

/** Whether a parameter holds U+0000, which PostgreSQL text cannot hold (SQLite can). */
function holdsNul(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  return Array.isArray(v) && v.some(holdsNul);
}

const statementNames = new Map<string, string>();
/**
 * Off (DATABASE_PREPARED_STATEMENTS=false) behind a pooler in transaction mode that does not carry
 * prepared statements between server connections (pgbouncer before 1.21): every statement is then
 * sent unnamed, parsed and planned each time. One setting per process, as its configuration is.
 */
let namedStatements = true;

/** A statement prepared once per connection (named by its text) and run with its parameters. */
export async function rows<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R[]> {
  // Nothing stored can hold it, and the server would refuse the statement: the caller's input is at fault.
  if (values.some(holdsNul)) throw new AppError('validation_failed', 'Text with a NUL character (U+0000) cannot be stored or searched.');
  if (!namedStatements) return (await db.query<R>({ text, values })).rows;
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `ws${statementNames.size}`;
    statementNames.set(text, name);
  }
  const result = await db.query<R>({ name, text, values });
  return result.rows;
}

/** The first row, or null. */
export async function row<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R | null> {
  return (await rows<R>(db, text, values))[0] ?? null;
}

/** The first column of every row. */
export async function column<T>(db: Queryable, text: string, values: unknown[] = []): Promise<T[]> {
  const result = await rows<Record<string, T>>(db, text, values);
  return result.map((r) => Object.values(r)[0] as T);
}

/** The first column of the first row, or null. */
export async function value<T>(db: Queryable, text: string, values: unknown[] = []): Promise<T | null> {
  return (await column<T>(db, text, values))[0] ?? null;
}

/** Positional parameters of a statement built at run time, numbered as they are added. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}
