import BetterSqlite3 from 'better-sqlite3';
import { lshIndexDocument } from './lsh-token.ts';
import { LSH_VERSION } from '../../../verification/minhash.ts';
import { BUSY_TIMEOUT_MS } from '../busy-timeout.ts';
import { DROP_LSH_SCHEMA_SQL, LSH_SCHEMA_SQL, LSH_SQL } from './lsh-index.sql.ts';

/** A quote to index: id, normalizedText, normalizedHash. */
export type LshRow = [quoteId: number, normalizedText: string, normalizedHash: string];

/** One change to the index: quotes stored (or stored again), or quotes deleted. */
export type LshChange = { add: LshRow[] } | { remove: number[] };

/** Rows a write actually added and removed. */
export interface LshCounts {
  indexed: number;
  removed: number;
}

/** What one reconciliation step did; `done` once the index matches the database. */
export interface ReconcileStep extends LshCounts {
  done: boolean;
}

/** Quotes one reconciliation step checks: a few milliseconds, so changes written meanwhile never wait long. */
const RECONCILE_BATCH = 2_000;

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
 * to it (docs/benchmarks-history.md, "Ingest"). The database stays the truth: the index
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
  private readonly transaction: BetterSqlite3.Transaction<(changes: readonly LshChange[]) => LshCounts>;
  /** How far the current reconciliation has come: its pass, and the last id that pass checked. */
  private reconciling: { pass: 'stale' | 'missing'; after: number } = { pass: 'stale', after: 0 };
  /**
   * Quotes recorded in `lsh_signed` whose `quote_lsh` rows are not written yet (signed when written). The
   * index's rows of a transaction are written after its `lsh_signed` rows (before a removal, and at its end):
   * `insertSigned` is an INSERT … SELECT, a statement SQLite opens a savepoint for, and FTS5 writes out its
   * pending terms as a segment of their own at every savepoint once the table is in the transaction, so
   * alternating the two made a segment for each quote, to be merged again.
   */
  private readonly unwritten: LshRow[] = [];

  /** Opens the index's file (made by prepareLshIndexFile) with the database attached as `store`. */
  constructor(indexPath: string, databasePath: string) {
    const db = new BetterSqlite3(indexPath, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
    this.db = db;
    db.pragma('synchronous = NORMAL');
    db.prepare('ATTACH DATABASE ? AS store').run(databasePath);
    this.statements = Object.fromEntries(Object.entries(LSH_SQL).map(([k, sql]) => [k, db.prepare(sql)])) as typeof this.statements;
    this.transaction = db.transaction((changes: readonly LshChange[]) => {
      const counts: LshCounts = { indexed: 0, removed: 0 };
      // Left over by a transaction that failed and was rolled back: tried again with its changes.
      this.unwritten.length = 0;
      for (const change of changes) {
        if ('add' in change) for (const row of change.add) counts.indexed += this.add(row) ? 1 : 0;
        else for (const id of change.remove) counts.removed += this.remove(id) ? 1 : 0;
      }
      this.writeRows();
      return counts;
    });
  }

  /**
   * Applies the changes in one transaction. Deferred, not IMMEDIATE: BEGIN
   * IMMEDIATE takes the write lock of every attached file, the database's
   * too, and would hold up its writer. Every change starts with a write, so
   * the lock is taken (or waited for) before anything is read. Returns the
   * rows it added and removed.
   */
  apply(changes: readonly LshChange[]): LshCounts {
    return this.transaction(changes);
  }

  /** Starts the reconciliation over from the beginning at the next step. */
  restartReconcile(): void {
    this.reconciling = { pass: 'stale', after: 0 };
  }

  /**
   * One step of bringing the index in line with the database: a first pass
   * over the index removes rows of quotes gone (or now other words), a second
   * over the quotes indexes those without a row; each step takes up to `limit`
   * of them, after where the last step stopped. Call until `done`; the next
   * call after that starts a new reconciliation. Changes made meanwhile are
   * safe either way: a row is only ever added for a quote the database holds
   * at that moment (see LSH_SQL.insertSigned).
   */
  reconcileStep(limit = RECONCILE_BATCH): ReconcileStep {
    const { pass, after } = this.reconciling;
    if (pass === 'stale') {
      const stale = this.statements.stale.pluck().all(after, limit) as number[];
      const counts = this.apply([{ remove: stale }]);
      this.reconciling = stale.length < limit ? { pass: 'missing', after: 0 } : { pass, after: stale.at(-1) as number };
      return { ...counts, done: false };
    }
    const missing = this.statements.missing.raw().all(after, limit) as LshRow[];
    const counts = this.apply([{ add: missing }]);
    const done = missing.length < limit;
    this.reconciling = done ? { pass: 'stale', after: 0 } : { pass, after: (missing.at(-1) as LshRow)[0] };
    return { ...counts, done };
  }

  close(): void {
    this.db.close();
  }

  /** Whether it added the row. */
  private add(row: LshRow): boolean {
    const [quoteId, , normalizedHash] = row;
    const signed = { id: quoteId, hash: normalizedHash };
    // Most quotes are new: the insert is the lookup.
    if (this.statements.insertSigned.run(signed).changes === 0) {
      const held = this.statements.signedHash.pluck().get(quoteId) as string | undefined;
      // Gone from the database, or indexed from these words already.
      if (held === undefined || held === normalizedHash) return false;
      // A row made from other words (the database restored under a newer index file) is replaced only if the
      // database holds these words: a stale change must not take a current row out.
      if (this.statements.holds.get(signed) === undefined) return false;
      this.remove(quoteId);
      this.statements.insertSigned.run(signed);
    }
    this.unwritten.push(row);
    return true;
  }

  /** Writes the `quote_lsh` rows of the quotes `add` recorded since the last call. */
  private writeRows(): void {
    const rows = this.unwritten;
    for (const [quoteId, normalizedText] of rows) this.statements.insertRow.run(quoteId, lshIndexDocument(normalizedText));
    rows.length = 0;
  }

  /** Whether it removed a row. */
  private remove(quoteId: number): boolean {
    // A row recorded but not written yet may be this one: the index is written in order.
    this.writeRows();
    if (this.statements.deleteSigned.run(quoteId).changes === 0) return false;
    this.statements.deleteRow.run(quoteId);
    return true;
  }
}
