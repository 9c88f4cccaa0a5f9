import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each test file gets its own SQLite file, so files run in parallel safely.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
