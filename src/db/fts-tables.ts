/**
 * The FTS5 virtual tables the migrations create: the quote index (external content,
 * written by the application), the trigram index over speaker aliases, and the
 * verification LSH index (contentless, written by the application; see
 * src/verification/lsh-token.ts).
 */
export const FTS_TABLES = ['quote_fts', 'speaker_alias_fts', 'quote_lsh'] as const;

const FTS5_SHADOW_SUFFIXES = ['data', 'idx', 'docsize', 'config', 'content'] as const;

/**
 * Every table an FTS5 index consists of: the virtual table and the shadow
 * tables SQLite makes for it. Prisma cannot model them and must never drop them.
 */
export const FTS_STORAGE_TABLES: readonly string[] = FTS_TABLES.flatMap((t) => [
  t,
  ...FTS5_SHADOW_SUFFIXES.map((s) => `${t}_${s}`),
]);
