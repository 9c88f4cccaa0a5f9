import type { ApiKeyInfo, ApiKeyRepository, NewApiKey } from '../../ports/index.ts';
import { row, type Connections, type Queryable } from '../connection.ts';
import { audit } from './audit.ts';
import { timestamp } from './rows.ts';
import { toApiKeyInfo, type ApiKeyRow } from '../../shared/rows.ts';

type KeyRow = ApiKeyRow<Date>;

const toInfo = (r: KeyRow): ApiKeyInfo => toApiKeyInfo(r, timestamp);

const COLUMNS = 'id, prefix, name, role, created_at AS "createdAt", revoked_at AS "revokedAt"';

/**
 * Keys are read on every authenticated request. They are read on the primary: a key just
 * created or revoked must hold at once on every API process, whatever a replica's lag.
 */
export class PostgresApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly primary: Queryable,
    private readonly connections: Connections,
  ) {}

  async findByPrefix(prefix: string): Promise<(ApiKeyInfo & { hash: string }) | null> {
    const r = await row<KeyRow & { hash: string }>(this.primary, `SELECT ${COLUMNS}, hash FROM api_key WHERE prefix = $1`, [prefix]);
    return r === null ? null : { ...toInfo(r), hash: r.hash };
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await this.primary.query<KeyRow>(`SELECT ${COLUMNS} FROM api_key ORDER BY id`)).rows.map(toInfo);
  }

  create(key: NewApiKey): Promise<ApiKeyInfo> {
    return this.connections.transaction(async (ctx) => {
      const r = await row<KeyRow>(ctx.client, `INSERT INTO api_key (prefix, hash, name, role, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`, [
        key.prefix,
        key.hash,
        key.name,
        key.role,
        ctx.now,
      ]);
      if (r === null) throw new Error('INSERT … RETURNING returned no row');
      await audit(ctx, 'create', 'ApiKey', r.id);
      return toInfo(r);
    });
  }

  revoke(id: number): Promise<ApiKeyInfo | null> {
    return this.connections.transaction(async (ctx) => {
      const revoked = await row<KeyRow>(ctx.client, `UPDATE api_key SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING ${COLUMNS}`, [ctx.now, id]);
      if (revoked !== null) {
        await audit(ctx, 'revoke', 'ApiKey', id);
        return toInfo(revoked);
      }
      const r = await row<KeyRow>(ctx.client, `SELECT ${COLUMNS} FROM api_key WHERE id = $1`, [id]);
      return r === null ? null : toInfo(r);
    });
  }
}
