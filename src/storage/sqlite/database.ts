import BetterSqlite3 from 'better-sqlite3';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';
import { BackgroundCheckpointer } from './checkpointer.ts';
import { lshIndexPath, prepareLshIndexFile } from './verify-index/lsh-index.store.ts';
import { LshIndexWriter } from './verify-index/lsh-index.writer.ts';
import { WriteLock } from './write-lock.ts';

export type SqlConnection = BetterSqlite3.Database;

/**
 * The handles on one SQLite file.
 * - `sql`: read-only, cached prepared statements for the hot reads (search,
 *   verification, provenance), where Prisma costs 20–200× more per query.
 * - `writer`: read-write raw driver for the high-rate writes (documents,
 *   speakers, quotes and their occurrences: the ingest aggregate), as
 *   synchronous `BEGIN IMMEDIATE` transactions with cached statements.
 * - `prisma`: the ORM for the low-rate writes (quote edits and deletes, index
 *   rebuild, API keys).
 * - `lshIndex`: the verify index, a file of its own (`<database>.lsh`, attached
 *   to `sql` as `lsh`) written by a thread of its own after each write's
 *   commit (lsh-index.writer.ts).
 * Two connections write, so every write in this process runs under
 * `writeLock` (see write-lock.ts); other processes are waited for through
 * SQLite's busy timeout. In WAL mode readers never block the writer. See
 * README, "Architecture".
 */
export interface Database {
  prisma: PrismaClient;
  sql: SqlConnection;
  writer: SqlConnection;
  writeLock: WriteLock;
  lshIndex: LshIndexWriter;
  path: string;
  close(): Promise<void>;
}

/** How often the checkpointer thread copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 250;

export { BUSY_TIMEOUT_MS };

export function openDatabase(databasePath: string): Database {
  const writer = new BetterSqlite3(databasePath, { timeout: BUSY_TIMEOUT_MS });
  // WAL is a property of the file; the others are per connection.
  writer.pragma('journal_mode = WAL');
  // better-sqlite3 opens connections with foreign keys off (SQLite's default); the schema relies on them.
  writer.pragma('foreign_keys = ON');
  // In WAL mode NORMAL loses at most the last commits on power loss, never consistency.
  writer.pragma('synchronous = NORMAL');
  // Checkpoint after ~40 MB of WAL instead of ~4 MB: a checkpoint copies every page changed since the last one
  // (the search index and the quote-hash index change pages all over the file) and syncs twice. Measured on the app's ingest
  // path, alternating runs: 1.3–1.7× the quotes/s of SQLite's default of 1,000 pages (BENCHMARKS.md, "Ingest").
  // The checkpointer thread below does this work first; this stays as the fallback.
  writer.pragma('wal_autocheckpoint = 10000');
  const checkpointer = new BackgroundCheckpointer(databasePath, CHECKPOINT_INTERVAL_MS);

  const indexPath = lshIndexPath(databasePath);
  prepareLshIndexFile(indexPath);
  const lshIndex = new LshIndexWriter(indexPath, databasePath);

  const sql = new BetterSqlite3(databasePath, { readonly: true, timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  // Unqualified, `quote_lsh` is found in the attached file (SQLite looks in main, temp, then attached files).
  sql.prepare('ATTACH DATABASE ? AS lsh').run(indexPath);
  const adapter = new PrismaBetterSQLite3({ url: databasePath, timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  const writeLock = new WriteLock();

  return {
    prisma,
    sql,
    writer,
    writeLock,
    lshIndex,
    path: databasePath,
    async close() {
      // Let the writes in flight and queued finish before the connections go, and the index follow them.
      await writeLock.settle();
      await lshIndex.close();
      await prisma.$disconnect();
      await checkpointer.stop();
      writer.close();
      sql.close();
    },
  };
}

/** The same settings on Prisma's connection, which writes too (see `writer` above). */
export async function configureWriter(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
}
