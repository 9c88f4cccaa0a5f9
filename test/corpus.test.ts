import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, type CorpusReport } from '../bench/corpus/generate.ts';
import { lshBuckets } from '../src/verification/minhash.ts';

/**
 * The bulk loader takes shortcuts the application never takes (no journal,
 * foreign keys unchecked, the LSH table built in a worker and copied in), so
 * its output is checked against the definitions the application uses.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-corpus-'));
const file = path.join(dir, 'corpus.db');
let report: CorpusReport;
let db: BetterSqlite3.Database;

beforeAll(async () => {
  report = await buildCorpus({ quotes: 3_000, db: file });
  db = new BetterSqlite3(file, { readonly: true });
}, 60_000);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bench corpus (bulk load)', () => {
  it('loads the quotes it reports, leaves no side file and a WAL database', () => {
    expect(report.quotes).toBe(3_000);
    expect(db.prepare('SELECT COUNT(*) FROM Quote').pluck().get()).toBe(3_000);
    expect(existsSync(`${file}-lsh`)).toBe(false);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it("fills each quote's LSH rows exactly as lshBuckets() computes them", () => {
    const rows = db.prepare('SELECT quoteId, band, bucket FROM QuoteLshBucket ORDER BY quoteId, band').all() as {
      quoteId: number;
      band: number;
      bucket: number;
    }[];
    const expected = (db.prepare('SELECT id, normalizedText FROM Quote ORDER BY id').all() as { id: number; normalizedText: string }[]).flatMap(
      (q) => lshBuckets(q.normalizedText).map((b) => ({ quoteId: q.id, band: b.band, bucket: b.bucket })),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(rows).toEqual(expected);
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
