import { startRuntime } from '../../bootstrap.ts';
import type { CliCommand } from '../command.ts';

export const seedCommand: CliCommand = {
  name: 'seed',
  usage: 'seed',
  summary: 'Migrate the database and load the seed annotations (idempotent)',
  async run(_args, { config, logger, stdout }) {
    const runtime = await startRuntime({ ...config, seedOnStart: true }, logger);
    await runtime.db.close();
    stdout.write('seed loaded\n');
    return 0;
  },
};
