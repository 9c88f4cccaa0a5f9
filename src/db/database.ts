import BetterSqlite3 from 'better-sqlite3';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.ts';

export type SqlConnection = BetterSqlite3.Database;

/**
 * The two handles on one SQLite file. `prisma` is the only writer in the
 * server (its transactions are serialised by the adapter); `sql` is a
 * read-only connection with cached prepared statements for the hot paths
 * (search, verification, provenance), where Prisma costs 20–200× more per
 * query (see README, "Database"). In WAL mode readers never block the writer.
 */
export interface Database {
  prisma: PrismaClient;
  sql: SqlConnection;
  path: string;
  close(): Promise<void>;
}

/** Milliseconds a connection waits for a lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(databasePath: string): Database {
  const writer = new BetterSqlite3(databasePath, { timeout: BUSY_TIMEOUT_MS });
  // WAL is a property of the file; set it once from a read-write handle.
  writer.pragma('journal_mode = WAL');
  writer.close();

  const sql = new BetterSqlite3(databasePath, { readonly: true, timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  const adapter = new PrismaBetterSQLite3({ url: databasePath, timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });

  return {
    prisma,
    sql,
    path: databasePath,
    async close() {
      await prisma.$disconnect();
      sql.close();
    },
  };
}

/**
 * Settings of the writer connection. better-sqlite3 opens connections with
 * foreign keys off (SQLite's default); the schema relies on them.
 */
export async function configureWriter(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
}
