import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The storage boundary: a backend's driver, ORM, SQL dialect and index files
 * stay inside its folder (src/storage/<backend>/); everything else reaches
 * storage through src/storage/index.ts (createStorage) and the ports.
 */
const STORAGE_BACKENDS = ['src/storage/sqlite/**', 'src/storage/postgres/**'];
/** Tests of the SQLite backend itself, and tests that check its files after a crash or a restore. */
const SQLITE_BACKEND_TESTS = [
  'test/support/global-setup.ts',
  'test/support/test-app.ts',
  'test/support/db-snapshot.ts',
  'test/support/evidence-invariant.ts',
  'test/support/dying-write.worker.ts',
  'test/corpus.test.ts',
  'test/crash.test.ts',
  'test/durability.test.ts',
  'test/evidence-repair.test.ts',
  'test/group-commit.test.ts',
  'test/lsh-index.test.ts',
  'test/migrations.test.ts',
  'test/reader-thread.test.ts',
  'test/search-facet-tally.test.ts',
  'test/search-newest-first.test.ts',
  'test/search-new-quote-tags.test.ts',
  'test/startup.test.ts',
  'test/verify-evidence.test.ts',
  'test/write-lock.test.ts',
  'test/write-thread.test.ts',
  'test/write-turns.test.ts',
];
/** The test set-up that starts a throwaway PostgreSQL server and makes databases on it. */
const POSTGRES_BACKEND_TESTS = ['test/support/postgres-server.ts', 'test/support/global-setup-postgres.ts'];
const BACKEND_MESSAGE = 'Storage backends stay behind the ports: use createStorage (src/storage/index.ts) and src/storage/ports.';
const BACKEND_PATHS = [{ name: 'better-sqlite3', message: BACKEND_MESSAGE }];
const BACKEND_PATTERNS = [
  { group: ['@prisma/*', 'prisma', 'pg', 'postgres'], message: BACKEND_MESSAGE },
  { group: ['**/generated/prisma/**', '**/storage/sqlite/**', '**/storage/postgres/**'], message: BACKEND_MESSAGE },
];

export default tseslint.config(
  { ignores: ['node_modules', 'src/generated', 'data', 'coverage', 'scratch'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/config.ts.' },
      ],
    },
  },
  {
    // Scripts that run in the browser, not in Node.
    files: ['src/web/assets/**/*.js', 'src/http/openapi/docs/**/*.js'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', FormData: 'readonly', SwaggerUIBundle: 'readonly' },
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    ignores: [...STORAGE_BACKENDS, ...SQLITE_BACKEND_TESTS, ...POSTGRES_BACKEND_TESTS],
    rules: {
      'no-restricted-imports': ['error', { paths: BACKEND_PATHS, patterns: BACKEND_PATTERNS }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/\\b(PRAGMA|FTS5|quote_fts|quote_lsh|sqlite_master)\\b/i]',
          message: `SQL of a backend: ${BACKEND_MESSAGE}`,
        },
        {
          selector: 'TemplateElement[value.raw=/\\b(PRAGMA|FTS5|quote_fts|quote_lsh|sqlite_master)\\b/i]',
          message: `SQL of a backend: ${BACKEND_MESSAGE}`,
        },
      ],
    },
  },
  {
    // Storage sits under the services: it knows the domain (and the similarity signature every backend indexes), nothing above it.
    files: ['src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/services/**', '**/http/**', '**/web/**', '**/cli/**', '**/app.ts', '**/bootstrap.ts', '**/server.ts', '**/extraction/**'],
              message: 'Storage may import the domain and the similarity signature only: the layers above depend on it, not the other way.',
            },
            {
              group: ['**/verification/*', '!**/verification/minhash.ts'],
              message: 'Of verification, storage uses only the signature it indexes (verification/minhash.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Pages reuse the API's schemas (routes/*.schemas.ts), never a route file.
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: BACKEND_PATHS,
          patterns: [...BACKEND_PATTERNS, { group: ['**/http/routes/*.routes.ts'], message: 'Import the schemas (routes/<name>.schemas.ts), not the route file.' }],
        },
      ],
    },
  },
  {
    // The factory picks the backend.
    files: ['src/storage/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests start real server processes and must hand them an environment.
    files: ['src/config.ts', 'test/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
