/**
 * Runs a command-line entry point: its result becomes the exit code, and an
 * unexpected error is printed with its stack and exits 1. Setting
 * `process.exitCode` (not calling exit) lets pending output flush.
 */
export function runMain(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
