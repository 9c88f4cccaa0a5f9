/**
 * Verify benchmark: a mix of exact, altered (1–4 words changed) and fabricated
 * claims against a corpus database, in-process (the service, no HTTP).
 *
 *   npm run bench:verify -- --db FILE [--fill N] [--claims K] [--out FILE.json]
 *
 * --db     the corpus: any migrated whosaid database with quotes (created and
 *          migrated when missing).
 * --fill N tops the corpus up to N quotes with synthetic sentences
 *          (bench/synthetic-quotes.ts), by raw inserts in large transactions.
 * Quotes without LSH rows (e.g. bulk-loaded by another tool) are indexed first.
 * Reports p50/p90/p99/max latency per claim kind and how often the source
 * quote is ranked first.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { configureWriter, openDatabase } from '../src/db/database.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import { createRepositories } from '../src/repositories/index.ts';
import { findCandidates, verifyClaim } from '../src/services/verify.service.ts';
import { analyseClaim } from '../src/verification/compare.ts';
import { lshBuckets } from '../src/verification/minhash.ts';
import { Rng, SentenceGenerator } from './synthetic-quotes.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    fill: { type: 'string' },
    claims: { type: 'string', default: '500' },
    out: { type: 'string' },
    /** Print the claims of kinds starting with this that missed (debugging). */
    misses: { type: 'string' },
  },
});
if (values.db === undefined) {
  console.error('usage: npm run bench:verify -- --db FILE [--fill N] [--claims K] [--out FILE.json]');
  process.exit(2);
}
const dbPath = path.resolve(values.db);
const fillTo = values.fill === undefined ? 0 : Number(values.fill);
const claimsPerKind = Number(values.claims);

