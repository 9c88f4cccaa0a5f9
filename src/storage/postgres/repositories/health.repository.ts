import type { BackendStatus, HealthRepository, SchemaVersion } from '../../ports/index.ts';
import { row, value, type Queryable } from '../connection.ts';
import type { ReplicaRouter } from '../replica.ts';

export class PostgresHealthRepository implements HealthRepository {
  constructor(
    private readonly db: Queryable,
    private readonly replica: ReplicaRouter | null = null,
  ) {}

  async ping(): Promise<boolean> {
    try {
      return (await value<number>(this.db, 'SELECT 1')) === 1;
    } catch {
      return false;
    }
  }

  async schemaVersion(): Promise<SchemaVersion> {
    const r = await row<{ latest: string | null; applied: number }>(this.db, 'SELECT max(name) AS latest, count(*) AS applied FROM schema_migrations');
    return { latestMigration: r?.latest ?? null, appliedMigrations: r?.applied ?? 0 };
  }

  async status(): Promise<BackendStatus> {
    return { backend: 'postgres', replica: this.replica === null ? null : await this.replica.lag() };
  }
}
