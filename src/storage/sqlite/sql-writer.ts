import { setImmediate as nextTurn } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { currentActor, type Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import type { SqlConnection } from './database.ts';
import { sqliteTimestamp } from './repositories/timestamp.ts';
import type { WriteLock } from './write-lock.ts';

/** Who writes and when: fixed for one transaction. */
export interface WriteContext {
  actor: Actor;
  now: string;
}

/** Another connection held SQLite's lock past the busy timeout. */
function isBusy(error: unknown): boolean {
  return error instanceof BetterSqlite3.SqliteError && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'));
}

/** The disk (or the file's size limit) is full. */
function isFull(error: unknown): boolean {
  return error instanceof BetterSqlite3.SqliteError && error.code.startsWith('SQLITE_FULL');
}

/** A unique index refused the row. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof BetterSqlite3.SqliteError &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  );
}

/**
 * The one way to write: the process's one write connection, each write a
 * synchronous `BEGIN IMMEDIATE` transaction taken under the write lock. IMMEDIATE
 * takes SQLite's write lock before the first read, so what a write reads cannot
 * be changed by another process before it writes; another process's writer is
 * waited for through the busy timeout. Every write path answers the same way
 * when the database is busy (`database_busy`, 503) or the disk is full
 * (`storage_full`, 507).
 */
export class SqlWriter {
  /** One transaction function for every call: runs its argument inside BEGIN IMMEDIATE … COMMIT. */
  private readonly transaction: BetterSqlite3.Transaction<(work: () => unknown) => unknown>;

  constructor(
    readonly connection: SqlConnection,
    readonly lock: WriteLock,
  ) {
    this.transaction = connection.transaction((work: () => unknown) => work());
  }

  /** `work` as one transaction under the write lock, with the caller's actor for the audit rows. */
  write<T>(work: (ctx: WriteContext) => T): Promise<T> {
    // The actor is taken here, in the caller's async context.
    const actor = currentActor();
    return this.lock.run(() => this.inTransaction(() => work({ actor, now: sqliteTimestamp() })));
  }

  /**
   * `steps` inside one BEGIN IMMEDIATE … COMMIT, one per turn of the event
   * loop (rolled back if one throws), then `result` before the commit: a write
   * too long for one turn (an article of thousands of quotes) lets other
   * requests be served between its steps. The caller holds the write lock, so
   * no other write uses the connection meanwhile, and readers (their own
   * connection, WAL) see the state before it until it commits.
   */
  async inTurns<T>(steps: readonly (() => void)[], result: () => T): Promise<T> {
    const run = (sql: string) => this.connection.prepare(sql).run();
    try {
      run('BEGIN IMMEDIATE');
    } catch (error) {
      throw storageError(error);
    }
    try {
      for (const [i, step] of steps.entries()) {
        if (i > 0) await nextTurn();
        step();
      }
      const value = result();
      run('COMMIT');
      return value;
    } catch (error) {
      if (this.connection.inTransaction) run('ROLLBACK');
      throw storageError(error);
    }
  }

  /** `work` inside BEGIN IMMEDIATE … COMMIT (rolled back if it throws); the caller holds the write lock. */
  inTransaction<T>(work: () => T): T {
    try {
      return this.transaction.immediate(work) as T;
    } catch (error) {
      throw storageError(error);
    }
  }
}

/** SQLite's errors that are the database's state, not a bug, as the codes every write path answers with. */
export function storageError(error: unknown): unknown {
  if (isBusy(error)) return new AppError('database_busy', 'Another process held the database too long; retry shortly.');
  if (isFull(error)) return new AppError('storage_full', 'The disk holding the database is full; nothing was written.');
  return error;
}
