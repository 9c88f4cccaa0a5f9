import { parseArgs } from 'node:util';
import { startStorage } from '../../bootstrap.ts';
import { ROLES, type Role } from '../../domain/actor.ts';
import { createApiKey, revokeApiKey } from '../../services/api-key.service.ts';
import type { CliCommand } from '../command.ts';

const isRole = (v: string | undefined): v is Role => (ROLES as readonly string[]).includes(v ?? '');

export const keysCommand: CliCommand = {
  name: 'keys',
  usage: 'keys create|list|revoke ...',
  summary: 'API keys: create --role reader|editor|admin [--name N] (printed once, on stdout) | list | revoke ID',
  async run(args, { config, logger, stdout, stderr }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { role: { type: 'string' }, name: { type: 'string' } },
    });
    const [action, id] = positionals;
    if (action !== 'create' && action !== 'list' && action !== 'revoke') {
      stderr.write(`Usage: whosaid keys create --role reader|editor|admin [--name N] | keys list | keys revoke ID\n`);
      return 64;
    }
    const storage = await startStorage({ ...config, seedOnStart: false }, logger);
    try {
      if (action === 'create') {
        if (!isRole(values.role)) {
          stderr.write(`--role must be one of ${ROLES.join(', ')}\n`);
          return 64;
        }
        const { key, info } = await createApiKey(storage.repos.apiKeys, values.role, values.name ?? `${values.role} key`);
        stderr.write(`Created ${info.role} key #${info.id} "${info.name}". Store it now: it is not shown again.\n`);
        stdout.write(`${key}\n`);
      } else if (action === 'list') {
        for (const k of await storage.repos.apiKeys.list()) {
          stdout.write(`${JSON.stringify(k)}\n`);
        }
      } else {
        if (id === undefined || !/^\d+$/.test(id)) {
          stderr.write('Usage: whosaid keys revoke ID\n');
          return 64;
        }
        const info = await revokeApiKey(storage.repos.apiKeys, Number(id));
        stderr.write(`Revoked key #${info.id} "${info.name}".\n`);
      }
      return 0;
    } finally {
      await storage.close();
    }
  },
};
