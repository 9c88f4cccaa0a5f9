import { startStorage } from '../../bootstrap.ts';
import type { CliCommand } from '../command.ts';

export const seedCommand: CliCommand = {
  name: 'seed',
  usage: 'seed',
  summary: 'Migrate the database and load the seed annotations (idempotent)',
  async run(_args, { config, logger, stdout }) {
    const storage = await startStorage({ ...config, seedOnStart: true }, logger);
    await storage.close();
    stdout.write('seed loaded\n');
    return 0;
  },
};
