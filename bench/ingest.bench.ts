import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { migrateDatabase } from '../src/storage/sqlite/migrate.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import { createRepositories } from '../src/storage/sqlite/repositories/index.ts';
import type { NewDocument, NewSpeaker, PendingAttribution } from '../src/storage/ports/index.ts';
import { lshIndexDocument } from '../src/storage/sqlite/verify-index/lsh-token.ts';
import { lshBuckets } from '../src/verification/minhash.ts';
import { Random, Zipf } from './corpus/random.ts';
import { vocabulary } from './corpus/vocabulary.ts';
import type { Suite } from './suite.ts';

/**
 * Ingest with search kept in sync, one article per transaction:
 * 1. raw driver alone, three ways of keeping FTS5 in step (10 quotes per
 *    transaction, text and tags only): per-row triggers on an external-content
 *    index, the application writing an external-content index, the
 *    application writing the index the app uses (text + tags);
 * 2. the application's write path, `repos.writes.ingestDocument` (what
 *    POST /v1/documents with extract: true calls): articles of 4–8 new quotes
 *    by 2–3 speakers, storing the document, upserting its speakers, the
 *    quotes, occurrences and relays, and keeping the search index and the
 *    audit trail in step in the same transaction; the verify index
 *    (`quote_lsh`, in its own file) follows on its thread, and the clock
 *    stops only once it holds every quote. Inputs (texts, hashes,
 *    normalisation) are prepared before the clock starts, as the service does
 *    before calling the repository. Two ways of calling it: one caller at a
 *    time (every article its own transaction), and 64 concurrent callers, as
 *    64 HTTP connections posting articles would (group commit: the articles
 *    that queue up share a transaction).
 */
const PER_ARTICLE = 10;

export function sentences(n: number): string[] {
  const random = new Random(7);
  const words = vocabulary(random, 60_000);
  const zipf = new Zipf(words.length, 1.07, random);
  return Array.from({ length: n }, (_, i) => {
    const parts = Array.from({ length: random.int(8, 30) }, () => words[zipf.draw()] as string);
    return `${parts.join(' ')} ${i}`;
  });
}

type Variant = { name: string; schema: string; insert: (db: BetterSqlite3.Database) => (id: number, text: string) => void };

const VARIANTS: Variant[] = [
  {
    name: 'triggers, external content',
    schema: `CREATE TABLE Quote (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
      CREATE VIRTUAL TABLE fts USING fts5(text, content='Quote', content_rowid='id', tokenize="unicode61 remove_diacritics 2");
      CREATE TRIGGER fts_ai AFTER INSERT ON Quote BEGIN INSERT INTO fts(rowid, text) VALUES (new.id, new.text); END;`,
    insert: (db) => {
      const q = db.prepare('INSERT INTO Quote (id, text) VALUES (?, ?)');
      return (id, text) => q.run(id, text);
    },
  },
  {
    name: 'app writes, external content',
    schema: `CREATE TABLE Quote (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
      CREATE VIRTUAL TABLE fts USING fts5(text, content='Quote', content_rowid='id', tokenize="unicode61 remove_diacritics 2");`,
    insert: (db) => {
      const q = db.prepare('INSERT INTO Quote (id, text) VALUES (?, ?)');
      const f = db.prepare('INSERT INTO fts (rowid, text) VALUES (?, ?)');
      return (id, text) => {
        q.run(id, text);
        f.run(id, text);
      };
    },
  },
  {
    name: 'app writes, external content + tags column (used)',
    schema: `CREATE TABLE Quote (id INTEGER PRIMARY KEY, text TEXT NOT NULL, searchTags TEXT NOT NULL);
      CREATE VIRTUAL TABLE fts USING fts5(text, searchTags, content='Quote', content_rowid='id', tokenize="unicode61 remove_diacritics 2");`,
    insert: (db) => {
      const q = db.prepare('INSERT INTO Quote (id, text, searchTags) VALUES (?, ?, ?)');
      const f = db.prepare('INSERT INTO fts (rowid, text, searchTags) VALUES (?, ?, ?)');
      return (id, text) => {
        const tags = `sp${id % 5000} ki${id % 3} la656e ou${id % 300}`;
        q.run(id, text, tags);
        f.run(id, text, tags);
      };
    },
  },
  {
    // Not a way of keeping search in step: the verification LSH index the app also writes for every quote,
    // alone, to show its cost. The old layout, kept for the record: one row per bucket (14 per quote) at random places of
    // a WITHOUT ROWID key, plus its quoteId index (the app's table until the lsh_fts migration).
    name: 'LSH alone, old layout: one B-tree row per bucket (QuoteLshBucket, WITHOUT ROWID + quoteId index)',
    schema: `CREATE TABLE QuoteLshBucket (band INTEGER NOT NULL, bucket INTEGER NOT NULL, quoteId INTEGER NOT NULL,
        PRIMARY KEY (band, bucket, quoteId)) WITHOUT ROWID;
      CREATE INDEX QuoteLshBucket_quoteId_idx ON QuoteLshBucket (quoteId);`,
    insert: (db) => {
      const b = db.prepare('INSERT INTO QuoteLshBucket (band, bucket, quoteId) VALUES (?, ?, ?)');
      return (id, text) => {
        for (const bucket of lshBuckets(normalizeQuoteText(text))) b.run(bucket.band, bucket.bucket, id);
      };
    },
  },
  {
    // The same buckets as the app stores them now: one FTS5 row of bucket tokens per quote (same DDL as the migration).
    name: 'LSH alone, FTS5: one quote_lsh row of bucket tokens per quote (as the app)',
    schema: `CREATE VIRTUAL TABLE quote_lsh USING fts5(buckets, content='', contentless_delete=1, detail=none);`,
    insert: (db) => {
      const b = db.prepare('INSERT INTO quote_lsh (rowid, buckets) VALUES (?, ?)');
      return (id, text) => b.run(id, lshIndexDocument(normalizeQuoteText(text)));
    },
  },
];

