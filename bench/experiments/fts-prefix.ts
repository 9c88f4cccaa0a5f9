import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { runMain } from '../../src/cli/run-main.ts';
import { OPTIMIZE_INDEX_SQL, REBUILD_INDEX_SQL } from '../../src/storage/sqlite/search/search-index.sql.ts';
import { corpusWords } from '../search.bench.ts';
import { timeStatement } from './raw-timing.ts';

/**
 * Issue 3: an FTS5 prefix index for `prefix*` queries. Recreates `quote_fts`
 * IN PLACE in a corpus file (a copy you own) with the given `prefix=` option,
 * otherwise as the search_index migration defines it, and measures: rebuild +
 * optimize time (what the bulk load pays), index size, raw query times for
 * prefixes of 2–6 characters and a few plain queries, and the write cost
 * (unindex + index 20,000 quotes in transactions of 200, as edits do).
 *
 * `npx tsx bench/experiments/fts-prefix.ts --db FILE [--prefix '2 3 4'] [--runs N]`
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, prefix: { type: 'string', default: '' }, runs: { type: 'string', default: '100' } },
  });
  if (values.db === undefined || !/^[\d ]*$/.test(values.prefix)) {
    process.stderr.write("Usage: fts-prefix.ts --db FILE [--prefix '2 3 4'] [--runs N]\n");
    return 64;
  }
  const db = new BetterSqlite3(values.db);
  db.pragma('cache_size = -262144');
  const runs = Number(values.runs);
  const prefix = values.prefix.trim();
  const log = (line: string) => process.stdout.write(`${line}\n`);

  let t = performance.now();
  db.transaction(() => {
    db.exec('DROP TABLE quote_fts');
    db.exec(`CREATE VIRTUAL TABLE quote_fts USING fts5(text, searchTags, content='Quote', content_rowid='id',
      tokenize="unicode61 remove_diacritics 2"${prefix === '' ? '' : `, prefix='${prefix}'`})`);
    db.exec(`INSERT INTO quote_fts(quote_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)')`);
    db.exec(REBUILD_INDEX_SQL);
  })();
  const rebuildS = (performance.now() - t) / 1000;
  t = performance.now();
  db.exec(OPTIMIZE_INDEX_SQL);
  const optimizeS = (performance.now() - t) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = db.prepare(`SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'quote_fts%'`).pluck().get() as number;
  log(`prefix='${prefix}': rebuild ${rebuildS.toFixed(1)} s, optimize ${optimizeS.toFixed(1)} s, index ${(bytes / 2 ** 20).toFixed(0)} MiB`);

  const words = corpusWords();
  const queries: [string, string][] = [
    ['bench prefix (4 chars)', `${(words[1_500] as string).slice(0, 4)}*`],
    ...[2, 3, 4, 5, 6].map((n): [string, string] => [`prefix ${n} chars`, `${(words[700] as string).slice(0, n)}*`]),
    ['prefix 3 chars, other word', `${(words[9_000] as string).slice(0, 3)}*`],
    ['mid word', words[3_000] as string],
    ['2 common words', 'security minister'],
    ['phrase', '"the government"'],
  ];
  log('| query | match | matches | order | coldMs | p50 | p95 |\n|---|---|---|---|---|---|---|');
  for (const [label, match] of queries) {
    const matches = db.prepare('SELECT COUNT(*) FROM quote_fts WHERE quote_fts MATCH ?').pluck().get(match) as number;
    // As the service orders them: ranked up to 20,000 estimated matches, else newest first.
    const order = matches > 20_000 ? 'rowid DESC' : 'rank';
    const r = timeStatement(db, `SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? ORDER BY ${order} LIMIT 21`, [match], runs);
    log(`| ${label} | \`${match}\` | ${matches} | ${order} | ${r.coldMs} | ${r.p50} | ${r.p95} |`);
  }

  // Write cost: what PATCH/DELETE and ingest pay per quote (remove with old values, add again).
  const ids = db.prepare('SELECT id FROM Quote ORDER BY id DESC LIMIT 20000').pluck().all() as number[];
  const unindex = db.prepare(`INSERT INTO quote_fts(quote_fts, rowid, text, searchTags) SELECT 'delete', id, text, searchTags FROM Quote WHERE id = ?`);
  const index = db.prepare('INSERT INTO quote_fts(rowid, text, searchTags) SELECT id, text, searchTags FROM Quote WHERE id = ?');
  t = performance.now();
  for (let i = 0; i < ids.length; i += 200) {
    db.transaction(() => {
      for (const id of ids.slice(i, i + 200)) {
        unindex.run(id);
        index.run(id);
      }
    })();
  }
  const perSecond = Math.round(ids.length / ((performance.now() - t) / 1000));
  log(`re-index of ${ids.length} quotes (unindex + index, 200 per transaction): ${perSecond} quotes/s`);
  db.exec(OPTIMIZE_INDEX_SQL);
  db.close();
  return 0;
}

runMain(main);
