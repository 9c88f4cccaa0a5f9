import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';
import { loadConfig } from './src/config.js';
import { FTS_STORAGE_TABLES } from './src/storage/sqlite/fts-tables.js';
import { forPrismaMigrate } from './src/storage/sqlite/prisma-migrate-adapter.js';

// Prisma runs offline here: the client engine plus the JS schema engine over
// better-sqlite3, so no Rust binary is ever downloaded (see README, "Prisma").
const config = loadConfig();

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    forPrismaMigrate(new PrismaBetterSQLite3({ url: config.databasePath }), FTS_STORAGE_TABLES),
});
