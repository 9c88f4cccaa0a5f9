import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** pgbouncer in front of a test PostgreSQL server, in transaction mode. */
export interface Pgbouncer {
  url(database: string): string;
  /** pgbouncer's version, e.g. [1, 18]. */
  version: [number, number];
  /** Whether this pgbouncer carries prepared statements across server connections (≥ 1.21, max_prepared_statements). */
  preparedStatements: boolean;
  stop(): void;
}

const BINARY = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p)) ?? null;

/** Why the pgbouncer tests cannot run here, or null when they can. */
export function pgbouncerMissing(): string | null {
  return BINARY === null ? 'pgbouncer is not installed (Debian: apt-get install pgbouncer; .ci/run installs it where it can)' : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPgbouncer(serverPort: number): Promise<Pgbouncer> {
  if (BINARY === null) throw new Error('pgbouncer is not installed');
  const match = /PgBouncer (\d+)\.(\d+)/.exec(execFileSync(BINARY, ['--version']).toString());
  const version: [number, number] = [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
  const preparedStatements = version[0] > 1 || (version[0] === 1 && version[1] >= 21);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-pgbouncer-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  writeFileSync(path.join(dir, 'userlist.txt'), '"postgres" ""\n');
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=127.0.0.1 port=${serverPort}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 500',
      'default_pool_size = 4',
      'ignore_startup_parameters = extra_float_digits',
      ...(preparedStatements ? ['max_prepared_statements = 200'] : []),
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  // pgbouncer refuses to run as root.
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? (spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody') : null;
  if (user !== null) execFileSync('chown', ['-R', `${user}:`, dir]);
  const child = user === null ? spawn(BINARY, [path.join(dir, 'pgbouncer.ini')], { stdio: 'ignore' }) : spawn('runuser', ['-u', user, '--', BINARY, path.join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
  // Listening once a connection is accepted.
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    version,
    preparedStatements,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
