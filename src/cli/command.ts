import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

/** One CLI subcommand. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], ctx: { config: Config; logger: Logger; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number>;
}
