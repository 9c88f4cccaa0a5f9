import path from 'node:path';
import { backupDatabase } from '../../db/backup.ts';
import type { CliCommand } from '../command.ts';

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup FILE',
  summary: 'Consistent online copy of the database (safe while the server runs)',
  async run(args, { config, stdout, stderr }) {
    const [file] = args;
    if (file === undefined || args.length !== 1) {
      stderr.write('Usage: whosaid backup FILE\n');
      return 64;
    }
    const report = await backupDatabase(config.databasePath, path.resolve(file));
    stdout.write(`${JSON.stringify({ file, ...report })}\n`);
    return report.integrity === 'ok' ? 0 : 1;
  },
};
