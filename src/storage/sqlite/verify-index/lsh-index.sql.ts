/**
 * The SQL of the verify index's file (see lsh-index.store.ts): `quote_lsh`,
 * the FTS5 table the verify service queries for near-duplicates (one row per
 * quote, rowid = quote id, its LSH bucket tokens as text, lsh-token.ts), and
 * `lsh_signed`, which quote (by its normalizedHash) each row was made from.
 * The database's own connections see the file attached as `lsh`, so
 * `quote_lsh` needs no schema prefix in their queries.
 */

/**
 * Contentless with contentless_delete=1, so a row is deleted by rowid alone;
 * detail=none: only "which quotes hold this token" is ever asked.
 * `lsh_signed` lists what `quote_lsh` holds (a contentless table cannot be
 * listed) and tells a row made from other words (a restored database under an
 * older index file) from a current one.
 */
export const LSH_SCHEMA_SQL = `
  CREATE VIRTUAL TABLE IF NOT EXISTS quote_lsh USING fts5(buckets, content='', contentless_delete=1, detail=none);
  CREATE TABLE IF NOT EXISTS lsh_signed (quoteId INTEGER PRIMARY KEY, hash TEXT NOT NULL);`;

export const DROP_LSH_SCHEMA_SQL = 'DROP TABLE IF EXISTS quote_lsh; DROP TABLE IF EXISTS lsh_signed;';

export const LSH_SQL = {
  signedHash: 'SELECT hash FROM lsh_signed WHERE quoteId = ?',
  /** For a bulk load that writes the quotes itself (bench/corpus): no check against the database. */
  bulkInsertSigned: 'INSERT INTO lsh_signed (quoteId, hash) VALUES (?, ?)',
  /** Whether the database holds the quote with these words. */
  holds: 'SELECT 1 FROM store.Quote WHERE id = @id AND normalizedHash = @hash',
  insertRow: 'INSERT INTO quote_lsh (rowid, buckets) VALUES (?, ?)',
  /**
   * Records a quote (id, hash) that the database holds with these words, read
   * in the write's own transaction: a quote deleted meanwhile (by any process)
   * gets no row back. 0 changes when it is gone or has a row already.
   */
  insertSigned: `INSERT INTO lsh_signed (quoteId, hash)
    SELECT @id, @hash WHERE EXISTS (SELECT 1 FROM store.Quote WHERE id = @id AND normalizedHash = @hash)
    ON CONFLICT (quoteId) DO NOTHING`,
  deleteRow: 'DELETE FROM quote_lsh WHERE rowid = ?',
  deleteSigned: 'DELETE FROM lsh_signed WHERE quoteId = ?',
  /** Rows after an id of quotes the database no longer holds with these words (`store`: the database, attached). */
  stale: `SELECT s.quoteId FROM lsh_signed s
    WHERE s.quoteId > ? AND NOT EXISTS (SELECT 1 FROM store.Quote q WHERE q.id = s.quoteId AND q.normalizedHash = s.hash)
    ORDER BY s.quoteId LIMIT ?`,
  /** Quotes after an id without a row, in id order. */
  missing: `SELECT q.id, q.normalizedText, q.normalizedHash FROM store.Quote q
    WHERE q.id > ? AND NOT EXISTS (SELECT 1 FROM lsh_signed s WHERE s.quoteId = q.id) ORDER BY q.id LIMIT ?`,
} as const;
