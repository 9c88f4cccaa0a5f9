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

/**
 * Where each named column sits in a statement's rows, for reading rows as
 * arrays (`raw(true)`). On Node 20 better-sqlite3 builds each row object by
 * setting its columns one by one by name, about 0.5 µs per column and row: a
 * third of the time of a search page's statement (21 rows of 22 columns).
 * Throws when a column is missing, so the SQL and the code reading it cannot
 * drift apart unnoticed.
 */
export function columnIndex<K extends string>(statement: Statement, names: readonly K[]): Readonly<Record<K, number>> {
  let byNames = indexes.get(statement);
  if (byNames === undefined) {
    byNames = new Map();
    indexes.set(statement, byNames);
  }
  let index = byNames.get(names);
  if (index === undefined) {
    const positions = new Map(statement.columns().map((c, i) => [c.name, i]));
    const built: Record<string, number> = {};
    for (const name of names) {
      const i = positions.get(name);
      if (i === undefined) throw new Error(`The statement has no column "${name}".`);
      built[name] = i;
    }
    index = built;
    byNames.set(names, index);
  }
  return index as Readonly<Record<K, number>>;
}

/** Per statement, per list of names (a module constant): the columns' positions. */
const indexes = new WeakMap<Statement, Map<readonly string[], Readonly<Record<string, number>>>>();
