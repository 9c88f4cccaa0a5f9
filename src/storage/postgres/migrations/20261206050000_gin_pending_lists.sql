-- A GIN index keeps the entries of new rows in an unsorted pending list (up to gin_pending_list_limit, 4 MB by
-- default) until a vacuum or an insert past the limit merges them into the index, and every lookup reads the
-- whole list, for each of its keys. At 1M quotes, with the list at 246 pages (4,861 quotes), a word's lookup
-- took 7.7 ms instead of 0.9, a word with its spelling variants 31 ms instead of 4, and verify's lookup of
-- hundreds of similarity keys read the list's 2,031 rows once per key. The smallest list (64 kB: a few dozen
-- quotes) keeps most of the merge's batching for ingest and costs lookups a few pages at most.
ALTER INDEX quote_search_idx SET (gin_pending_list_limit = 64);
ALTER INDEX quote_search_tags_idx SET (gin_pending_list_limit = 64);
ALTER INDEX quote_lsh_keys_idx SET (gin_pending_list_limit = 64);
-- What the lists hold now is merged at once (at most the old limit's worth), not at the next insert.
SELECT gin_clean_pending_list('quote_search_idx'), gin_clean_pending_list('quote_search_tags_idx'), gin_clean_pending_list('quote_lsh_keys_idx');
