import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
// tsx as a loader inside the one process (what `npm start` runs), so signals — SIGKILL too — reach the server itself.
const NODE_ARGS = ['--import', 'tsx'];

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  logs: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `src/server.ts` (what `npm start` runs) as a real process on a free
 * port. One that does not listen within `timeoutMs` is killed.
 */
export function startServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/server.ts'], {
    cwd: ROOT,
    // The listening line is logged at info: the port is read from it.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    let listening = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (listening) return;
      const match = /"port":(\d+)[^\n]*"msg":"whosaid listening"/.exec(output);
      if (match) {
        listening = true;
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${match[1]}`, logs: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

/** Runs a TypeScript entry (the server or the CLI) to completion. */
function runEntry(entry: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...NODE_ARGS, entry, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Runs the server entry expecting it to refuse to start; resolves with exit code and output. */
export async function runServerExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { code, stdout, stderr } = await runEntry('src/server.ts', [], env);
  return { code, output: stdout + stderr };
}

/** Starts `whosaid <args>` without waiting for it (to signal it midway). */
export function startCli(args: string[], env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...NODE_ARGS, 'src/cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

/** Runs `whosaid <args>` (what `npm run cli --` runs). */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runEntry('src/cli/main.ts', args, env);
}
