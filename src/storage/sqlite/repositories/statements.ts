import type { Statement } from 'better-sqlite3';
import type { SqlConnection } from '../database.ts';

/**
 * Prepared statements cached by their SQL text. Queries whose shape varies
 * (optional filters) still compile once per distinct shape.
 */
export class StatementCache {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly sql: SqlConnection) {}

  get(text: string): Statement {
    let statement = this.cache.get(text);
    if (statement === undefined) {
      statement = this.sql.prepare(text);
      this.cache.set(text, statement);
    }
    return statement;
  }
}

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
