import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { ms, percentile } from '../suite.ts';

/** p50/p95 of a prepared statement over `runs` warm runs (after one cold run), and the rows it returned. */
export function timeStatement(
  db: BetterSqlite3.Database,
  sql: string,
  params: readonly unknown[],
  runs: number,
): { coldMs: number; p50: number; p95: number; rows: number } {
  const statement = db.prepare(sql).raw();
  let t = performance.now();
  const rows = statement.all(...params).length;
  const coldMs = ms(performance.now() - t);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    statement.all(...params);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { coldMs, p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), rows };
}
