import type { ApiKeyInfo, ApiKeyRepository, NewApiKey } from '../../ports/index.ts';
import { SqliteReadWriteRepository } from './read-write.repository.ts';
import { toApiKeyInfo, type ApiKeyRow } from '../../shared/rows.ts';

type KeyRow = ApiKeyRow;

/** Stored as they are shown. */
const toInfo = (r: KeyRow): ApiKeyInfo => toApiKeyInfo(r, (at) => at);

const COLUMNS = 'id, prefix, name, role, createdAt, revokedAt';

/** Keys are read on every authenticated request (the read connection) and written rarely (the write connection). */
export class SqliteApiKeyRepository extends SqliteReadWriteRepository implements ApiKeyRepository {
  async findByPrefix(prefix: string): Promise<(ApiKeyInfo & { hash: string }) | null> {
    const row = this.statements.get(`SELECT ${COLUMNS}, hash FROM ApiKey WHERE prefix = ?`).get(prefix) as
      | (KeyRow & { hash: string })
      | undefined;
    return row === undefined ? null : { ...toInfo(row), hash: row.hash };
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (this.statements.get(`SELECT ${COLUMNS} FROM ApiKey ORDER BY id`).all() as KeyRow[]).map(toInfo);
  }

  create(key: NewApiKey): Promise<ApiKeyInfo> {
    return this.writer.write((ctx) => {
      const { lastInsertRowid } = this.writes.cache
        .get('INSERT INTO ApiKey (prefix, hash, name, role, createdAt) VALUES (@prefix, @hash, @name, @role, @now)')
        .run({ ...key, now: ctx.now });
      const id = Number(lastInsertRowid);
      this.writes.audit(ctx, 'create', 'ApiKey', id);
      return this.byId(id) as ApiKeyInfo;
    });
  }

  revoke(id: number): Promise<ApiKeyInfo | null> {
    return this.writer.write((ctx) => {
      const { changes } = this.writes.cache.get('UPDATE ApiKey SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL').run(ctx.now, id);
      if (changes > 0) this.writes.audit(ctx, 'revoke', 'ApiKey', id);
      return this.byId(id);
    });
  }

  /** Read on the write connection: inside a write, it sees the write. */
  private byId(id: number): ApiKeyInfo | null {
    const row = this.writes.cache.get(`SELECT ${COLUMNS} FROM ApiKey WHERE id = ?`).get(id) as KeyRow | undefined;
    return row === undefined ? null : toInfo(row);
  }
}
