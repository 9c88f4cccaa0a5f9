import path from 'node:path';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { seedFromDirectory } from './services/seed.service.ts';
import { createStorage, type Storage } from './storage/index.ts';

export const SEED_DIRECTORY = path.resolve(import.meta.dirname, '../seed');

/**
 * Opens the configured storage (migrated, never wiped) and loads the seed when
 * configured. Cluster workers pass `prepared: true`: the primary process has
 * already migrated and seeded. A server passes `serving: true`: it also
 * reconciles the derived indexes with the data before it serves (0.8–1.0 s at
 * 1M quotes; the CLI's one-off commands leave that to the server and
 * `reindex`).
 */
export async function startStorage(config: Config, logger: Logger, options: { prepared?: boolean; serving?: boolean } = {}): Promise<Storage> {
  const storage = await createStorage(config, { prepared: options.prepared, reviewBelow: config.reviewConfidenceThreshold, serving: options.serving });
  if (storage.migrated.length > 0) logger.info({ applied: storage.migrated }, 'migrations applied');
  if (options.serving === true && options.prepared !== true) {
    // What a crash left out of the derived indexes, or all of them for a restored backup.
    const reconciled = await storage.reconcile();
    if (!reconciled.complete) logger.warn(reconciled, 'verify index reconciliation stopped on an error; the next start completes it');
    else if (reconciled.indexed + reconciled.removed > 0) logger.info(reconciled, 'verify index reconciled');
  }
  if (config.seedOnStart && options.prepared !== true) {
    const report = await seedFromDirectory(storage.repos, SEED_DIRECTORY);
    logger.info({ ...report }, 'seed loaded');
  }
  return storage;
}
