import { copyFileSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { INDEX_QUOTE_SQL, indexedValuesSql, refreshFiledOnSql, refreshTagsSql, syncQuotesSql, UNINDEX_QUOTE_SQL } from '../../src/storage/sqlite/search/search-index.sql.ts';

/** Wall time per statement of re-indexing a speaker's quotes: `npx tsx bench/experiments/resync-order.ts DB SPEAKER CHUNK`. */
const src = process.argv[2] as string;
const speaker = Number(process.argv[3] ?? 1);
const CHUNK = Number(process.argv[4] ?? 25);

function run(method: 'chunked' | 'in-order', setup: string[] = [], label = ''): { commit: number; top: number } {
  const db = `${src}.exp`;
  copyFileSync(src, db);
  const c = new BetterSqlite3(db);
  c.pragma('journal_mode = WAL');
  c.pragma('synchronous = NORMAL');
  c.pragma('cache_size = -2048');
  const times = new Map<string, number[]>();
  const timed = <T>(kind: string, f: () => T): T => {
    const t0 = performance.now();
    const v = f();
    const list = times.get(kind) ?? [];
    list.push(performance.now() - t0);
    times.set(kind, list);
    return v;
  };
  const ids = c.prepare('SELECT id FROM Quote WHERE speakerId = ? ORDER BY id').pluck().all(speaker) as number[];
  const t0 = performance.now();
  c.exec('BEGIN IMMEDIATE');
  for (const q of setup) c.exec(q);
  const [unindex, filed, tags, index] = syncQuotesSql('ids').map((s) => c.prepare(s));
  const values = c.prepare(indexedValuesSql('ids'));
  const filed2 = c.prepare(refreshFiledOnSql('ids'));
  const tags2 = c.prepare(refreshTagsSql('ids'));
  const del = c.prepare(UNINDEX_QUOTE_SQL);
  const ins = c.prepare(INDEX_QUOTE_SQL);
  type Row = { id: number; text: string; searchTags: string };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = JSON.stringify(ids.slice(i, i + CHUNK));
    if (method === 'chunked') {
      timed('unindex', () => unindex!.run(chunk));
      timed('filedOn', () => filed!.run(chunk));
      timed('tags', () => tags!.run(chunk));
      timed('index', () => index!.run(chunk));
    } else {
      const before = timed('before', () => values.all(chunk)) as Row[];
      timed('filedOn', () => filed2.run(chunk));
      timed('tags', () => tags2.run(chunk));
      const after = timed('after', () => values.all(chunk)) as Row[];
      timed('reindex', () => {
        for (let k = 0; k < before.length; k++) {
          del.run(before[k]!.id, before[k]!.text, before[k]!.searchTags);
          ins.run(after[k]!.id, after[k]!.text, after[k]!.searchTags);
        }
      });
    }
  }
  timed('flush', () => c.exec("INSERT INTO quote_fts(quote_fts) VALUES('flush')"));
  timed('COMMIT', () => c.exec('COMMIT'));
  const total = performance.now() - t0;
  const fmt = [...times.entries()].map(([k, v]) => {
    const s = [...v].sort((a, b) => a - b);
    return `${k} med ${s[Math.floor(s.length / 2)]!.toFixed(2)} p90 ${s[Math.floor(s.length * 0.9)]!.toFixed(1)} max ${s.at(-1)!.toFixed(1)}`;
  });
  const all = [...times.entries()].filter(([k]) => k !== 'COMMIT').flatMap(([, v]) => v).sort((a, b) => b - a);
  console.log(`${method}${label} chunk ${CHUNK}: top ${all.slice(0, 4).map((t) => t.toFixed(1)).join(' ')}; total ${total.toFixed(0)} ms; ${fmt.join('; ')}`);
  c.close();
  rmSync(db);
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  return { commit: times.get('COMMIT')![0]!, top: all[0]! };
}
const configs: [string, string[]][] = [
  ['', []],
  [' hashsize 128K', ["INSERT INTO quote_fts(quote_fts, rank) VALUES('hashsize', 131072)"]],
  [' hashsize 128K automerge 0 crisis 64', ["INSERT INTO quote_fts(quote_fts, rank) VALUES('hashsize', 131072)", "INSERT INTO quote_fts(quote_fts, rank) VALUES('automerge', 0)", "INSERT INTO quote_fts(quote_fts, rank) VALUES('crisismerge', 64)"]],
];
for (let i = 0; i < Number(process.argv[5] ?? 2); i++) for (const [label, setup] of configs) run('in-order', setup, label);