function fill(sql: BetterSqlite3.Database, target: number): void {
  const count = sql.prepare('SELECT COUNT(*) FROM Quote').pluck().get() as number;
  if (count >= target) return;
  const now = new Date().toISOString();
  const speakers = 2_000;
  const insertSpeaker = sql.prepare(
    `INSERT OR IGNORE INTO Speaker (slug, name, kind, updatedAt) VALUES (?, ?, 'person', ?)`,
  );
  sql.transaction(() => {
    for (let i = 0; i < speakers; i++) insertSpeaker.run(`bench-speaker-${i}`, `Bench Speaker ${i}`, now);
  })();
  const speakerIds = sql.prepare(`SELECT id FROM Speaker WHERE slug LIKE 'bench-speaker-%'`).pluck().all() as number[];
  const insertQuote = sql.prepare(
    `INSERT OR IGNORE INTO Quote (speakerId, text, normalizedText, normalizedHash, kind, updatedAt) VALUES (?, ?, ?, ?, 'direct', ?)`,
  );
  const insertBucket = sql.prepare('INSERT OR IGNORE INTO QuoteLshBucket (band, bucket, quoteId) VALUES (?, ?, ?)');
  const gen = new SentenceGenerator(new Rng(20250508 + count));
  const started = Date.now();
  const BATCH = 10_000;
  for (let done = count; done < target; ) {
    const n = Math.min(BATCH, target - done);
    sql.transaction(() => {
      for (let i = 0; i < n; i++) {
        const text = SentenceGenerator.sentence(gen.words());
        const normalized = normalizeQuoteText(text);
        const speakerId = speakerIds[(done + i) % speakerIds.length] as number;
        const result = insertQuote.run(speakerId, text, normalized, sha256Hex(normalized), now);
        if (result.changes === 0) continue;
        for (const b of lshBuckets(normalized)) insertBucket.run(b.band, b.bucket, result.lastInsertRowid);
      }
    })();
    done += n;
    process.stderr.write(`\rfilled ${done}/${target} quotes (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  process.stderr.write('\n');
}

/** LSH rows for quotes loaded without them (another tool's bulk insert). */
function backfillLsh(sql: BetterSqlite3.Database): number {
  const select = sql.prepare(
    `SELECT id, normalizedText FROM Quote q WHERE id > ? AND NOT EXISTS (SELECT 1 FROM QuoteLshBucket b WHERE b.quoteId = q.id) ORDER BY id LIMIT 5000`,
  );
  const insert = sql.prepare('INSERT OR IGNORE INTO QuoteLshBucket (band, bucket, quoteId) VALUES (?, ?, ?)');
  let after = 0;
  let total = 0;
  for (;;) {
    const rows = select.all(after) as { id: number; normalizedText: string }[];
    const last = rows.at(-1);
    if (last === undefined) return total;
    sql.transaction(() => {
      for (const r of rows) for (const b of lshBuckets(r.normalizedText)) insert.run(b.band, b.bucket, r.id);
    })();
    after = last.id;
    total += rows.length;
  }
}

interface Claim {
  kind: 'exact' | 'altered-1' | 'altered-2' | 'altered-3' | 'altered-4' | 'fabricated';
  text: string;
  sourceId: number | null;
}

function alter(text: string, k: number, gen: SentenceGenerator, rng: Rng): string | null {
  const words = text.replace(/[.!?]$/, '').split(' ');
  const content = words.map((w, i) => (SentenceGenerator.isFunctionWord(w) ? -1 : i)).filter((i) => i >= 0);
  if (content.length < k) return null;
  for (let c = 0; c < k; c++) {
    const pick = content.splice(rng.int(0, content.length - 1), 1)[0] as number;
    let replacement = gen.contentWord();
    while (replacement === words[pick]) replacement = gen.contentWord();
    words[pick] = replacement;
  }
  return `${words.join(' ')}.`;
}

function makeClaims(sql: BetterSqlite3.Database): Claim[] {
  const rng = new Rng(7);
  const gen = new SentenceGenerator(new Rng(99), 40_000);
  const maxId = sql.prepare('SELECT MAX(id) FROM Quote').pluck().get() as number;
  const byId = sql.prepare('SELECT id, text FROM Quote WHERE id >= ? ORDER BY id LIMIT 1');
  const sample = () => byId.get(rng.int(1, maxId)) as { id: number; text: string };
  const claims: Claim[] = [];
  for (let i = 0; i < claimsPerKind; i++) {
    const q = sample();
    claims.push({ kind: 'exact', text: q.text, sourceId: q.id });
  }
  for (const k of [1, 2, 3, 4] as const) {
    for (let i = 0; i < claimsPerKind; ) {
      const q = sample();
      const text = alter(q.text, k, gen, rng);
      if (text === null) continue;
      claims.push({ kind: `altered-${k}`, text, sourceId: q.id });
      i++;
    }
  }
  const fabricator = new SentenceGenerator(new Rng(424242));
  for (let i = 0; i < claimsPerKind; i++) claims.push({ kind: 'fabricated', text: SentenceGenerator.sentence(fabricator.words()), sourceId: null });
  // Interleave kinds so caches warm evenly.
  for (let i = claims.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [claims[i], claims[j]] = [claims[j] as Claim, claims[i] as Claim];
  }
  return claims;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  if (!existsSync(dbPath)) await migrateDatabase(loadConfig({ DATABASE_URL: `file:${dbPath}` }));
  const writer = new BetterSqlite3(dbPath);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = OFF');
  if (fillTo > 0) fill(writer, fillTo);
  const backfilled = backfillLsh(writer);
  if (backfilled > 0) console.error(`indexed ${backfilled} quotes without LSH rows`);
  const quotes = writer.prepare('SELECT COUNT(*) FROM Quote').pluck().get() as number;
  const claims = makeClaims(writer);
  writer.close();

  const db = openDatabase(dbPath);
  await configureWriter(db.prisma);
  const repos = createRepositories(db);
  for (const c of claims.slice(0, 200)) verifyClaim(repos, { text: c.text, limit: 5 }); // warm-up

  const results = claims.map((c) => {
    const t0 = process.hrtime.bigint();
    const r = verifyClaim(repos, { text: c.text, limit: 5 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const first = r.matches[0]?.quote.id ?? null;
    // Untimed: whether the source quote tops the candidate ranking at all, verdict thresholds aside.
    const rankedFirst = c.sourceId === null ? null : findCandidates(repos, analyseClaim(c.text)).comparisons[0]?.quote.id === c.sourceId;
    return {
      kind: c.kind,
      ms,
      tier: r.tier,
      verdict: r.verdict,
      rightFirst: c.sourceId === null ? r.verdict === 'not_found' : first === c.sourceId,
      rankedFirst,
      words: c.text.split(' ').length,
    };
  });
  if (values.misses !== undefined) {
    for (const [i, r] of results.entries()) {
      const c = claims[i] as Claim;
      if (!r.rightFirst && c.kind.startsWith(values.misses)) console.error(JSON.stringify({ kind: c.kind, text: c.text, source: c.sourceId, tier: r.tier, verdict: r.verdict }));
    }
  }
  await db.close();

  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  const rows = [...kinds, 'all'].map((kind) => {
    const rs = results.filter((r) => kind === 'all' || r.kind === kind);
    const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
    const tiers = Object.fromEntries(['exact', 'lsh', 'fts', 'none'].map((t) => [t, rs.filter((r) => r.tier === t).length]));
    return {
      kind,
      n: rs.length,
      p50: percentile(ms, 50),
      p90: percentile(ms, 90),
      p99: percentile(ms, 99),
      max: ms.at(-1) ?? NaN,
      correct: rs.filter((r) => r.rightFirst).length / rs.length,
      ranked: rs.filter((r) => r.rankedFirst === true).length / rs.length,
      // Misses among claims of 12+ words (short quotes with 4 words changed keep little to match).
      long: ((xs) => xs.filter((r) => r.rightFirst).length / Math.max(1, xs.length))(rs.filter((r) => r.words >= 12)),
      tiers,
    };
  });
  console.log(`verify bench: ${quotes} quotes, ${claims.length} claims, ${new Date().toISOString()}`);
  console.log('| claims | n | p50 ms | p90 ms | p99 ms | max ms | right first (fabricated: not_found) | right first, 12+ words | source ranked first | tiers exact/lsh/fts/none |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.kind} | ${r.n} | ${r.p50.toFixed(2)} | ${r.p90.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${(r.correct * 100).toFixed(1)}% | ${(r.long * 100).toFixed(1)}% | ${(r.ranked * 100).toFixed(1)}% | ${r.tiers.exact}/${r.tiers.lsh}/${r.tiers.fts}/${r.tiers.none} |`,
    );
  }
  if (values.out !== undefined) writeFileSync(values.out, JSON.stringify({ quotes, rows }, null, 2));
}

await main();
