import { inject, it } from 'vitest';

/**
 * Speaker edits (corrections of speakers and documents, merge, removal, affiliation merge) are SQLite-only
 * so far (docs/postgres.md, issue #18). Whole test files of them are left out of the api-postgres project
 * (vitest.config.ts); these helpers cover the cases inside files that otherwise run on both.
 */
export const onPostgres = inject('backend') === 'postgres';

/** A case that looks underneath the ports at SQLite's own tables or file: runs on SQLite only. */
export const itOnSqliteOnly = it.skipIf(onPostgres);

/** A case of a feature not yet on PostgreSQL: runs on SQLite, skipped on PostgreSQL. */
export const itNotYetOnPostgres = it.skipIf(onPostgres);
