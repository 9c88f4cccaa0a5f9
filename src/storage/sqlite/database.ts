import BetterSqlite3 from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';
import { lshIndexPath, prepareLshIndexFile } from './verify-index/lsh-index.store.ts';
import { LshIndexWriter } from './verify-index/lsh-index.writer.ts';
import { WriteLock } from './write-lock.ts';
import { ReadCalls } from './reader/read-calls.ts';
import { ReaderThread } from './reader/reader-thread.ts';
import { openReadConnection } from './read-connection.ts';
import { Checkpointer, FALLBACK_AUTOCHECKPOINT_PAGES } from './checkpointer.ts';

export type SqlConnection = BetterSqlite3.Database;

/**
 * The handles on one SQLite file.
 * - `sql`: read-only, cached prepared statements for the hot reads (search,
 *   verification, provenance), where Prisma costs 20–200× more per query.
 * - `writer`: the one read-write connection: every write (the ingest
 *   aggregate, corrections, index rebuilds, API keys) is a synchronous
 *   `BEGIN IMMEDIATE` transaction of cached statements on it (sql-writer.ts).
 *   Prisma is the schema of record and the migrator only (docs/decisions/0011).
 * - `lshIndex`: the verify index, a file of its own (`<database>.lsh`, attached
 *   to `sql` as `lsh`) written by a thread of its own after each write's
 *   commit (lsh-index.writer.ts).
 * - `reader`: a thread with a read-only connection of its own, for the few
 *   statements the planners estimate too long for the serving thread
 *   (reader/reader-thread.ts, docs/decisions/0022).
 * - a checkpointer thread (checkpointer.ts) copies the WAL into the file, so
 *   that no COMMIT of the serving thread does.
 * Writes run under `writeLock` (write-lock.ts), which orders them and lets
 * `close` wait for the ones in flight; other processes are waited for through
 * SQLite's busy timeout. In WAL mode readers never block the writer.
 */
export interface Database {
  sql: SqlConnection;
  writer: SqlConnection;
  writeLock: WriteLock;
  /** Copies the WAL into the file on a thread of its own, started by the first commit. */
  checkpointer: Checkpointer;
  lshIndex: LshIndexWriter;
  reader: ReaderThread;
  path: string;
  close(): Promise<void>;
}

export { BUSY_TIMEOUT_MS };

export function openDatabase(databasePath: string): Database {
  const writer = new BetterSqlite3(databasePath, { timeout: BUSY_TIMEOUT_MS });
  // WAL is a property of the file; the others are per connection.
  writer.pragma('journal_mode = WAL');
  // better-sqlite3 opens connections with foreign keys off (SQLite's default); the schema relies on them.
  writer.pragma('foreign_keys = ON');
  // In WAL mode NORMAL loses at most the last commits on power loss, never consistency.
  writer.pragma('synchronous = NORMAL');
  // Checkpoints are a thread's (checkpointer.ts): inside a COMMIT they held the serving thread 100–380 ms. Without the
  // thread the writer checkpoints after ~40 MB of WAL instead of ~4 MB: a checkpoint copies every page changed since the
  // last one (the search index and the quote-hash index change pages all over the file) and syncs twice. Measured on the
  // app's ingest path, alternating runs: 1.3–1.7× the quotes/s of SQLite's default of 1,000 pages (docs/benchmarks-history.md, "Ingest").
  writer.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  // 64 MiB of page cache instead of SQLite's 2 MiB: a large write (an import's batch) inserts into indexes keyed
  // by hashes, all over their pages; with the default cache most of those pages are read again for each row.
  writer.pragma('cache_size = -65536');

  const indexPath = lshIndexPath(databasePath);
  prepareLshIndexFile(indexPath);
  const lshIndex = new LshIndexWriter(indexPath, databasePath);

  const sql = openReadConnection(databasePath, indexPath);
  const writeLock = new WriteLock();
  const checkpointer = new Checkpointer(databasePath, writer, writeLock);
  let inline: ReadCalls | null = null;
  const reader = new ReaderThread({ databasePath, indexPath }, () => (inline ??= new ReadCalls(sql)));

  return {
    sql,
    writer,
    writeLock,
    checkpointer,
    lshIndex,
    reader,
    path: databasePath,
    async close() {
      // Let the writes in flight and queued finish before the connections go, and the index follow them.
      await writeLock.settle();
      await reader.close();
      await lshIndex.close();
      await checkpointer.stop();
      writer.close();
      sql.close();
    },
  };
}

