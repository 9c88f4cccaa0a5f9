import { parseArgs } from 'node:util';
import { createStorage } from '../../storage/index.ts';
import type { CliCommand } from '../command.ts';

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'restore FILE [--replace]',
  summary: 'Puts a backup made by `backup` in place (PostgreSQL: into an empty database, or over this one with --replace)',
  async run(args, { config, stdout, stderr }) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { replace: { type: 'boolean', default: false } } });
    const [file] = positionals;
    if (file === undefined || positionals.length !== 1) {
      stderr.write('Usage: whosaid restore FILE [--replace]\n');
      return 64;
    }
    // Opened as it is: migrating first would give the empty database a schema the backup then collides with.
    const storage = await createStorage(config, { prepared: true });
    try {
      const report = await storage.restore(file, { replace: values.replace });
      stdout.write(`${JSON.stringify({ file, ...report })}\n`);
    } catch (error) {
      stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    } finally {
      await storage.close();
    }
    // The backup may predate this version's schema: bring it up to date now, as a start would.
    const migrated = await createStorage(config);
    await migrated.close();
    return 0;
  },
};
