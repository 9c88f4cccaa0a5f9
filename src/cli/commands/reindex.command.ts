import { performance } from 'node:perf_hooks';
import { configureWriter, openDatabase } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { createRepositories } from '../../repositories/index.ts';
import type { CliCommand } from '../command.ts';

export const reindexCommand: CliCommand = {
  name: 'reindex',
  usage: 'reindex',
  summary: 'Rebuild the quote search index from the data (one transaction; searches keep working meanwhile)',
  async run(_args, { config, stdout }) {
    await migrateDatabase(config);
    const db = openDatabase(config.databasePath);
    try {
      await configureWriter(db.prisma);
      const started = performance.now();
      const count = await createRepositories(db).writes.rebuildSearchIndex();
      stdout.write(`reindexed ${count} quotes in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
