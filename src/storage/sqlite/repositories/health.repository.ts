import type { SqlConnection } from '../database.ts';
import type { BackendStatus, HealthRepository } from '../../ports/index.ts';
import { StatementCache } from './statements.ts';

export class SqliteHealthRepository implements HealthRepository {
  private readonly statements: StatementCache;

  constructor(sql: SqlConnection) {
    this.statements = new StatementCache(sql);
  }

  async ping(): Promise<boolean> {
    try {
      return this.statements.get('SELECT 1').pluck().get() === 1;
    } catch {
      return false;
    }
  }

  async schemaVersion(): Promise<{ latestMigration: string | null; appliedMigrations: number }> {
    const row = this.statements
      .get(
        `SELECT MAX(migration_name) AS latest, COUNT(*) AS applied FROM _prisma_migrations
         WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
      .get() as { latest: string | null; applied: number };
    return { latestMigration: row.latest, appliedMigrations: row.applied };
  }

  async status(): Promise<BackendStatus> {
    return { backend: 'sqlite', replica: null };
  }
}
