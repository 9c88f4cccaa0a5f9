/**
 * SQL of the verification LSH index, `quote_lsh` (an FTS5 table, contentless
 * with contentless_delete=1; see prisma/migrations/*_lsh_fts): one row per
 * quote, rowid = quote id, its LSH bucket tokens as text
 * (src/verification/lsh-token.ts). Shared by the raw ingest writer and the
 * Prisma maintenance writes, so every writer keeps it the same way.
 */

/** Indexes one new quote: (quote id, lshIndexDocument(text)). */
export const INSERT_LSH_SQL = 'INSERT INTO quote_lsh (rowid, buckets) VALUES (?, ?)';

/** Removes a quote's row; contentless_delete=1 needs only the rowid. */
export const DELETE_LSH_SQL = 'DELETE FROM quote_lsh WHERE rowid = ?';

/** Removes the rows of a JSON array of quote ids (absent ones are skipped). */
export const DELETE_LSH_IDS_SQL = 'DELETE FROM quote_lsh WHERE rowid IN (SELECT value FROM json_each(?))';

/** Indexes a JSON array of [quote id, tokens] pairs in one statement. */
export const INSERT_LSH_PAIRS_SQL = `INSERT INTO quote_lsh (rowid, buckets)
  SELECT value ->> 0, value ->> 1 FROM json_each(?)`;

/** Records the LSH version (first argument) of a JSON array of quote ids. */
export const MARK_LSH_VERSION_SQL = 'UPDATE Quote SET lshVersion = ? WHERE id IN (SELECT value FROM json_each(?))';
