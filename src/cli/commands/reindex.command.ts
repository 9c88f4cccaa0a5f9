import { performance } from 'node:perf_hooks';
import { createStorage } from '../../storage/index.ts';
import type { CliCommand } from '../command.ts';

export const reindexCommand: CliCommand = {
  name: 'reindex',
  usage: 'reindex',
  summary:
    'Rebuild the quote search index from the data (one transaction; searches keep working meanwhile), then bring the verify index in line with the quotes',
  async run(_args, { config, stdout }) {
    const storage = await createStorage(config);
    try {
      const started = performance.now();
      const { searchIndexed, verifyIndex } = await storage.reindex();
      const took = ((performance.now() - started) / 1000).toFixed(1);
      stdout.write(`reindexed ${searchIndexed} quotes\n`);
      const { indexed, removed, complete } = verifyIndex;
      stdout.write(`verify index: ${indexed} quotes indexed, ${removed} rows removed (${took} s in all)${complete ? '' : ' (stopped on an error: run again)'}\n`);
      return complete ? 0 : 1;
    } finally {
      await storage.close();
    }
  },
};
