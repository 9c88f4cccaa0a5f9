import BetterSqlite3 from 'better-sqlite3';
import { lshIndexDocument } from '../verification/lsh-token.ts';
import { LSH_VERSION } from '../verification/minhash.ts';
import { BUSY_TIMEOUT_MS } from './busy-timeout.ts';
import { DROP_LSH_SCHEMA_SQL, LSH_SCHEMA_SQL, LSH_SQL } from './lsh-index.sql.ts';

/** A quote to index: id, normalizedText, normalizedHash. */
export type LshRow = [quoteId: number, normalizedText: string, normalizedHash: string];

/** One change to the index: quotes stored (or stored again), or quotes deleted. */
export type LshChange = { add: LshRow[] } | { remove: number[] };

/** What one reconciliation step did; `done` once the index matches the database. */
export interface ReconcileStep {
  indexed: number;
  removed: number;
  done: boolean;
}

/** The verify index's file, next to the database's. */
export function lshIndexPath(databasePath: string): string {
  return `${databasePath}.lsh`;
}

/**
 * Creates the index's file and tables if missing; a file made by another
 * LSH_VERSION (its `user_version`) is emptied, for reconciliation to rebuild.
 */
export function prepareLshIndexFile(indexPath: string): void {
  const db = new BetterSqlite3(indexPath, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.transaction(() => {
      if (db.pragma('user_version', { simple: true }) !== LSH_VERSION) {
        db.exec(DROP_LSH_SCHEMA_SQL);
        db.pragma(`user_version = ${LSH_VERSION}`);
      }
      db.exec(LSH_SCHEMA_SQL);
    }).immediate();
  } finally {
    db.close();
  }
}

/**
 * The verify index (`quote_lsh`, see lsh-index.sql.ts) kept in a file of its
 * own, so that it is written by a connection and a thread of its own
 * (lsh-index.writer.ts) rather than in the ingest transaction on the thread
 * that holds the database's writer: its tokens are random, so every quote
 * adds 14 terms to merge and about a fifth of the ingest thread's time went
 * to it (BENCHMARKS.md, "Ingest"). The database stays the truth: the index
 * is derived data, checked against it (`reconcileStep`) whenever a server
 * starts, and rebuilt from it if the file is lost.
 *
 * Every change is idempotent (a row already made from the same words is
 * kept), so replaying changes after a failure, or indexing a quote that
 * reconciliation found first, is harmless.
 */
export class LshIndexStore {
  private readonly db: BetterSqlite3.Database;
  private readonly statements: Record<keyof typeof LSH_SQL, BetterSqlite3.Statement>;
  private readonly transaction: BetterSqlite3.Transaction<(changes: readonly LshChange[]) => void>;
  /** Quotes up to this id have been checked by the current reconciliation. */
  private checkedThrough = 0;

  /** Opens the index's file (made by prepareLshIndexFile) with the database attached as `store`. */
  constructor(indexPath: string, databasePath: string) {
    const db = new BetterSqlite3(indexPath, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
    this.db = db;
    db.pragma('synchronous = NORMAL');
    db.prepare('ATTACH DATABASE ? AS store').run(databasePath);
    this.statements = Object.fromEntries(Object.entries(LSH_SQL).map(([k, sql]) => [k, db.prepare(sql)])) as typeof this.statements;
    this.transaction = db.transaction((changes: readonly LshChange[]) => {
      for (const change of changes) {
        if ('add' in change) for (const row of change.add) this.add(row);
        else for (const id of change.remove) this.remove(id);
      }
    });
  }

  /**
   * Applies the changes in one transaction. Deferred, not IMMEDIATE: BEGIN
   * IMMEDIATE takes the write lock of every attached file, the database's
   * too, and would hold up its writer. Every change starts with a write, so
   * the lock is taken (or waited for) before anything is read.
   */
  apply(changes: readonly LshChange[]): void {
    this.transaction(changes);
  }

  /**
   * One step of bringing the index in line with the database: rows of quotes
   * gone (or now other words) removed, then quotes without a row indexed, at
   * most `limit` of each. Call until `done`; the next call after that starts
   * a new reconciliation.
   */
  reconcileStep(limit: number): ReconcileStep {
    const stale = this.statements.stale.pluck().all(limit) as number[];
    const missing = this.statements.missing.raw().all(this.checkedThrough, limit) as LshRow[];
    this.apply([{ remove: stale }, { add: missing }]);
    const last = missing.at(-1);
    if (last !== undefined) this.checkedThrough = last[0];
    const done = stale.length < limit && missing.length < limit;
    if (done) this.checkedThrough = 0;
    return { indexed: missing.length, removed: stale.length, done };
  }

  /** How many quotes the index holds. */
  size(): number {
    return this.statements.count.pluck().get() as number;
  }

  close(): void {
    this.db.close();
  }

  private add([quoteId, normalizedText, normalizedHash]: LshRow): void {
    // Most quotes are new: the insert is the lookup.
    if (this.statements.insertSigned.run(quoteId, normalizedHash).changes === 0) {
      if (this.statements.signedHash.pluck().get(quoteId) === normalizedHash) return;
      this.remove(quoteId);
      this.statements.insertSigned.run(quoteId, normalizedHash);
    }
    this.statements.insertRow.run(quoteId, lshIndexDocument(normalizedText));
  }

  private remove(quoteId: number): void {
    if (this.statements.deleteSigned.run(quoteId).changes > 0) this.statements.deleteRow.run(quoteId);
  }
}
