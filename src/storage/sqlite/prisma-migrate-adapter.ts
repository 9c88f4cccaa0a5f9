import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
} from '@prisma/driver-adapter-utils';

/**
 * The driver adapter Prisma Migrate uses (prisma.config.ts only; the app never
 * goes through it). It works around two gaps of Prisma 6.19's JS schema engine:
 *
 * 1. `migrate dev` replays each migration into the shadow database with
 *    `executeRaw` on a multi-statement script, which better-sqlite3 refuses
 *    ("contains more than one statement", P3006). Argument-less SQL goes
 *    through `executeScript` instead.
 * 2. Prisma cannot model FTS5 tables. It already skips virtual tables, but not
 *    their shadow tables (`quote_fts_data`, …), so every new migration would try
 *    to drop them (prisma/prisma#8106). Its `tables.external` option fails with
 *    this engine on SQLite, so the shadow tables are hidden from the engine's
 *    catalogue queries instead: the migrations own them.
 */
export function forPrismaMigrate(
  factory: SqlMigrationAwareDriverAdapterFactory,
  hiddenTables: readonly string[],
): SqlMigrationAwareDriverAdapterFactory {
  const hidden = new Set(hiddenTables);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect(), hidden),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb(), hidden),
  };
}

function wrap(adapter: SqlDriverAdapter, hidden: ReadonlySet<string>): SqlDriverAdapter {
  const executeRaw = async (query: SqlQuery): Promise<number> => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return adapter.executeRaw(query);
  };
  const queryRaw = async (query: SqlQuery): Promise<SqlResultSet> => {
    const result = await adapter.queryRaw(query);
    const rows = result.rows.filter((row) => !row.some((cell) => typeof cell === 'string' && hidden.has(cell)));
    return rows.length === result.rows.length ? result : { ...result, rows };
  };
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'executeRaw') return executeRaw;
      if (prop === 'queryRaw') return queryRaw;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
