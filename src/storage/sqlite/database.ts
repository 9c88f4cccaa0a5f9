import type BetterSqlite3 from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';
import { lshIndexPath, prepareLshIndexFile } from './verify-index/lsh-index.store.ts';
import { LshIndexWriter } from './verify-index/lsh-index.writer.ts';
import { WriteLock } from './write-lock.ts';
import { ReadCalls } from './reader/read-calls.ts';
import { ReaderThread } from './reader/reader-thread.ts';
import { openReadConnection } from './read-connection.ts';
import { Checkpointer } from './checkpointer.ts';
import { WriteThread } from './write-thread/write-thread.ts';
import { openWriteConnection } from './write-connection.ts';

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
 * - `writeThread`: a thread with a write connection of its own, for the few
 *   writes too long for the serving thread (write-thread/write-thread.ts,
 *   docs/decisions/0025); started by a server, idle otherwise.
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
  /** A thread with a write connection of its own, for the writes that re-file thousands of quotes (write-thread/). */
  writeThread: WriteThread;
  path: string;
  close(): Promise<void>;
}

export { BUSY_TIMEOUT_MS };

export function openDatabase(databasePath: string): Database {
  const writer = openWriteConnection(databasePath);

  const indexPath = lshIndexPath(databasePath);
  prepareLshIndexFile(indexPath);
  const lshIndex = new LshIndexWriter(indexPath, databasePath);

  const sql = openReadConnection(databasePath, indexPath);
  const writeLock = new WriteLock();
  const checkpointer = new Checkpointer(databasePath, writer, writeLock);
  let inline: ReadCalls | null = null;
  const reader = new ReaderThread({ databasePath, indexPath }, () => (inline ??= new ReadCalls(sql)));
  const writeThread = new WriteThread({ databasePath });

  return {
    sql,
    writer,
    writeLock,
    checkpointer,
    lshIndex,
    reader,
    writeThread,
    path: databasePath,
    async close() {
      // Let the writes in flight and queued finish before the connections go, and the index follow them.
      await writeLock.settle();
      await writeThread.close();
      await reader.close();
      await lshIndex.close();
      await checkpointer.stop();
      writer.close();
      sql.close();
    },
  };
}

