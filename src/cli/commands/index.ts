import type { CliCommand } from '../command.ts';
import { reindexCommand } from './reindex.command.ts';
import { seedCommand } from './seed.command.ts';

export const commands: CliCommand[] = [seedCommand, reindexCommand];