export interface Article {
  doc: NewDocument;
  speakers: NewSpeaker[];
  attributions: PendingAttribution[];
}

/** Articles of 4–8 quotes (new texts) by 2–3 of 300 recurring speakers, some passed on by a news agency. */
export function articles(texts: readonly string[]): Article[] {
  const random = new Random(11);
  const speakers: NewSpeaker[] = Array.from({ length: 300 }, (_, i) => ({
    slug: `bench-speaker-${i}`,
    name: `Bench Speaker ${i}`,
    kind: 'person',
    description: null,
    aliases: [`Speaker ${i}`],
    externalIds: [],
    affiliations: [
      { organization: { name: `Bench Ministry ${i % 40}`, kind: 'government' }, role: 'spokesperson', asStated: null, validFrom: '2015', validTo: null, sourceDocumentId: null },
    ],
  }));
  const result: Article[] = [];
  for (let next = 0, n = 0; next < texts.length; n++) {
    const cast = Array.from({ length: random.int(2, 3) }, () => random.pick(speakers)).filter((s, i, all) => all.indexOf(s) === i);
    let text = `Report ${n}.\n`;
    const attributions: PendingAttribution[] = [];
    for (let q = random.int(4, 8); q > 0 && next < texts.length; q--) {
      const speaker = random.pick(cast);
      const words = texts[next++] as string;
      text += `${speaker.name} said: “`;
      const start = text.length;
      text += `${words}.” `;
      const normalizedText = normalizeQuoteText(words);
      attributions.push({
        speakerSlug: speaker.slug, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText),
        kind: 'direct', saidOn: null, venue: null, start, end: start + words.length,
        cue: { text: 'said', start: start - 9, end: start - 5 }, speakerMention: null,
        relays: random.chance(0.25) ? [{ name: 'Bench Agency', organization: { name: 'Bench Agency', kind: 'news agency' }, mention: null }] : [],
        confidence: 0.9, attributedBy: 'extractor', extractorVersion: 'bench',
      });
    }
    const day = new Date(Date.UTC(2020, 0, 1) + n * 3_600_000).toISOString().slice(0, 10);
    result.push({
      doc: { outlet: `Outlet ${n % 30}`, title: `Report ${n}`, url: null, publishedOn: day, dateline: null, language: 'en', text, sha256: sha256Hex(text) },
      speakers: cast,
      attributions,
    });
  }
  return result;
}

type Repos = ReturnType<typeof createRepositories>;

/** Concurrent callers of the concurrent rows: as many as the HTTP bench's connections. */
const CALLERS = 64;

