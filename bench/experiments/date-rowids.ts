import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { runMain } from '../../src/cli/run-main.ts';
import { corpusWords } from '../search.bench.ts';
import { timeStatement } from './raw-timing.ts';

/**
 * Issue 3: "assign rowids in date order if it lets date ranges become rowid
 * ranges (measure)". Raw SQL on a corpus whose ids follow dates (the corpus
 * generator files documents in publication order): the date range and the
 * date sort as the service runs them (filedOn, checked per match / sorted),
 * against the same result through rowids (a rowid range from the filedOn
 * index; ORDER BY rowid, which FTS5 serves without sorting).
 *
 * `npx tsx bench/experiments/date-rowids.ts --db FILE [--runs N]`
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, runs: { type: 'string', default: '100' } } });
  if (values.db === undefined) {
    process.stderr.write('Usage: date-rowids.ts --db FILE [--runs N]\n');
    return 64;
  }
  const db = new BetterSqlite3(values.db, { readonly: true });
  const runs = Number(values.runs);
  const words = corpusWords();
  const [from, to] = ['2010-01-01', '2015-12-31'];

  // How far ids are from date order: quotes filed before some quote with a smaller id.
  const inversions = db
    .prepare(`SELECT COUNT(*) FROM (SELECT filedOn, MAX(filedOn) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest FROM Quote) WHERE filedOn < latest`)
    .pluck()
    .get() as number;
  // The rowid range of the date range, looked up first and bound as constants (as subqueries inside the
  // MATCH statement they cost ~300 ms: measured). With ids in exact date order each bound is the first
  // filedOn index entry on its side (one seek; MIN(id) WHERE filedOn >= ? would scan, 183 ms measured).
  // Here (ids in publication order, filedOn sometimes a day earlier) the range is close, not exact.
  const boundsSql = `SELECT (SELECT id FROM Quote WHERE filedOn >= ? ORDER BY filedOn, id LIMIT 1),
    (SELECT id FROM Quote WHERE filedOn <= ? ORDER BY filedOn DESC, id DESC LIMIT 1)`;
  const range = () => db.prepare(boundsSql).raw().get(from, to) as [number, number];
  const boundsMs = timeStatement(db, boundsSql, [from, to], runs).p50;
  const bounds = '? AND ?';

  const rows: Record<string, string | number>[] = [];
  for (const [label, match] of [
    ['mid word (bench)', words[3_000] as string],
    ['common word', 'government'],
    ['2 common words', 'security minister'],
  ] as const) {
    const variants: [string, string, unknown[]][] = [
      ['range, relevance: filedOn per match', `SELECT q.id FROM quote_fts JOIN Quote q ON q.id = quote_fts.rowid WHERE quote_fts MATCH ? AND q.filedOn >= ? AND q.filedOn <= ? ORDER BY quote_fts.rank, quote_fts.rowid DESC LIMIT 21`, [match, from, to]],
      ['range, relevance: rowid range', `SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? AND rowid BETWEEN ${bounds} ORDER BY rank, rowid DESC LIMIT 21`, [match, ...range()]],
      ['sort=date: ORDER BY filedOn', `SELECT q.id FROM quote_fts JOIN Quote q ON q.id = quote_fts.rowid WHERE quote_fts MATCH ? ORDER BY q.filedOn DESC, q.id DESC LIMIT 21`, [match]],
      ['sort=date: ORDER BY rowid', `SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? ORDER BY rowid DESC LIMIT 21`, [match]],
      ['range + sort=date: filedOn', `SELECT q.id FROM quote_fts JOIN Quote q ON q.id = quote_fts.rowid WHERE quote_fts MATCH ? AND q.filedOn >= ? AND q.filedOn <= ? ORDER BY q.filedOn DESC, q.id DESC LIMIT 21`, [match, from, to]],
      ['range + sort=date: rowid', `SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? AND rowid BETWEEN ${bounds} ORDER BY rowid DESC LIMIT 21`, [match, ...range()]],
    ];
    const matches = db.prepare('SELECT COUNT(*) FROM quote_fts WHERE quote_fts MATCH ?').pluck().get(match) as number;
    for (const [variant, sql, params] of variants) rows.push({ query: `${label} (${matches} matches)`, variant, ...timeStatement(db, sql, params, runs) });
  }
  db.close();
  process.stdout.write(`quotes filed before an earlier id: ${inversions}; rowid bounds lookup p50 ${boundsMs} ms\n\n`);
  process.stdout.write(`| query | variant | coldMs | p50 | p95 | rows |\n|---|---|---|---|---|---|\n`);
  for (const r of rows) process.stdout.write(`| ${r.query} | ${r.variant} | ${r.coldMs} | ${r.p50} | ${r.p95} | ${r.rows} |\n`);
  return 0;
}

runMain(main);
