import type { TestApp } from './test-app.ts';

/**
 * Rows read underneath the ports, on whichever backend the test app runs: the SQLite statement (`?`
 * parameters, the Prisma schema's names) or the PostgreSQL one (`$n` parameters, snake_case names).
 */
export async function sqlRows<R>(t: Pick<TestApp, 'backend' | 'db' | 'postgres'>, sql: { sqlite: string; postgres: string }, params: unknown[] = []): Promise<R[]> {
  if (t.backend === 'postgres') return (await t.postgres.connections.write.query(sql.postgres, params)).rows as R[];
  return t.db.sql.prepare(sql.sqlite).all(...params) as R[];
}
