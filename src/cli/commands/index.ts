import type { CliCommand } from '../command.ts';
import { extractCommand } from './extract.command.ts';
import { ingestCommand } from './ingest.command.ts';
import { seedCommand } from './seed.command.ts';

export const commands: CliCommand[] = [seedCommand, extractCommand, ingestCommand];
