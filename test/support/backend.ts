import { inject, it } from 'vitest';

/**
 * The editorial record (revisions, statuses, review, undo), variants and speaker edits are SQLite-only
 * so far (docs/postgres.md, issue #18). Whole test files of them are left out of the api-postgres
 * project (vitest.config.ts); these helpers cover the few cases inside files that otherwise run on both.
 */
export const onPostgres = inject('backend') === 'postgres';

/** A case of a feature not yet on PostgreSQL: runs on SQLite, skipped on PostgreSQL. */
export const itNotYetOnPostgres = it.skipIf(onPostgres);

/** GET operations that answer 501 not_available_on_backend on PostgreSQL. */
const NOT_YET_ON_POSTGRES_READS = new Set(['getQuoteHistory', 'getSpeakerHistory', 'getDocumentHistory']);

/** What a GET operation answers on this project's backend: 200, or 501 for a feature not yet on PostgreSQL. */
export function expectedReadStatus(operationId: string | undefined): 200 | 501 {
  return onPostgres && operationId !== undefined && NOT_YET_ON_POSTGRES_READS.has(operationId) ? 501 : 200;
}
