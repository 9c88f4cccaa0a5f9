import { performance } from 'node:perf_hooks';
import { configureWriter, openDatabase } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { createRepositories } from '../../repositories/index.ts';
import type { CliCommand } from '../command.ts';

export const reindexCommand: CliCommand = {
  name: 'reindex',
  usage: 'reindex',
  summary:
    'Rebuild the quote search index from the data (one transaction; searches keep working meanwhile), then bring the verify index in line with the quotes',
  async run(_args, { config, stdout }) {
    await migrateDatabase(config);
    const db = openDatabase(config.databasePath);
    try {
      await configureWriter(db.prisma);
      const writes = createRepositories(db).writes;
      let started = performance.now();
      const count = await writes.rebuildSearchIndex();
      stdout.write(`reindexed ${count} quotes in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      started = performance.now();
      const { indexed, removed, complete } = await writes.reconcileLshIndex();
      const took = ((performance.now() - started) / 1000).toFixed(1);
      stdout.write(`verify index: ${indexed} quotes indexed, ${removed} rows removed in ${took} s${complete ? '' : ' (stopped on an error: run again)'}\n`);
      return complete ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};
