import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { migrateDatabase } from '../../src/storage/sqlite/migrate.ts';
import { foldName, normalizeQuoteText, sha256Hex, slugify } from '../../src/domain/text.ts';
import { OPTIMIZE_INDEX_SQL, REBUILD_INDEX_SQL, refreshTagsSql } from '../../src/storage/sqlite/search/search-index.sql.ts';
import { openForBulkLoad } from './bulk-connection.ts';
import { LshBuilder } from './lsh-builder.ts';
import { lshIndexPath } from '../../src/storage/sqlite/verify-index/lsh-index.store.ts';
import { Random, Zipf } from './random.ts';
import { familyNames, LANGUAGES, organizationNames, outletNames, personName, ROLES, vocabulary } from './vocabulary.ts';

/**
 * Builds a synthetic, deterministic corpus database: speakers with aliases and
 * affiliations, organisations, outlets, documents quoting several speakers,
 * Zipf-distributed words. The file is created through the real migrations (so
 * the server can serve it), then bulk-loaded with the raw driver in this
 * process, and the search index is built once at the end with the same SQL the
 * application uses (`refreshTagsSql`, then FTS5's rebuild). The verification
 * LSH index is built in its own file on the other core meanwhile (`LshBuilder`). Documents are
 * generated in publication order, so quote ids (the index's rowids) follow dates.
 */
/** The statuses of the corpus's quotes (before their tags are computed): mostly active, as a desk's record is. */
const CORPUS_STATUSES_SQL = `UPDATE Quote SET status = CASE id % 400
  WHEN 1 THEN 'retracted' WHEN 2 THEN 'rejected' WHEN 3 THEN 'corrected' WHEN 4 THEN 'needs_review' WHEN 5 THEN 'needs_review'
  WHEN 6 THEN 'needs_review' WHEN 7 THEN 'needs_review' ELSE 'active' END`;

export interface CorpusOptions {
  quotes: number;
  db: string;
  seed?: number;
  log?: (line: string) => void;
}

