-- The verify index in two parts, read together as `quote_lsh` (the same columns as before, so every lookup
-- reads it unchanged):
-- - quote_lsh_indexed: the keys behind the GIN index (the former quote_lsh table);
-- - quote_lsh_backlog: the keys of quotes an ingest stored, written in the ingest's own transaction (so a
--   crash cannot lose them) without a GIN index, and moved into quote_lsh_indexed by a background step
--   in batches of thousands (src/storage/postgres/lsh-index.ts). A GIN entry of 14 random keys per quote
--   costs the server more than the quote row does; written in the ingest's transaction or before its
--   caller heard back, it set ingest's speed. The backlog stays small (the step runs every fraction of
--   a second), so a lookup reads it whole.
-- A quote's keys are in exactly one of the two: the move is one statement.
ALTER TABLE quote_lsh RENAME TO quote_lsh_indexed;

CREATE TABLE quote_lsh_backlog (
  quote_id integer PRIMARY KEY,
  version  smallint NOT NULL,
  keys     bigint[] NOT NULL
);

CREATE VIEW quote_lsh AS
  SELECT quote_id, version, keys FROM quote_lsh_indexed
  UNION ALL
  SELECT quote_id, version, keys FROM quote_lsh_backlog;
