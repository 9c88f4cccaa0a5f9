-- The planner reads the statistics of quote.search for every statement that matches words (`search @@ ...`),
-- and at statistics target 1,000 they hold 10,000 lexemes (90 kB, compressed): unpacking them cost 0.6–0.8 ms
-- of planning per statement at 1M quotes, more than running most searches (every statement is planned for its
-- own parameters: connection.ts). At the default target (1,000 lexemes) the planning takes 0.03 ms, and the
-- planner's estimates stay right where its choices depend on them (a word in more than ~0.3% of quotes).
-- The application's word counts (search/term-statistics.ts) still want the 10,000 most common words: they come
-- from a statistics object of their own, which ANALYZE fills from the same sample and the planner never reads
-- for `search @@ ...` (it is the statistics of an expression, strip(search): the same lexemes, no positions).
ALTER TABLE quote ALTER COLUMN search SET STATISTICS 100;
CREATE STATISTICS quote_search_words ON (strip(search)) FROM quote;
ALTER STATISTICS quote_search_words SET STATISTICS 1000;
-- Both filled now (seconds at 1M quotes; ANALYZE does not block reads or writes): until then the planner
-- would keep unpacking the old 10,000 lexemes.
ANALYZE quote;
