-- ANALYZE keeps the most common lexemes of quote.search with their frequencies (pg_stats.most_common_elems):
-- ten times the statistics target of them. At 1,000 (instead of 100) the 10,000 most common words are there,
-- so search weighs and estimates every word but the rare ones from the statistics, without counting matches
-- (a capped count of a word in a few thousand quotes reads that many heap rows: tens of milliseconds at 1M).
ALTER TABLE quote ALTER COLUMN search SET STATISTICS 1000;
