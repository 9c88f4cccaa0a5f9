import { setImmediate as nextTurn } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { currentActor, type Actor } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import { turnIsLong } from '../../turns.ts';
import type { SqlConnection } from './database.ts';
import { StatementCache } from './repositories/statements.ts';
import { INDEX_QUOTE_SQL, indexedValuesSql, refreshFiledOnSql, refreshTagsSql, UNINDEX_QUOTE_SQL } from './search/search-index.sql.ts';
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

/** The page cache (KiB) of a write spread over turns (`limitCache`). */
const STEPPED_CACHE_KIB = 2048;

/** Quotes re-indexed for search per statement set when a transaction's re-indexing is done in steps. */
const RESYNC_CHUNK = 25;

/** The steps of a write spread over turns: each `yield` is a point where the event loop may run. */
export type WriteSteps<T> = Generator<void, T, void>;

/** A write of one step. */
const oneStep = <T>(work: () => T): Iterator<void, T, void> => ({ next: () => ({ done: true, value: work() }) });

/** All the steps at once, in the caller's turn (inside a transaction that is not spread over turns). */
export function allSteps<T>(steps: Iterator<void, T, void>): T {
  let next = steps.next();
  while (next.done !== true) next = steps.next();
  return next.value;
}

/**
 * The one way to write: the process's one write connection, each write a
 * `BEGIN IMMEDIATE` transaction taken under the write lock. IMMEDIATE
 * takes SQLite's write lock before the first read, so what a write reads cannot
 * be changed by another process before it writes; another process's writer is
 * waited for through the busy timeout. Every write path answers the same way
 * when the database is busy (`database_busy`, 503) or the disk is full
 * (`storage_full`, 507).
 *
 * A write too long for one turn of the event loop is done in steps inside its
 * one transaction (`writeInTurns`, docs/decisions/0014 and 0023): between
 * steps, once the turn has lasted TURN_MS, other requests are served. The
 * write lock is held throughout, so no other write uses the connection
 * meanwhile; readers (their own connection, WAL) see the state before it until
 * it commits; a step that throws rolls the whole write back.
 *
 * Re-indexing a speaker's quotes for search (their tags follow the speaker's
 * affiliations) is asked for with `resyncLater` and done just before the
 * commit, in steps of RESYNC_CHUNK quotes: a much-quoted speaker has
 * thousands.
 */
export class SqlWriter {
  /** One transaction function for every call: runs its argument inside BEGIN IMMEDIATE … COMMIT. */
  private readonly transaction: BetterSqlite3.Transaction<(work: () => unknown) => unknown>;
  private readonly statements: StatementCache;
  /** Speakers whose quotes, and quotes, to re-index for search before the current transaction commits. */
  private readonly resync = { speakers: new Set<number>(), quotes: new Set<number>() };

  constructor(
    readonly connection: SqlConnection,
    readonly lock: WriteLock,
    /** Called after each commit (database.ts starts the checkpointer thread with it). */
    private readonly committed: () => void = () => undefined,
  ) {
    this.transaction = connection.transaction((work: () => unknown) => {
      const value = work();
      allSteps(this.resyncSteps());
      return value;
    });
    this.statements = new StatementCache(connection);
  }

  /**
   * `work` as one transaction under the write lock, with the caller's actor for
   * the audit rows. The work runs in one turn; the re-indexing it asked for
   * (`resyncLater`) in steps after it.
   */
  write<T>(work: (ctx: WriteContext) => T): Promise<T> {
    // The actor is taken here, in the caller's async context; the time when the write starts.
    const actor = currentActor();
    return this.lock.run(() => {
      const ctx = { actor, now: sqliteTimestamp() };
      return this.inTurns(oneStep(() => work(ctx)));
    });
  }

  /**
   * `work` as one transaction under the write lock, in steps (see the class):
   * the event loop may run at each `yield` of `work` once the turn has lasted
   * TURN_MS, and between the steps of the re-indexing it asked for.
   */
  writeInTurns<T>(work: (ctx: WriteContext) => WriteSteps<T>): Promise<T> {
    // The actor is taken here, in the caller's async context.
    const actor = currentActor();
    return this.lock.run(() => this.inTurns(work({ actor, now: sqliteTimestamp() })));
  }

  /**
   * `steps` inside one BEGIN IMMEDIATE … COMMIT, letting the event loop run at
   * a `yield` whenever the turn has lasted TURN_MS (rolled back if a step
   * throws); its re-indexing (`resyncLater`) in steps before the commit. The
   * caller holds the write lock. A write that never yields, and asked for no
   * re-indexing, commits in the turn it started in.
   */
  async inTurns<T>(steps: Iterator<void, T, void>): Promise<T> {
    this.begin();
    let cache: number | null = null;
    const nextTurnOfALongWrite = (): Promise<void> => {
      cache ??= this.limitCache();
      return nextTurn();
    };
    try {
      let next = steps.next();
      while (next.done !== true) {
        if (turnIsLong()) await nextTurnOfALongWrite();
        next = steps.next();
      }
      const resync = this.resyncSteps();
      while (resync.next().done !== true) if (turnIsLong()) await nextTurnOfALongWrite();
      this.statements.get('COMMIT').run();
      this.committed();
      return next.value;
    } catch (error) {
      this.rollback();
      steps.return?.();
      throw storageError(error);
    } finally {
      if (cache !== null) this.connection.pragma(`cache_size = ${cache}`);
    }
  }

