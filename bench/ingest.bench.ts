import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { configureWriter, openDatabase } from '../src/db/database.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import { createRepositories } from '../src/repositories/index.ts';
import type { NewAttribution } from '../src/repositories/ports.ts';
import { Random, Zipf } from './corpus/random.ts';
import { vocabulary } from './corpus/vocabulary.ts';
import type { Suite } from './suite.ts';

/**
 * Ingest with search kept in sync, one article (10 quotes) per transaction:
 * 1. raw driver, three ways of keeping FTS5 in step: per-row triggers on an
 *    external-content index, the application writing an external-content
 *    index, the application writing the index the app uses (text + tags);
 * 2. the real write path (PrismaWriteRepository.saveAttributions).
 */
const PER_ARTICLE = 10;

function sentences(n: number): string[] {
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
];

export const ingestSuite: Suite = {
  name: 'ingest',
  description: 'Ingest rate with the search index kept in sync (triggers vs application writes; the real Prisma write path)',
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

      // The real write path: Prisma interactive transactions, one per article.
      const file = path.join(dir, 'app.db');
      await migrateDatabase(loadConfig({ DATABASE_URL: `file:${file}` }));
      const database = openDatabase(file);
      await configureWriter(database.prisma);
      const repos = createRepositories(database);
      const m = quick ? 300 : 2_000;
      const body = texts.slice(0, m).join('\n');
      const document = await repos.writes.createDocument({
        outlet: 'Bench Daily', title: null, url: null, publishedOn: '2025-05-08', dateline: null, language: 'en', text: body, sha256: sha256Hex(body),
      });
      const speaker = await repos.writes.createSpeaker({
        slug: 'bench-speaker', name: 'Bench Speaker', kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [],
      });
      let offset = 0;
      const attributions: NewAttribution[] = texts.slice(0, m).map((text) => {
        const start = offset;
        offset += text.length + 1;
        const normalizedText = normalizeQuoteText(text);
        return {
          speakerId: speaker.id, aboutSpeakerId: null, text, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct',
          saidOn: null, venue: null, documentId: document.id, start, end: start + text.length, cue: null, speakerMention: null,
          relays: [], confidence: 1, attributedBy: 'extractor', extractorVersion: null,
        };
      });
      const t = performance.now();
      for (let i = 0; i < m; i += PER_ARTICLE) await repos.writes.saveAttributions(attributions.slice(i, i + PER_ARTICLE));
      const seconds = (performance.now() - t) / 1000;
      await database.close();
      rows.push({ path: 'app: saveAttributions (Prisma, index in the same transaction)', quotes: m, quotesPerSecond: Math.round(m / seconds) });
      log(`ingest: saveAttributions: ${Math.round(m / seconds)} quotes/s`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return { name: 'ingest', rows, notes: [`${PER_ARTICLE} quotes per transaction (one article); WAL, synchronous=NORMAL`] };
  },
};
