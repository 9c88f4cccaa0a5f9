import { ConfigError, loadConfig, loadDotEnv } from '../config.ts';
import { createLogger } from '../logger.ts';
import { commands } from './commands/index.ts';
import { runMain } from './run-main.ts';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return `Usage: whosaid <command> [options]\n\n${commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(name === undefined || name === '--help' || name === '-h' ? usage() : `Unknown command "${name}".\n\n${usage()}`);
    return name === undefined || name === '--help' || name === '-h' ? 0 : 64;
  }
  loadDotEnv();
  try {
    const config = loadConfig();
    // Logs go to stderr so command output on stdout stays machine-readable.
    const logger = createLogger({ logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
    return await command.run(args, { config, logger, stdout: process.stdout, stderr: process.stderr });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
}

runMain(main);
