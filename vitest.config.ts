import { defineConfig } from 'vitest/config';

/**
 * Test tiers (`npm run test:<tier>`; `npm test` runs them all):
 * - unit: pure code, no database, no server (the fast loop, well under 20 s);
 * - api: the app over HTTP (supertest) and the storage ports, each file on a real SQLite file of its own;
 * - process: child processes, threads, crashes, migrations through the Prisma CLI;
 * - browser: the pages in headless Chromium.
 * A new test file lands in api unless listed below (or named *.browser.test.ts).
 */
const UNIT = ['test/edit-distance.test.ts', 'test/inflection.test.ts', 'test/text-normalize.test.ts', 'test/person-name.test.ts', 'test/search-facet-tally.test.ts', 'test/extraction/**/*.test.ts'];
const PROCESS = [
  'test/cli-extract.test.ts',
  'test/corpus.test.ts',
  'test/crash.test.ts',
  'test/documentation.test.ts',
  'test/durability.test.ts',
  'test/export-memory.test.ts',
  'test/event-loop-routes.test.ts',
  'test/evidence-repair.test.ts',
  'test/lsh-index.test.ts',
  'test/migrations.test.ts',
  'test/startup.test.ts',
];
const BROWSER = ['test/**/*.browser.test.ts'];

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
          exclude: [...UNIT, ...PROCESS, ...BROWSER],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      { test: { ...shared, name: 'process', include: PROCESS, globalSetup: ['test/support/global-setup.ts'] } },
      { test: { ...shared, name: 'browser', include: BROWSER, globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});
