import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_REVIEW_THRESHOLD } from './extraction/confidence.ts';

/**
 * Every setting of the service, parsed once. This module is the only reader of
 * `process.env`; everything else receives a `Config`.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Who runs this whosaid, until PUBLISHER_NAME and PUBLISHER_URL say otherwise. */
/** An upload to POST /v1/import is read as it arrives, never held whole: its limit is a bound on one request's work. */
export const DEFAULT_IMPORT_MAX_BYTES = 1024 ** 3;

export const DEFAULT_PUBLISHER = { name: 'whosaid', url: 'http://localhost:3000' } as const;

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)/, 'must be a SQLite file URL such as file:./data/whosaid.db, or a PostgreSQL URL (postgres://…)')
    .default('file:./data/whosaid.db'),
  DATABASE_REPLICA_URL: z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a PostgreSQL URL (postgres://…) of a streaming replica').optional(),
  DATABASE_PREPARED_STATEMENTS: booleanFromEnv.default(true),
  REPLICA_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(250),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_ON_START: booleanFromEnv.default(true),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 ** 4).default(DEFAULT_IMPORT_MAX_BYTES),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  PUBLIC_READS: booleanFromEnv.default(true),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o !== ''))
    .pipe(z.array(z.union([z.literal('*'), z.url()]))),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(1_000_000).default(600),
  RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(1).max(1_000_000).default(20),
  CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  EXTRACT_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  PUBLISHER_NAME: z.string().trim().min(1).max(200).default(DEFAULT_PUBLISHER.name),
  PUBLISHER_URL: z
    .url({ protocol: /^https?$/ })
    .default(DEFAULT_PUBLISHER.url)
    .transform((v) => v.replace(/\/+$/, '')),
  REVIEW_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(DEFAULT_REVIEW_THRESHOLD),
  QUOTEBANK_MIN_SPEAKER_PROBABILITY: z.coerce.number().min(0).max(1).default(DEFAULT_REVIEW_THRESHOLD),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  /** Absolute path of the SQLite database file ('' when DATABASE_URL names a PostgreSQL server). */
  databasePath: string;
  /** A `file:` URL (SQLite) or a `postgres://` / `postgresql://` URL (PostgreSQL). */
  databaseUrl: string;
  /**
   * A streaming replica of the PostgreSQL primary that answers reads (undefined: the primary
   * answers everything). A client's reads after its own write wait up to `replicaWaitMs` for the
   * replica to replay it, then go to the primary.
   */
  databaseReplicaUrl: string | undefined;
  replicaWaitMs: number;
  /** PostgreSQL: named prepared statements (false behind pgbouncer < 1.21 in transaction mode). */
  databasePreparedStatements: boolean;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  seedOnStart: boolean;
  maxBodyBytes: number;
  /** POST /v1/import reads its streamed body up to this many bytes (sent, and decoded): not MAX_BODY_BYTES. */
  importMaxBytes: number;
  shutdownTimeoutMs: number;
  /** HTTP worker processes sharing the port (node:cluster); reads scale with cores on the WAL database. */
  workers: number;
  /** Reads need no key when true; writes always do. */
  publicReads: boolean;
  /** Origins allowed by CORS; empty means no CORS headers (same-origin only). */
  corsOrigins: string[];
  /**
   * Requests per window per verified API key (per client address without a valid one), and
   * failed authentications per window per client address.
   */
  rateLimit: { windowMs: number; max: number; authFailures: number };
  /**
   * Key of the HMAC that signs pagination cursors. Unset: random per process start (cursors
   * die with a restart; cluster workers get the primary's), so servers behind one load
   * balancer must share a CURSOR_SECRET.
   */
  cursorSecret: string;
  /** Worker threads that run extraction, off the thread serving requests. */
  extractThreads: number;
  /** Number of reverse proxies in front of the app whose X-Forwarded-For is trusted. */
  trustProxy: number;
  /**
   * The organisation running this whosaid: the author of its ClaimReviews and feeds, and the public
   * base URL (no trailing slash) of the absolute links and ids in JSON-LD, PROV and Atom.
   */
  publisher: { name: string; url: string };
  /** Extracted attributions with a calibrated confidence below this are flagged `needsReview`. */
  reviewConfidenceThreshold: number;
  /** A Quotebank top speaker less probable than this is ambiguous: imported for review. */
  quotebankMinSpeakerProbability: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Relative file URLs are resolved against the working directory (the project root for npm scripts). */
export function databasePathFromUrl(url: string, cwd = process.cwd()): string {
  const file = url.replace(/^file:/, '').replace(/\?.*$/, '');
  return path.resolve(cwd, file);
}

/** Reads `.env` from the working directory when present; real environment variables win. */
export function loadDotEnv(file = '.env'): void {
  try {
    process.loadEnvFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** This process's environment plus `extra`, for a child process (pg_dump given a password). */
export function environmentWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** The environment for a child process (the Prisma CLI) that must see the same database. */
export function childProcessEnv(config: Pick<Config, 'databasePath'>): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: `file:${config.databasePath}` };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in .env files mean "not set", not "invalid".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  return {
    env: c.NODE_ENV,
    databaseUrl: c.DATABASE_URL,
    databasePath: c.DATABASE_URL.startsWith('file:') ? databasePathFromUrl(c.DATABASE_URL) : '',
    databaseReplicaUrl: c.DATABASE_REPLICA_URL,
    replicaWaitMs: c.REPLICA_WAIT_MS,
    databasePreparedStatements: c.DATABASE_PREPARED_STATEMENTS,
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    seedOnStart: c.SEED_ON_START,
    maxBodyBytes: c.MAX_BODY_BYTES,
    importMaxBytes: c.IMPORT_MAX_BYTES,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    workers: c.WORKERS,
    publicReads: c.PUBLIC_READS,
    corsOrigins: c.CORS_ORIGINS,
    rateLimit: { windowMs: c.RATE_LIMIT_WINDOW_MS, max: c.RATE_LIMIT_MAX, authFailures: c.RATE_LIMIT_AUTH_FAILURES },
    cursorSecret: c.CURSOR_SECRET ?? randomBytes(32).toString('base64url'),
    extractThreads: c.EXTRACT_THREADS,
    trustProxy: c.TRUST_PROXY,
    publisher: { name: c.PUBLISHER_NAME, url: c.PUBLISHER_URL },
    reviewConfidenceThreshold: c.REVIEW_CONFIDENCE_THRESHOLD,
    quotebankMinSpeakerProbability: c.QUOTEBANK_MIN_SPEAKER_PROBABILITY,
  };
}
