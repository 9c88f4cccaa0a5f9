import BetterSqlite3 from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';

/** A read-only connection to the database with the verify index attached: the serving thread's, and the reader thread's. */
export function openReadConnection(databasePath: string, indexPath: string): BetterSqlite3.Database {
  const sql = new BetterSqlite3(databasePath, { readonly: true, timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  // Unqualified, `quote_lsh` is found in the attached file (SQLite looks in main, temp, then attached files).
  sql.prepare('ATTACH DATABASE ? AS lsh').run(indexPath);
  return sql;
}