export interface CorpusReport {
  quotes: number;
  documents: number;
  speakers: number;
  organizations: number;
  outlets: number;
  vocabulary: number;
  migrateSeconds: number;
  loadSeconds: number;
  indexSeconds: number;
  /** Waiting for the LSH worker after the search index. */
  lshWaitSeconds: number;
  /** Load + index (excludes creating the empty schema). */
  bulkSeconds: number;
  quotesPerSecond: number;
  databaseBytes: number;
  /** The verify index's file (`<db>.lsh`). */
  lshIndexBytes: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
const START_DAY = Date.UTC(2000, 0, 1) / 86_400_000;
const END_DAY = Date.UTC(2025, 11, 31) / 86_400_000;
const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const KINDS = ['direct', 'direct', 'direct', 'partial', 'indirect', 'indirect'] as const;
const TRANSACTION_DOCUMENTS = 2_000;

export async function buildCorpus(options: CorpusOptions): Promise<CorpusReport> {
  const log = options.log ?? (() => undefined);
  const file = path.resolve(options.db);
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });

  const t0 = performance.now();
  await migrateDatabase(loadConfig({ DATABASE_URL: `file:${file}` }));
  const t1 = performance.now();
  log(`schema migrated in ${((t1 - t0) / 1000).toFixed(1)} s`);

  const db = openForBulkLoad(file);

  const random = new Random(options.seed ?? 20250508);
  const words = vocabulary(random, 60_000);
  const wordZipf = new Zipf(words.length, 1.07, random);
  const speakerCount = clamp(options.quotes / 20, 50, 5_000);
  const speakerZipf = new Zipf(speakerCount, 0.9, random);
  const organizations = organizationNames(random, clamp(speakerCount / 10, 10, 500));
  const outlets = outletNames(random, clamp(options.quotes / 3_000, 5, 300));
  const families = familyNames(random, clamp(speakerCount / 8, 10, 800));
  const now = new Date().toISOString();

  const insertOrg = db.prepare('INSERT INTO Organization (id, slug, name, kind, createdAt) VALUES (?, ?, ?, ?, ?)');
  const insertSpeaker = db.prepare('INSERT INTO Speaker (id, slug, name, kind, description, createdAt, updatedAt) VALUES (?, ?, ?, ?, NULL, ?, ?)');
  const insertAlias = db.prepare('INSERT OR IGNORE INTO SpeakerAlias (speakerId, alias, normalized) VALUES (?, ?, ?)');
  const insertAffiliation = db.prepare(
    'INSERT OR IGNORE INTO Affiliation (speakerId, organizationId, role, asStated, validFrom, validTo, createdAt) VALUES (?, ?, ?, NULL, ?, ?, ?)',
  );
  const insertDocument = db.prepare(
    'INSERT INTO Document (id, outlet, title, url, publishedOn, dateline, language, text, sha256, addedAt) VALUES (?, ?, ?, NULL, ?, NULL, ?, ?, ?, ?)',
  );
  const insertQuote = db.prepare(
    `INSERT INTO Quote (id, speakerId, text, normalizedText, normalizedHash, kind, saidOn, venue, aboutSpeakerId, filedOn, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
  );
  const insertOccurrence = db.prepare(
    'INSERT INTO Occurrence (quoteId, documentId, start, "end", confidence, attributedBy, createdAt) VALUES (?, ?, ?, ?, 1, ?, ?)',
  );

  const speakerNames: string[] = [];
  db.transaction(() => {
    organizations.forEach((name, i) => insertOrg.run(i + 1, `${slugify(name)}-${i + 1}`, name, random.pick(['government', 'university', 'party', 'ngo']), now));
    const slugs = new Set<string>();
    for (let id = 1; id <= speakerCount; id++) {
      const person = personName(random, families);
      let slug = slugify(person.name);
      if (slugs.has(slug)) slug = `${slug}-${id}`;
      slugs.add(slug);
      speakerNames.push(person.name);
      insertSpeaker.run(id, slug, person.name, 'person', now, now);
      for (const alias of [person.name, ...person.aliases]) insertAlias.run(id, alias, foldName(alias));
      let year = random.int(1995, 2018);
      for (let a = random.int(1, 3); a > 0; a--) {
        const until = random.chance(0.6) ? Math.min(2025, year + random.int(1, 8)) : null;
        insertAffiliation.run(id, random.int(1, organizations.length), random.pick(ROLES), String(year), until === null ? null : String(until), now);
        if (until === null) break;
        year = until;
      }
    }
  })();

  const sentence = (): string => {
    const n = random.int(8, 30);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(words[wordZipf.draw()] as string);
    const text = parts.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const language = (): string => {
    let u = random.next();
    for (const [code, p] of LANGUAGES) {
      if ((u -= p) <= 0) return code;
    }
    return 'en';
  };

  // Secondary indexes are dropped for the load and built once at the end (sorted, not row by row).
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('Quote', 'Occurrence', 'Document')`)
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

  // The verify index is built in its own file by a worker meanwhile.
  const lsh = new LshBuilder(lshIndexPath(file));

  const expectedDocuments = Math.ceil(options.quotes / 4);
  let quoteId = 0;
  let documentId = 0;
  const loadBatch = db.transaction((documents: number) => {
    for (let k = 0; k < documents && quoteId < options.quotes; k++) {
      documentId++;
      const day = Math.floor(START_DAY + ((END_DAY - START_DAY) * documentId) / expectedDocuments);
      const published = isoDay(Math.min(day, END_DAY));
      const outlet = random.pick(outlets);
      const quotes: { id: number; speakerId: number; text: string; start: number; saidOn: string | null; kind: string }[] = [];
      let body = `Report ${documentId}, ${outlet}, ${published}.\n`;
      for (let q = Math.min(random.int(1, 7), options.quotes - quoteId); q > 0; q--) {
        const speakerId = speakerZipf.draw() + 1;
        const text = sentence();
        body += `${speakerNames[speakerId - 1] as string} said: “`;
        const start = body.length;
        body += `${text}.” `;
        const saidOn = random.chance(0.6) ? published : random.chance(0.25) ? isoDay(Math.max(START_DAY, day - 1)) : null;
        quotes.push({ id: ++quoteId, speakerId, text, start, saidOn, kind: random.pick(KINDS) });
      }
      insertDocument.run(documentId, outlet, `Report ${documentId}`, published, language(), body, sha256Hex(body), now);
      for (const q of quotes) {
        const normalized = normalizeQuoteText(q.text);
        const hash = sha256Hex(normalized);
        insertQuote.run(q.id, q.speakerId, q.text, normalized, hash, q.kind, q.saidOn, q.saidOn ?? published, now, now);
        lsh.add(q.id, normalized, hash);
        insertOccurrence.run(q.id, documentId, q.start, q.start + q.text.length, 'seed', now);
      }
    }
  });
  while (quoteId < options.quotes) {
    loadBatch(TRANSACTION_DOCUMENTS);
    if (documentId % 50_000 < TRANSACTION_DOCUMENTS) log(`${quoteId} quotes loaded`);
  }
  lsh.end();
  const secondsSince = (t: number) => Number(((performance.now() - t) / 1000).toFixed(1));
  const phase = (name: string, fn: () => unknown) => {
    const t = performance.now();
    fn();
    log(`${name} in ${secondsSince(t)} s`);
  };
  log(`${quoteId} rows in ${documentId} documents in ${secondsSince(t1)} s`);
  for (const index of indexes) phase(index.name, () => db.exec(index.sql));
  const t2 = performance.now();
  log(`loaded ${quoteId} quotes in ${documentId} documents in ${secondsSince(t1)} s; building the search index`);

  // A desk's record is not all settled: about 1 quote in 100 waits for review, 1 in 200 was retracted or rejected.
  phase('statuses', () => db.prepare(CORPUS_STATUSES_SQL).run());
  phase('search tags', () => db.prepare(refreshTagsSql('all')).run());
  phase('search index rebuild', () => db.prepare(REBUILD_INDEX_SQL).run());
  phase('search index optimize', () => db.prepare(OPTIMIZE_INDEX_SQL).run());
  const t3 = performance.now();
  log(`search index built in ${secondsSince(t2)} s; waiting for the LSH worker`);

  const lshStats = await lsh.finished();
  log(
    `LSH worker: hashing ${(lshStats.hashMs / 1000).toFixed(1)} s, FTS5 inserts ${(lshStats.insertMs / 1000).toFixed(1)} s, ` +
      `optimize ${(lshStats.indexMs / 1000).toFixed(1)} s`,
  );
  const t4 = performance.now();
  log(`LSH index in place ${secondsSince(t3)} s after the search index`);
  phase('pragma optimize', () => db.pragma('optimize'));
  db.pragma('journal_mode = WAL');
  db.close();
  const t5 = performance.now();

  const bulkSeconds = (t5 - t1) / 1000;
  return {
    quotes: quoteId,
    documents: documentId,
    speakers: speakerCount,
    organizations: organizations.length,
    outlets: outlets.length,
    vocabulary: words.length,
    migrateSeconds: (t1 - t0) / 1000,
    loadSeconds: (t2 - t1) / 1000,
    indexSeconds: (t3 - t2) / 1000,
    lshWaitSeconds: (t4 - t3) / 1000,
    bulkSeconds,
    quotesPerSecond: Math.round(quoteId / bulkSeconds),
    databaseBytes: statSync(file).size,
    lshIndexBytes: statSync(lshIndexPath(file)).size,
  };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { quotes: { type: 'string', default: '100000' }, db: { type: 'string' }, seed: { type: 'string', default: '20250508' } },
  });
  const quotes = Number(values.quotes);
  if (!Number.isSafeInteger(quotes) || quotes < 1 || values.db === undefined) {
    process.stderr.write('Usage: npm run bench:corpus -- --quotes N --db FILE [--seed S]\n');
    process.exitCode = 64;
    return;
  }
  const report = await buildCorpus({
    quotes,
    db: values.db,
    seed: Number(values.seed),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) {
  await main(process.argv.slice(2));
}