/**
 * Every article through `ingestDocument` by `callers` concurrent callers, each
 * posting its next article once the last one is stored; returns the new quotes.
 */
async function ingestAll(repos: Repos, batch: readonly Article[], callers: number): Promise<number> {
  let quotes = 0;
  let next = 0;
  const caller = async (): Promise<void> => {
    for (let a = batch[next++]; a !== undefined; a = batch[next++]) {
      const { saved } = await repos.writes.ingestDocument(a.doc, a.speakers, a.attributions);
      quotes += saved.filter((s) => s.quoteCreated).length;
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return quotes;
}

/**
 * The application's write path on a fresh migrated file; returns quotes per
 * second, the verify index caught up included, after checking every quote
 * was stored and indexed.
 */
async function appRate(file: string, batch: readonly Article[], callers: number): Promise<number> {
  await migrateDatabase(loadConfig({ DATABASE_URL: `file:${file}` }));
  const database = openDatabase(file);
  const repos = createRepositories(database);
  const t = performance.now();
  const quotes = await ingestAll(repos, batch, callers);
  await database.lshIndex.settled();
  const seconds = (performance.now() - t) / 1000;
  // Every quote is direct: the kind tag counts the indexed ones.
  const indexed = database.sql.prepare(`SELECT COUNT(*) FROM quote_fts WHERE quote_fts MATCH 'searchTags:kidirect'`).pluck().get();
  const lshRows = database.sql.prepare('SELECT COUNT(*) FROM lsh.lsh_signed').pluck().get();
  await database.close();
  const expected = batch.reduce((n, a) => n + a.attributions.length, 0);
  if (quotes !== expected || indexed !== expected || lshRows !== expected) {
    throw new Error(`ingest bench: ${quotes} stored, ${String(indexed)} indexed, ${String(lshRows)} in the verify index, ${expected} expected`);
  }
  return quotes / seconds;
}

export const ingestSuite: Suite = {
  name: 'ingest',
  description: 'Ingest rate with the search index kept in sync (raw driver: triggers vs application writes; the application write path)',
  async run({ quick, log }) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-ingest-'));
    const rows: Record<string, string | number | null>[] = [];
    try {
      const n = quick ? 5_000 : 50_000;
      const texts = sentences(n);
      for (const variant of VARIANTS) {
        const db = new BetterSqlite3(path.join(dir, `${rows.length}.db`));
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.exec(variant.schema);
        const insert = variant.insert(db);
        const article = db.transaction((from: number) => {
          for (let i = from; i < Math.min(n, from + PER_ARTICLE); i++) insert(i + 1, texts[i] as string);
        });
        const t = performance.now();
        for (let i = 0; i < n; i += PER_ARTICLE) article(i);
        const seconds = (performance.now() - t) / 1000;
        db.close();
        rows.push({ path: `raw driver: ${variant.name}`, quotes: n, quotesPerSecond: Math.round(n / seconds) });
        log(`ingest: ${variant.name}: ${Math.round(n / seconds)} quotes/s`);
      }

      const batch = articles(texts);
      const appRows: { name: string; callers: number }[] = [
        { name: 'app: ingestDocument, one caller at a time (one article per transaction)', callers: 1 },
        { name: `app: ingestDocument, ${CALLERS} concurrent callers (group commit)`, callers: CALLERS },
      ];
      for (const [i, row] of appRows.entries()) {
        const rate = await appRate(path.join(dir, `app-${i}.db`), batch, row.callers);
        rows.push({ path: row.name, quotes: n, quotesPerSecond: Math.round(rate) });
        log(`ingest: ${row.name}: ${Math.round(rate)} quotes/s`);
      }
      // The signature alone, to separate computing it from storing it.
      const normalized = texts.map(normalizeQuoteText);
      const t = performance.now();
      for (const text of normalized) lshBuckets(text);
      rows.push({ path: 'lshBuckets() alone (the signature, no database)', quotes: n, quotesPerSecond: Math.round(n / ((performance.now() - t) / 1000)) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      name: 'ingest',
      rows,
      notes: [
        `raw driver rows: ${PER_ARTICLE} quotes per transaction; app rows: articles of 4–8 quotes, search index and audit in the article's transaction, verify index after it on its thread (timed until caught up); WAL, synchronous=NORMAL`,
      ],
    };
  },
};
