import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { startRuntime } from './bootstrap.ts';
import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { createLogger } from './logger.ts';
import { ExtractionPool } from './workers/extraction-pool.ts';

/** Texts that may wait for an extraction thread (each up to the body limit in memory) before 503 overloaded. */
const EXTRACT_QUEUE = 32;
/** Longest one extraction may run; linear-time extraction of the largest accepted text takes a small fraction of it. */
const EXTRACT_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`whosaid cannot start. ${error.message}\nSee .env.example for every setting.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config);
  if (config.workers > 1 && cluster.isPrimary) {
    await runPrimary(config.workers, config.cursorSecret, await startRuntime(config, logger, { serving: true }), logger);
    return;
  }
  const runtime = await startRuntime(config, logger, { prepared: cluster.isWorker, serving: true });
  const extraction = new ExtractionPool({ threads: config.extractThreads, maxQueued: EXTRACT_QUEUE, timeoutMs: EXTRACT_TIMEOUT_MS, reviewBelow: config.reviewConfidenceThreshold });
  const app = createApp({ config, repos: runtime.repos, logger, extractor: extraction });
  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    logger.info({ url: `http://localhost:${port}`, port, database: config.databasePath }, 'whosaid listening');
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const force = setTimeout(() => {
      logger.warn('shutdown timeout: closing remaining connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    server.close(() => {
      void runtime.db.close().then(() => {
        logger.info('database closed; bye');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/**
 * With WORKERS > 1 the primary migrates and seeds once, then forks workers that
 * share the port (node:cluster): search is CPU-bound JavaScript plus SQLite
 * reads, and WAL lets every worker read while one writes.
 */
async function runPrimary(workers: number, secret: string, prepared: Awaited<ReturnType<typeof startRuntime>>, logger: ReturnType<typeof createLogger>): Promise<void> {
  await prepared.db.close();
  let stopping = false;
  // Every worker signs and checks cursors with the same key, whichever of them served the previous page.
  const env = { CURSOR_SECRET: secret };
  for (let i = 0; i < workers; i++) cluster.fork(env);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    cluster.fork(env);
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    logger.info({ signal }, 'stopping workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`whosaid failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
