import { createStorage } from '../../storage/index.ts';
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
    // Copies the database as it is: no migration (a backup of an older schema stays one).
    const storage = await createStorage(config, { prepared: true });
    try {
      const report = await storage.backup(file);
      stdout.write(`${JSON.stringify({ file, ...report })}\n`);
      return report.integrity === 'ok' ? 0 : 1;
    } finally {
      await storage.close();
    }
  },
};
