import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite.storage.ts';
import { ExtractionPool } from '../../src/workers/extraction-pool.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../../src/extraction/confidence.ts';
import { DEFAULT_PUBLISHER } from '../../src/config.ts';
import type { Role } from '../../src/domain/actor.ts';
import { createApiKey } from '../../src/services/api-key.service.ts';

export interface CorpusServer {
  base: string;
  /** One API key per role, created in the corpus database when the server started. */
  keys: Record<Role, string>;
  close: () => Promise<void>;
}

/** The app on a corpus database, listening on loopback in this process, with no rate limit to get in the way of timing. */
export async function serveCorpus(databasePath: string): Promise<CorpusServer> {
  const db = await openSqliteStorage({ databasePath }, { prepared: true, serving: true });
  const keys: Record<Role, string> = {
    reader: (await createApiKey(db.repos.apiKeys, 'reader', 'bench reader')).key,
    editor: (await createApiKey(db.repos.apiKeys, 'editor', 'bench editor')).key,
    admin: (await createApiKey(db.repos.apiKeys, 'admin', 'bench admin')).key,
  };
  const pool = new ExtractionPool({ threads: 1, maxQueued: 8, timeoutMs: 60_000, reviewBelow: DEFAULT_REVIEW_THRESHOLD });
  const app = createApp({
    config: {
      maxBodyBytes: 1024 * 1024,
      publicReads: true,
      corsOrigins: [],
      rateLimit: { windowMs: 60_000, max: 1_000_000, authFailures: 1_000_000 },
      trustProxy: 0,
      cursorSecret: randomBytes(32).toString('base64url'),
      publisher: DEFAULT_PUBLISHER,
    },
    repos: db.repos,
    logger: createLogger({ logLevel: 'silent' }),
    extractor: pool,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
      await db.close();
    },
  };
}
