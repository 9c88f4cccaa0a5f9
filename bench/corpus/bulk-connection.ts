import BetterSqlite3 from 'better-sqlite3';

/**
 * A connection for writing a fresh file in bulk (the corpus, the LSH side
 * file). Durability comes from finishing, not from each commit: a file left
 * half-written is deleted by the next run. No journal (WAL wrote every page
 * twice, log then checkpoint; the corpus is switched back to WAL at the end,
 * as the server expects), and no foreign-key checks: every row references
 * rows the loader wrote itself, and checking each one on insert made the 12M
 * LSH rows look up "Quote" at random (test/corpus.test.ts runs
 * foreign_key_check on a loaded corpus instead).
 */
export function openForBulkLoad(file: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = OFF');
  return db;
}
