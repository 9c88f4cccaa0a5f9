import BetterSqlite3 from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from './checkpointer.ts';

/**
 * A read-write connection as every writer of this process has it: the serving thread's `writer`, and the
 * write thread's (write-thread/write.worker.ts).
 */
export function openWriteConnection(databasePath: string): BetterSqlite3.Database {
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
  return writer;
}

