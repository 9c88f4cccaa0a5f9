import type { PrismaClient } from '../../../generated/prisma/client.ts';
import type { SqlConnection } from '../database.ts';
import type { WriteLock } from '../write-lock.ts';
import type { Role } from '../../../domain/actor.ts';
import type { ApiKeyInfo, ApiKeyRepository } from '../../ports/index.ts';
import { audit } from './prisma-audit.ts';
import { StatementCache } from './statements.ts';

interface KeyRow {
  id: number;
  prefix: string;
  name: string;
  role: string;
  createdAt: string;
  revokedAt: string | null;
}

const toInfo = (r: KeyRow): ApiKeyInfo => ({
  id: r.id,
  prefix: r.prefix,
  name: r.name,
  role: r.role as Role,
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
});

const COLUMNS = 'id, prefix, name, role, createdAt, revokedAt';

/** Keys are read on every authenticated request (prepared SQL) and written rarely (Prisma, under the write lock). */
export class SqliteApiKeyRepository implements ApiKeyRepository {
  private readonly statements: StatementCache;

  constructor(
    sql: SqlConnection,
    private readonly prisma: PrismaClient,
    private readonly lock: WriteLock,
  ) {
    this.statements = new StatementCache(sql);
  }

  async findByPrefix(prefix: string): Promise<(ApiKeyInfo & { hash: string }) | null> {
    const row = this.statements.get(`SELECT ${COLUMNS}, hash FROM ApiKey WHERE prefix = ?`).get(prefix) as
      | (KeyRow & { hash: string })
      | undefined;
    return row === undefined ? null : { ...toInfo(row), hash: row.hash };
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (this.statements.get(`SELECT ${COLUMNS} FROM ApiKey ORDER BY id`).all() as KeyRow[]).map(toInfo);
  }

  async create(key: { prefix: string; hash: string; name: string; role: Role }): Promise<ApiKeyInfo> {
    const row = await this.lock.run(() =>
      this.prisma.$transaction(async (tx) => {
        const created = await tx.apiKey.create({ data: key });
        await audit(tx, 'create', 'ApiKey', created.id);
        return created;
      }),
    );
    return this.byId(row.id);
  }

  async revoke(id: number): Promise<ApiKeyInfo | null> {
    const updated = await this.lock.run(() =>
      this.prisma.$transaction(async (tx) => {
        const result = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
        if (result.count > 0) await audit(tx, 'revoke', 'ApiKey', id);
        return tx.apiKey.findUnique({ where: { id }, select: { id: true } });
      }),
    );
    return updated === null ? null : this.byId(updated.id);
  }

  private byId(id: number): ApiKeyInfo {
    return toInfo(this.statements.get(`SELECT ${COLUMNS} FROM ApiKey WHERE id = ?`).get(id) as KeyRow);
  }
}
