import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, type CorpusReport } from '../bench/corpus/generate.ts';
import { lshIndexPath } from '../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { lshToken } from '../src/storage/sqlite/verify-index/lsh-token.ts';
import { LSH_VERSION, lshBuckets } from '../src/verification/minhash.ts';

/**
 * The bulk loader takes shortcuts the application never takes (no journal,
 * foreign keys unchecked, the verify index built by a worker), so
 * its output is checked against the definitions the application uses.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-corpus-'));
const file = path.join(dir, 'corpus.db');
let report: CorpusReport;
let db: BetterSqlite3.Database;
let lsh: BetterSqlite3.Database;

beforeAll(async () => {
  report = await buildCorpus({ quotes: 3_000, db: file });
  db = new BetterSqlite3(file, { readonly: true });
  lsh = new BetterSqlite3(lshIndexPath(file), { readonly: true });
}, 60_000);
afterAll(() => {
  db.close();
  lsh.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bench corpus (bulk load)', () => {
  it('loads the quotes it reports into a WAL database, with its verify index file next to it', () => {
    expect(report.quotes).toBe(3_000);
    expect(db.prepare('SELECT COUNT(*) FROM Quote').pluck().get()).toBe(3_000);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(lsh.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(existsSync(`${file}-lsh`)).toBe(false);
  });

  it('indexes each quote in quote_lsh exactly under lshBuckets(), signed with its hash, at the current LSH version', () => {
    const quotes = db.prepare('SELECT id, normalizedText, normalizedHash FROM Quote ORDER BY id').all() as {
      id: number;
      normalizedText: string;
      normalizedHash: string;
    }[];
    expect(lsh.pragma('user_version', { simple: true })).toBe(LSH_VERSION);
    const signed = new Map(lsh.prepare('SELECT quoteId, hash FROM lsh_signed').raw().all() as [number, string][]);
    expect(quotes.filter((q) => signed.get(q.id) !== q.normalizedHash)).toEqual([]);
    expect(signed.size).toBe(quotes.length);
    const holders = lsh.prepare('SELECT rowid FROM quote_lsh WHERE quote_lsh MATCH ?').pluck();
    let pairs = 0;
    const missing: string[] = [];
    for (const q of quotes) {
      const tokens = new Set(lshBuckets(q.normalizedText).map(lshToken));
      pairs += tokens.size;
      for (const token of tokens) if (!(holders.all(`"${token}"`) as number[]).includes(q.id)) missing.push(`${q.id}:${token}`);
    }
    expect(missing).toEqual([]);
    // Every (token, quote) pair of the index is one of those: nothing extra, one row per quote.
    const writable = new BetterSqlite3(lshIndexPath(file));
    try {
      writable.exec('CREATE VIRTUAL TABLE temp.lsh_vocab USING fts5vocab(main, quote_lsh, row)');
      expect(writable.prepare('SELECT SUM(doc) FROM temp.lsh_vocab').pluck().get()).toBe(pairs);
      expect(writable.prepare('SELECT COUNT(*) FROM quote_lsh_docsize').pluck().get()).toBe(quotes.length);
      expect(() => writable.prepare(`INSERT INTO quote_lsh (quote_lsh, rank) VALUES ('integrity-check', 0)`).run()).not.toThrow();
    } finally {
      writable.close();
    }
  });

  it('keeps every foreign key, index and the search index consistent', () => {
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const writable = new BetterSqlite3(file);
    try {
      expect(() => writable.prepare(`INSERT INTO quote_fts(quote_fts, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
    } finally {
      writable.close();
    }
    expect(db.prepare("SELECT COUNT(*) FROM Quote WHERE searchTags = ''").pluck().get()).toBe(0);
  });
});
