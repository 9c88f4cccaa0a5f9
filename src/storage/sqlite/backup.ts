import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { BackupReport } from '../storage.ts';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';

const COUNTED = ['Document', 'Speaker', 'Quote', 'Occurrence'] as const;

export function tableCounts(db: BetterSqlite3.Database): Record<string, number> {
  return Object.fromEntries(COUNTED.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
}

/** Forces a file (or a directory's entries) to disk: SQLite does not sync what VACUUM INTO writes. */
function syncToDisk(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const tableNames = (db: BetterSqlite3.Database): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

/**
 * A consistent online copy, safe while the server runs and writes: `VACUUM
 * INTO` copies the database in one pass inside one read transaction (a
 * snapshot of one moment that writers, in WAL mode, neither block nor
 * restart). The copy is written under a temporary name, opened and checked
 * (`integrity_check`, the same tables as the source, its row counts), and
 * renamed to `destination` only when it passed and is on disk (fsync of the
 * copy, then of the directory after the rename): a copy that was cut short,
 * failed a check, or was lost with the machine never has the name. A run
 * killed midway leaves `<destination>.partial-<pid>` at most. The verify index
 * is not copied: the first server start on the copy rebuilds it.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupReport> {
  if (existsSync(destination)) throw new Error(`${destination} exists; choose a new file for the backup.`);
  const partial = `${destination}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  try {
    const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    let expected: string[];
    try {
      expected = tableNames(db);
      db.prepare('VACUUM INTO ?').run(partial);
    } finally {
      db.close();
    }
    const copy = new BetterSqlite3(partial, { readonly: true, fileMustExist: true });
    let report: BackupReport;
    try {
      const integrity = (copy.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('\n');
      const missing = expected.filter((t) => !tableNames(copy).includes(t));
      report = {
        pages: copy.prepare('PRAGMA page_count').pluck().get() as number,
        integrity: missing.length > 0 ? `tables missing from the copy: ${missing.join(', ')}` : integrity,
        tables: tableCounts(copy),
      };
    } finally {
      copy.close();
    }
    if (report.integrity !== 'ok') throw Object.assign(new Error(`The copy failed its checks (${report.integrity}); nothing was written to ${destination}.`), { report });
    syncToDisk(partial);
    renameSync(partial, destination);
    syncToDisk(path.dirname(destination));
    return report;
  } finally {
    rmSync(partial, { force: true });
  }
}
