/**
 * The FTS5 virtual tables the migrations leave in the database: the quote
 * index (external content, written by the application) and the trigram index
 * over speaker aliases. (The verification LSH index is in a file of its own:
 * src/storage/sqlite/verify-index/lsh-index.store.ts.)
 */
export const FTS_TABLES = ['quote_fts', 'speaker_alias_fts'] as const;

const FTS5_SHADOW_SUFFIXES = ['data', 'idx', 'docsize', 'config', 'content'] as const;

/**
 * Every table an FTS5 index consists of: the virtual table and the shadow
 * tables SQLite makes for it. Prisma cannot model them and must never drop them.
 */
export const FTS_STORAGE_TABLES: readonly string[] = FTS_TABLES.flatMap((t) => [
  t,
  ...FTS5_SHADOW_SUFFIXES.map((s) => `${t}_${s}`),
]);