  /**
   * Limits the page cache to STEPPED_CACHE_KIB for a write that lasts more than a turn: SQLite then
   * writes the pages it changes to the WAL as it goes (spilling them), instead of all of them in the
   * COMMIT, one statement on the serving thread (a merge of a much-quoted speaker changes ~20 MB of
   * pages: 33–43 ms of the thread's CPU in the COMMIT with the 64 MiB cache, 12–18 ms with this).
   * The cache setting before, to put back after the commit.
   */
  private limitCache(): number {
    const before = this.connection.pragma('cache_size', { simple: true }) as number;
    this.connection.pragma(`cache_size = ${-STEPPED_CACHE_KIB}`);
    return before;
  }

  /** `work` inside BEGIN IMMEDIATE … COMMIT (rolled back if it throws), in one turn, its re-indexing included; the caller holds the write lock. */
  inTransaction<T>(work: () => T): T {
    this.clearResync();
    try {
      const value = this.transaction.immediate(work) as T;
      this.committed();
      return value;
    } catch (error) {
      this.clearResync();
      throw storageError(error);
    }
  }

  /**
   * Re-indexes for search, before the current transaction commits, all the quotes of a speaker
   * (as they are then) or these quotes. A re-index takes each quote out of the index with the values
   * it was indexed with and puts it back with its tags recomputed (search-index.sql.ts), so it may be
   * asked for at any point of a write, and more than once.
   */
  resyncLater(what: { speaker: number } | { quotes: readonly number[] }): void {
    if ('speaker' in what) this.resync.speakers.add(what.speaker);
    else for (const id of what.quotes) this.resync.quotes.add(id);
  }

  /**
   * The re-indexing asked for, RESYNC_CHUNK quotes at a time and one statement a step, until none is left.
   * Each quote is taken out of the index and put back before the next one, in id order: FTS5 writes its
   * pending changes to disk as a new segment (and merges segments) whenever a row comes before the last
   * one it was given, so removing a chunk and then indexing it again wrote a segment per chunk, inside a
   * statement of the serving thread.
   */
  private *resyncSteps(): Generator<void, void, void> {
    const { speakers, quotes } = this.resync;
    while (speakers.size > 0 || quotes.size > 0) {
      const ids = new Set(quotes);
      quotes.clear();
      for (const speaker of speakers) for (const id of this.statements.get(SPEAKER_QUOTES_SQL).pluck().all(speaker) as number[]) ids.add(id);
      speakers.clear();
      const sorted = [...ids].sort((a, b) => a - b);
      for (let i = 0; i < sorted.length; i += RESYNC_CHUNK) {
        const chunk = JSON.stringify(sorted.slice(i, i + RESYNC_CHUNK));
        const before = this.statements.get(indexedValuesSql('ids')).all(chunk) as IndexedValues[];
        yield;
        this.statements.get(refreshFiledOnSql('ids')).run(chunk);
        yield;
        this.statements.get(refreshTagsSql('ids')).run(chunk);
        yield;
        const after = this.statements.get(indexedValuesSql('ids')).all(chunk) as IndexedValues[];
        this.reindexInOrder(before, after);
        yield;
      }
    }
  }

  /** Takes each quote of `before` out of the index and puts each of `after` in, in id order (both are). */
  private reindexInOrder(before: readonly IndexedValues[], after: readonly IndexedValues[]): void {
    const unindex = this.statements.get(UNINDEX_QUOTE_SQL);
    const index = this.statements.get(INDEX_QUOTE_SQL);
    let b = 0;
    let a = 0;
    while (b < before.length || a < after.length) {
      const next = Math.min(before[b]?.id ?? Infinity, after[a]?.id ?? Infinity);
      const old = before[b];
      if (old !== undefined && old.id === next) {
        unindex.run(old.id, old.text, old.searchTags);
        b++;
      }
      const now = after[a];
      if (now !== undefined && now.id === next) {
        index.run(now.id, now.text, now.searchTags);
        a++;
      }
    }
  }

  private clearResync(): void {
    this.resync.speakers.clear();
    this.resync.quotes.clear();
  }

  private begin(): void {
    this.clearResync();
    try {
      this.statements.get('BEGIN IMMEDIATE').run();
    } catch (error) {
      throw storageError(error);
    }
  }

  private rollback(): void {
    this.clearResync();
    if (this.connection.inTransaction) this.statements.get('ROLLBACK').run();
  }
}

const SPEAKER_QUOTES_SQL = 'SELECT id FROM Quote WHERE speakerId = ? ORDER BY id';

/** A quote as the search index holds it. */
interface IndexedValues {
  id: number;
  text: string;
  searchTags: string;
}

/** SQLite's errors that are the database's state, not a bug, as the codes every write path answers with. */
export function storageError(error: unknown): unknown {
  if (isBusy(error)) return new AppError('database_busy', 'Another process held the database too long; retry shortly.');
  if (isFull(error)) return new AppError('storage_full', 'The disk holding the database is full; nothing was written.');
  return error;
}
