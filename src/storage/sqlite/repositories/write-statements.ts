import type { RunResult } from 'better-sqlite3';
import type { SqlWriter, WriteContext } from '../sql-writer.ts';
import { AUDIT_DOCUMENTS_AFTER_SQL, AUDIT_QUOTES_AFTER_SQL, auditParams, INSERT_AUDIT_SQL } from './audit.sql.ts';
import { StatementCache } from './statements.ts';

interface IdRow {
  id: number;
}

/** The write connection's cached statements, with the few shapes every writer uses. */
export class WriteStatements {
  readonly cache: StatementCache;

  constructor(private readonly writer: SqlWriter) {
    this.cache = new StatementCache(writer.connection);
  }

  run(sql: string, ...params: unknown[]): RunResult {
    return this.cache.get(sql).run(...params);
  }

  /** Inserts one row; its rowid. */
  insert(sql: string, ...params: unknown[]): number {
    return Number(this.run(sql, ...params).lastInsertRowid);
  }

  /** The `id` of the first row, or null. */
  id(sql: string, ...params: unknown[]): number | null {
    const row = this.cache.get(sql).get(...params) as IdRow | undefined;
    return row === undefined ? null : row.id;
  }

  /** One audit row for a change, in the change's transaction. */
  audit(ctx: WriteContext, action: string, entityType: string, entityId: number): void {
    this.run(INSERT_AUDIT_SQL, ...auditParams(ctx.actor, action, entityType, entityId, ctx.now));
  }

  /** An audit row ("create") for every quote after `afterId`: the quotes this transaction created, in one statement. */
  auditQuotesAfter(ctx: WriteContext, afterId: number): void {
    this.auditCreatedAfter(ctx, AUDIT_QUOTES_AFTER_SQL, 'Quote', afterId);
  }

  /** An audit row ("create") for every document after `afterId`: the documents this transaction created, in one statement. */
  auditDocumentsAfter(ctx: WriteContext, afterId: number): void {
    this.auditCreatedAfter(ctx, AUDIT_DOCUMENTS_AFTER_SQL, 'Document', afterId);
  }

  private auditCreatedAfter(ctx: WriteContext, sql: string, entityType: string, afterId: number): void {
    const [keyId, via, action, type, , at] = auditParams(ctx.actor, 'create', entityType, 0, ctx.now);
    this.run(sql, keyId, via, action, type, at, afterId);
  }

  /**
   * Re-indexes all a speaker's quotes, or these quotes, for search before the transaction commits:
   * in steps when the write is done in turns (SqlWriter.resyncLater). For what can be thousands of quotes.
   */
  resyncLater(what: { speaker: number } | { quotes: readonly number[] }): void {
    this.writer.resyncLater(what);
  }
}
