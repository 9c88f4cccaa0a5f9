import type { SqlConnection } from '../database.ts';
import type { SqlWriter } from '../sql-writer.ts';
import { StatementCache } from './statements.ts';
import { WriteStatements } from './write-statements.ts';

/**
 * A small aggregate read on the read connection (`statements`) and changed in
 * transactions of its own through the one writer (`writer.write`, `writes`).
 */
export abstract class SqliteReadWriteRepository {
  protected readonly statements: StatementCache;
  protected readonly writes: WriteStatements;

  constructor(
    sql: SqlConnection,
    protected readonly writer: SqlWriter,
  ) {
    this.statements = new StatementCache(sql);
    this.writes = new WriteStatements(writer);
  }
}
