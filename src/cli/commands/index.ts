import type { CliCommand } from '../command.ts';
import { backupCommand } from './backup.command.ts';
import { exportCommand } from './export.command.ts';
import { extractCommand } from './extract.command.ts';
import { importCommand } from './import.command.ts';
import { ingestCommand } from './ingest.command.ts';
import { keysCommand } from './keys.command.ts';
import { reindexCommand } from './reindex.command.ts';
import { restoreCommand } from './restore.command.ts';
import { seedCommand } from './seed.command.ts';

export const commands: CliCommand[] = [seedCommand, extractCommand, ingestCommand, keysCommand, backupCommand, restoreCommand, reindexCommand, exportCommand, importCommand];
