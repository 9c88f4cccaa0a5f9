import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { BackupReport } from '../storage.ts';


const COUNTED = ['Document', 'Speaker', 'Quote', 'Occurrence'] as const;

export function tableCounts(db: BetterSqlite3.Database): Record<string, number> {
  return Object.fromEntries(COUNTED.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
}

/**
 * Consistent online copy with SQLite's backup API, safe while the server runs
 * and writes (the copy is a snapshot of one moment). The copy is then opened
 * and checked with `PRAGMA integrity_check`.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupReport> {
  if (existsSync(destination)) throw new Error(`${destination} exists; choose a new file for the backup.`);
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    ({ totalPages: pages } = await db.backup(destination));
  } finally {
    db.close();
  }
  const copy = new BetterSqlite3(destination, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.prepare('PRAGMA integrity_check').pluck().get() as string;
    return { pages, integrity, tables: tableCounts(copy) };
  } finally {
    copy.close();
  }
}
