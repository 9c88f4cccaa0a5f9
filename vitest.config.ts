import { defineConfig } from 'vitest/config';

/**
 * Test tiers (`npm run test:<tier>`; `npm test` runs them all):
 * - unit: pure code, no database, no server (the fast loop, well under 20 s);
 * - api: the app over HTTP (supertest) and the storage ports, each file on a real SQLite file of its own;
 * - api-postgres: the same on PostgreSQL (a throwaway server, a database per file), less SQLITE_ONLY;
 * - process: child processes, threads, crashes, migrations through the Prisma CLI (process-timing: the event-loop
 *   bound per route, run last and alone);
 * - browser: the pages in headless Chromium.
 * A new test file lands in api unless listed below (or named *.browser.test.ts).
 */
const UNIT = ['test/edit-distance.test.ts', 'test/highlight.test.ts', 'test/minhash.test.ts', 'test/inflection.test.ts', 'test/person-name.test.ts', 'test/text-normalize.test.ts', 'test/search-facet-tally.test.ts', 'test/search-newest-first.test.ts', 'test/skeleton-variants.test.ts', 'test/verify-scoring.test.ts', 'test/variant-cluster.test.ts', 'test/extraction/**/*.test.ts'];
const PROCESS = [
  'test/cli-extract.test.ts',
  'test/corpus.test.ts',
  'test/crash.test.ts',
  'test/documentation.test.ts',
  'test/durability.test.ts',
  'test/export-memory.test.ts',
  'test/evidence-repair.test.ts',
  'test/lsh-index.test.ts',
  'test/migrations.test.ts',
  'test/scale-out.test.ts',
  'test/reader-thread.test.ts',
  'test/write-thread.test.ts',
  'test/startup.test.ts',
];
/**
 * Timing measured against a bound with no allowance for other tests: the event-loop delay of every route's worst
 * requests. It runs last and alone (groupOrder, no file parallelism), since a test file running beside it on a
 * 2-core machine stretched verify's p99 from 11.7 ms (alone, idle) to 21.5 ms.
 */
const TIMING = ['test/event-loop-routes.test.ts'];
const BROWSER = ['test/**/*.browser.test.ts'];
/**
 * API tests of the SQLite backend's own machinery: they run on SQLite only. Everything else of the api
 * tier runs on both backends (what they test of behaviour runs on both elsewhere: ingest bursts in
 * test/ingest-burst.test.ts, the storage contract, the whole API).
 */
const SQLITE_ONLY = [
  'test/cost.test.ts', // the adversarial cost families on a generated SQLite corpus (bench/cost); PostgreSQL's costs: bench/postgres-*
  'test/group-commit.test.ts', // SQLite's GroupCommit and write lock, closing its file, another process holding it (busy_timeout)
  'test/write-lock.test.ts', // SQLite's one write lock, busy_timeout and max_page_count (disk full)
  'test/write-turns.test.ts', // SQLite's writer in steps, its FTS5 index checks and its WAL checkpoint thread
];

const shared = {
  // Each test file gets its own SQLite file, so files run in parallel safely.
  pool: 'forks',
  testTimeout: 20_000,
  hookTimeout: 60_000,
} as const;

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: UNIT } },
      {
        test: {
          ...shared,
          name: 'api',
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...PROCESS, ...TIMING, ...BROWSER],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        // The same api tests on PostgreSQL: a throwaway server for the run, a database per test file. Run after
        // the other tiers (groupOrder), so their timing tests never share the cores with this tier's server.
        test: {
          ...shared,
          name: 'api-postgres',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...PROCESS, ...TIMING, ...BROWSER, ...SQLITE_ONLY],
          globalSetup: ['test/support/global-setup-postgres.ts'],
        },
      },
      { test: { ...shared, name: 'process', include: PROCESS, globalSetup: ['test/support/global-setup.ts'] } },
      {
        test: {
          ...shared,
          name: 'process-timing',
          include: TIMING,
          sequence: { groupOrder: 2 },
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      { test: { ...shared, name: 'browser', include: BROWSER, globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});
