-- A GIN index keeps the entries of new rows in an unsorted pending list (up to gin_pending_list_limit, 4 MB by
-- default) until a vacuum or an insert past the limit merges them into the index, and every lookup reads the
-- whole list, for each of its keys. At 1M quotes, with the list of quote_search_idx at 246 pages (4,861
-- quotes), a word's lookup took 7.7 ms instead of 0.9, a word with its spelling variants 31 ms instead of 4.
-- At 256 kB (a few hundred quotes) a lookup reads 32 pages of list at most, and ingest pays little for the
-- smaller merges: 0.12 ms per quote's words instead of 0.09 (at 64 kB: 0.22 ms).
-- quote_lsh_keys_idx keeps the default: verify's lookups read its list too, but its keys are random, so a
-- smaller list costs ingest more (64 kB: 0.25 ms per quote's keys instead of 0.16) — decisions/0027.
ALTER INDEX quote_search_idx SET (gin_pending_list_limit = 256);
ALTER INDEX quote_search_tags_idx SET (gin_pending_list_limit = 256);
-- What the lists hold now is merged at once (at most the old limit's worth), not at the next insert.
SELECT gin_clean_pending_list('quote_search_idx'), gin_clean_pending_list('quote_search_tags_idx');
