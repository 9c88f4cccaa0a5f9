import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, inject } from 'vitest';
import { createApp, type AppConfig } from '../../src/app.ts';
import type { Role } from '../../src/domain/actor.ts';
import { createApiKey } from '../../src/services/api-key.service.ts';
import { SEED_DIRECTORY } from '../../src/bootstrap.ts';
import type { Database } from '../../src/storage/sqlite/database.ts';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite/sqlite.storage.ts';
import { openPostgresStorage, type PostgresStorage } from '../../src/storage/postgres/postgres.storage.ts';
import type { Storage } from '../../src/storage/index.ts';
import { createDatabase, dropDatabase } from './postgres-server.ts';
import { createLogger } from '../../src/logger.ts';
import type { Repositories } from '../../src/storage/ports/index.ts';
import { cursorCodec } from '../../src/services/cursor.ts';
import { seedFromDirectory } from '../../src/services/seed.service.ts';
import type { Services } from '../../src/services/services.ts';
import { ExtractionPool } from '../../src/workers/extraction-pool.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../../src/extraction/confidence.ts';

export interface TestApp {
  app: Express;
  /** One API key per role, created in this test file's database. */
  keys: Record<Role, string>;
  /** A supertest agent that presents the editor key (or the given role's) on every request. */
  api(role?: Role): ReturnType<typeof request.agent>;
  /** The SQLite backend's connections, for tests that look underneath the ports (SQLite project only). */
  db: Database;
  storage: SqliteStorage;
  /** The PostgreSQL backend's storage and pools, for tests that look underneath the ports (api-postgres project only). */
  postgres: PostgresStorage;
  /** The storage of the backend this project runs on, through its interface (checkIntegrity, reindex…). */
  backendStorage: Storage;
  /** The backend this project runs on. */
  backend: 'sqlite' | 'postgres';
  repos: Repositories;
  /** The services the app's routes were built with (for listing its endpoints). */
  services: Services;
  databasePath: string;
  /** The DATABASE_URL of this test's database (`file:` on SQLite), for a CLI command or a restart on it. */
  databaseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  seed?: boolean;
  config?: Partial<AppConfig>;
  /**
   * Puts the copied database in the state of an older release; the app then
   * opens it as a server does: migrated (with any data repair), reconciled.
   * SQLite only (the upgrade path it exercises is the SQLite backend's).
   */
  older?: (databasePath: string) => void;
}

/** One backend's part of the test app, on the other backend: fails the test that reaches for it. */
function backendOnly<T extends object>(what: string, backend: 'SQLite' | 'PostgreSQL'): T {
  return new Proxy({} as T, {
    get() {
      throw new Error(`${what} is the ${backend} backend's; this test looks underneath the ports and runs on ${backend} only`);
    },
  });
}

/** A fresh database of the project's backend: a SQLite file copied from the template, or a PostgreSQL database made from the template. */
async function openTestStorage(
  older: ((databasePath: string) => void) | undefined,
): Promise<{ storage: Storage; sqlite: SqliteStorage | null; postgres: PostgresStorage | null; databasePath: string; databaseUrl: string; dispose(): Promise<void> }> {
  if (inject('backend') === 'postgres') {
    if (older !== undefined) throw new Error('an older-release database is a SQLite upgrade path; this test runs on SQLite only');
    const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const server = inject('postgresServer');
    await createDatabase(server, name, inject('postgresTemplate'));
    const databaseUrl = server.replace(/\/[^/]*$/, `/${name}`);
    const storage = await openPostgresStorage({ databaseUrl }, { prepared: true });
    return { storage, sqlite: null, postgres: storage, databasePath: '', databaseUrl, dispose: () => dropDatabase(server, name) };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-test-'));
  const databasePath = path.join(dir, 'test.db');
  copyFileSync(inject('templateDatabase'), databasePath);
  older?.(databasePath);
  const storage = await openSqliteStorage({ databasePath }, { prepared: older === undefined });
  if (older !== undefined) await storage.reconcile();
  return { storage, sqlite: storage, postgres: null, databasePath, databaseUrl: `file:${databasePath}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh, migrated database of its own (copied from the template), the real repositories and app. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const opened = await openTestStorage(options.older);
  const { storage, databasePath } = opened;
  const repos = storage.repos;
  const sqlite = opened.sqlite ?? backendOnly<SqliteStorage>('storage', 'SQLite');
  const db = opened.sqlite?.db ?? backendOnly<Database>('db', 'SQLite');
  if (options.seed) await seedFromDirectory(repos, SEED_DIRECTORY);
  const keys = {
    reader: (await createApiKey(repos.apiKeys, 'reader', 'test reader')).key,
    editor: (await createApiKey(repos.apiKeys, 'editor', 'test editor')).key,
    admin: (await createApiKey(repos.apiKeys, 'admin', 'test admin')).key,
  };
  const logger = createLogger({ logLevel: 'silent' });
  const config: AppConfig = {
    maxBodyBytes: 1024 * 1024,
    publicReads: true,
    corsOrigins: [],
    rateLimit: { windowMs: 60_000, max: 1_000_000, authFailures: 1_000_000 },
    cursorSecret: randomBytes(32).toString('base64url'),
    trustProxy: 0,
    publisher: { name: 'whosaid test desk', url: 'https://factcheck.example' },
    ...options.config,
  };
  const pool = new ExtractionPool({ threads: 1, maxQueued: 32, timeoutMs: 120_000, reviewBelow: DEFAULT_REVIEW_THRESHOLD });
  const services: Services = { cursors: cursorCodec(config.cursorSecret), extractor: pool };
  const app = createApp({ config, repos, logger, extractor: pool });
  return {
    app,
    keys,
    api: (role: Role = 'editor') => request.agent(app).set('Authorization', `Bearer ${keys[role]}`),
    db,
    storage: sqlite,
    postgres: opened.postgres ?? backendOnly<PostgresStorage>('postgres', 'PostgreSQL'),
    backendStorage: storage,
    backend: opened.sqlite === null ? 'postgres' : 'sqlite',
    repos,
    databasePath,
    databaseUrl: opened.databaseUrl,
    services,
    async close() {
      await pool.close();
      await storage.close();
      await opened.dispose();
    },
  };
}

/** A string unique to this call, for test data that must not collide with other tests. */
export function unique(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A made-up person's name: two capitalised words, unique to this call (the extractor takes it for a name). */
export function personName(): { first: string; last: string; full: string } {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const first = cap(unique('ana').replace(/[0-9]/g, 'x'));
  const last = cap(unique('ruiz').replace(/[0-9]/g, 'y'));
  return { first, last, full: `${first} ${last}` };
}

/**
 * A test app for the enclosing `describe` (or file): created before its first
 * test, closed after its last. Read it inside tests and hooks only.
 */
export function useTestApp(options: Parameters<typeof createTestApp>[0] = {}): TestApp {
  let current: TestApp | null = null;
  beforeAll(async () => {
    current = await createTestApp(options);
  });
  afterAll(async () => {
    await current?.close();
    current = null;
  });
  return whileAlive('useTestApp', () => current);
}

/** Stands for what `current()` returns while the hooks keep it (between beforeAll and afterAll); throws outside. */
export function whileAlive<T extends object>(helper: string, current: () => T | null): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const value = current();
      if (value === null) throw new Error(`${helper}: it exists only inside tests and hooks`);
      return Reflect.get(value, property);
    },
  });
}
