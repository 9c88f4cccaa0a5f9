import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startRuntime, SEED_DIRECTORY } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { inflections } from '../src/domain/inflection.ts';
import { normalizePersonReference, surnamesOf } from '../src/domain/person-name.ts';
import { tokenize } from '../src/domain/search-query.ts';
import { createLogger } from '../src/logger.ts';
import type { Repositories } from '../src/repositories/ports.ts';
import { cursorCodec, type CursorCodec } from '../src/services/cursor.ts';
import { createInProcessExtractor } from '../src/workers/extraction-pool.ts';

type SearchRepos = Repositories & { cursors: CursorCodec };
import { ingestDocument } from '../src/services/extraction.service.ts';
import { searchQuotes } from '../src/services/search.service.ts';
import { seedFromDirectory } from '../src/services/seed.service.ts';

/**
 * Recall and precision of the journalist's search (issue 15, item 5), before
 * and after: on the seed and on the PolNeAR dev articles, ingested at run
 * time into a temporary database through the ingest service (the texts are
 * read from ../shared/eval and never stored in the repository).
 *
 *   npx tsx bench/search-eval.ts [--dev DIR]
 *
 * "Before" is the query the old search ran: every word with its inflections
 * only, each as an exact word, and NOT, AND and names read as words.
 * Relevance is judged independently of the code under test:
 * - person queries: the speaker's own quotes (a family name, also with a title);
 * - word queries: quotes holding a word of the family listed here by hand
 *   (the family a reporter means, derived forms included, false friends out);
 * - NOT queries: quotes with the first word's family and without the second word.
 */
const FAMILIES: Record<string, string[]> = {
  ambassador: ['ambassador', 'ambassadors', 'ambassadorial'],
  president: ['president', 'presidents', 'presidential'],
  minister: ['minister', 'ministers', 'ministerial'],
  economy: ['economy', 'economies', 'economic', 'economical'],
  diplomat: ['diplomat', 'diplomats', 'diplomatic'],
  democrat: ['democrat', 'democrats', 'democratic'],
  nation: ['nation', 'nations', 'national'],
  negotiate: ['negotiate', 'negotiates', 'negotiated', 'negotiating', 'negotiation', 'negotiations'],
  elect: ['elect', 'elects', 'elected', 'electing', 'election', 'elections'],
  finance: ['finance', 'finances', 'financed', 'financing', 'financial'],
  strategy: ['strategy', 'strategies', 'strategic'],
  industry: ['industry', 'industries', 'industrial'],
  history: ['history', 'histories', 'historic', 'historical'],
  invest: ['invest', 'invests', 'invested', 'investing', 'investment', 'investments'],
  govern: ['govern', 'governs', 'governed', 'governing', 'government', 'governments'],
  develop: ['develop', 'develops', 'developed', 'developing', 'development', 'developments'],
  deploy: ['deploy', 'deploys', 'deployed', 'deploying', 'deployment', 'deployments'],
  announce: ['announce', 'announces', 'announced', 'announcing', 'announcement', 'announcements'],
  korea: ['korea', 'koreas', 'korean', 'koreans'],
  russia: ['russia', 'russian', 'russians'],
  ukraine: ['ukraine', 'ukrainian', 'ukrainians'],
  america: ['america', 'american', 'americans'],
  campaign: ['campaign', 'campaigns', 'campaigned', 'campaigning'],
  // False friends: the derived-looking word means something else.
  office: ['office', 'offices'],
  state: ['state', 'states', 'stated', 'stating'],
  person: ['person', 'persons'],
  general: ['general', 'generals'],
  secret: ['secret', 'secrets'],
};

const NOT_QUERIES: [string, string][] = [
  ['attend', 'parade'],
  ['campaign', 'clinton'],
  ['election', 'trump'],
  ['russia', 'putin'],
  ['president', 'obama'],
];

interface Quote {
  id: number;
  speakerId: number;
  words: Set<string>;
}

interface Score {
  relevant: number;
  retrieved: number;
  hits: number;
  queries: number;
  /** Per-query recall and precision, for macro averages (precision counted only where something was retrieved). */
  recallSum: number;
  precisionSum: number;
  precisionQueries: number;
}

const emptyScore = (): Score => ({ relevant: 0, retrieved: 0, hits: 0, queries: 0, recallSum: 0, precisionSum: 0, precisionQueries: 0 });

function add(score: Score, relevant: Set<number>, retrieved: readonly number[]): void {
  const hits = retrieved.filter((id) => relevant.has(id)).length;
  score.queries++;
  score.relevant += relevant.size;
  score.retrieved += retrieved.length;
  score.hits += hits;
  score.recallSum += relevant.size === 0 ? 1 : hits / relevant.size;
  if (retrieved.length > 0) {
    score.precisionSum += hits / retrieved.length;
    score.precisionQueries++;
  }
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

function row(label: string, before: Score, after: Score): string {
  const cells = (s: Score) =>
    `${pct(s.hits, s.relevant)} | ${pct(s.hits, s.retrieved)} | ${pct(s.recallSum, s.queries)} | ${pct(s.precisionSum, s.precisionQueries)}`;
  return `| ${label} | ${before.queries} | ${cells(before)} | ${cells(after)} |`;
}

/** Every result of a search (following cursors), as ids; with the time of the first page. */
function allResults(repos: SearchRepos, q: string, timings: number[]): number[] {
  const out: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const started = performance.now();
    const result = searchQuotes(repos, { q, limit: 100, ...(cursor === undefined ? {} : { cursor }) });
    if (page === 0) timings.push(performance.now() - started);
    out.push(...result.items.map((h) => h.id));
    if (result.nextCursor === null) break;
    cursor = result.nextCursor;
  }
  return out;
}

/** The old search's reading of a word: its inflections, each an exact word. */
const oldWord = (word: string) => inflections(word).map((w) => `"${w}"`).join(' OR ');

function quotes(db: { sql: { prepare(sql: string): { all(): unknown[] } } }): Quote[] {
  return (db.sql.prepare('SELECT id, speakerId, text FROM Quote').all() as { id: number; speakerId: number; text: string }[]).map((q) => ({
    id: q.id,
    speakerId: q.speakerId,
    words: new Set(tokenize(q.text)),
  }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function evaluate(label: string, dev: string | null): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-search-eval-'));
  const config = loadConfig({ DATABASE_URL: `file:${path.join(dir, 'eval.db')}` });
  const runtime = await startRuntime(config, createLogger({ logLevel: 'silent' }));
  const repos = { ...runtime.repos, cursors: cursorCodec(randomBytes(32).toString('base64url')) };
  const extractor = createInProcessExtractor(config.reviewConfidenceThreshold);
  try {
    await seedFromDirectory(repos, SEED_DIRECTORY);
    if (dev !== null) {
      for (const file of readdirSync(dev).filter((f) => f.endsWith('.txt')).sort()) {
        await ingestDocument(repos, extractor, { text: readFileSync(path.join(dev, file), 'utf8'), language: 'en' });
      }
    }
    const all = quotes(runtime.db);
    const timings = { before: [] as number[], after: [] as number[] };
    const lines: string[] = [];

    // Person queries: every person with a quote, by family name alone and with a title.
    const people = new Map<string, Set<number>>();
    for (const s of repos.speakers.names()) {
      if (s.kind !== 'person') continue;
      if (!s.normalized.includes(' ')) continue;
      const [family] = surnamesOf(normalizePersonReference(s.alias).name);
      if (family === undefined || family.length < 3) continue;
      const ids = people.get(family) ?? new Set<number>();
      ids.add(s.speakerId);
      people.set(family, ids);
    }
    const person = { unambiguous: [emptyScore(), emptyScore()], titled: [emptyScore(), emptyScore()] };
    let ambiguous = 0;
    let ambiguousListed = 0;
    for (const [family, speakerIds] of people) {
      const relevant = new Set(all.filter((q) => speakerIds.has(q.speakerId)).map((q) => q.id));
      if (relevant.size === 0) continue;
      if (speakerIds.size > 1) {
        ambiguous++;
        const match = searchQuotes(repos, { q: family, limit: 1 }).speakerMatch;
        if (match?.status === 'ambiguous' && [...speakerIds].every((id) => match.speakers.some((s) => s.id === id))) ambiguousListed++;
        continue;
      }
      add(person.unambiguous[0] as Score, relevant, allResults(repos, oldWord(family), timings.before));
      add(person.unambiguous[1] as Score, relevant, allResults(repos, family, timings.after));
      add(person.titled[0] as Score, relevant, allResults(repos, `"mr" ${oldWord(family)}`, timings.before));
      add(person.titled[1] as Score, relevant, allResults(repos, `Mr. ${family}`, timings.after));
    }

    // Word queries: the family a reporter means.
    const words = [emptyScore(), emptyScore()];
    const falseFriends = [emptyScore(), emptyScore()];
    const perWord: string[] = [];
    for (const [base, family] of Object.entries(FAMILIES)) {
      const relevant = new Set(all.filter((q) => family.some((w) => q.words.has(w))).map((q) => q.id));
      const before = allResults(repos, oldWord(base), timings.before);
      const after = allResults(repos, base, timings.after);
      const target = ['office', 'state', 'person', 'general', 'secret'].includes(base) ? falseFriends : words;
      add(target[0] as Score, relevant, before);
      add(target[1] as Score, relevant, after);
      perWord.push(`${base}: ${relevant.size} relevant, before ${before.filter((id) => relevant.has(id)).length}/${before.length}, after ${after.filter((id) => relevant.has(id)).length}/${after.length}`);
    }

    // NOT typed as an operator.
    const not = [emptyScore(), emptyScore()];
    for (const [word, excluded] of NOT_QUERIES) {
      const family = FAMILIES[word] ?? inflections(word);
      const relevant = new Set(all.filter((q) => family.some((w) => q.words.has(w)) && !inflections(excluded).some((w) => q.words.has(w))).map((q) => q.id));
      add(not[0] as Score, relevant, allResults(repos, `${oldWord(word)} "not" ${oldWord(excluded)}`, timings.before));
      add(not[1] as Score, relevant, allResults(repos, `${word} NOT ${excluded}`, timings.after));
    }

    lines.push(`### ${label}: ${all.length} quotes, ${repos.speakers.count()} speakers`);
    lines.push('');
    lines.push('| queries | n | before: recall (micro) | precision (micro) | recall (macro) | precision (macro) | after: recall (micro) | precision (micro) | recall (macro) | precision (macro) |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    lines.push(row('family name ("Ushakov")', person.unambiguous[0] as Score, person.unambiguous[1] as Score));
    lines.push(row('titled ("Mr. Ushakov")', person.titled[0] as Score, person.titled[1] as Score));
    lines.push(row('base words (derived forms)', words[0] as Score, words[1] as Score));
    lines.push(row('false friends (office, state…)', falseFriends[0] as Score, falseFriends[1] as Score));
    lines.push(row('"a NOT b"', not[0] as Score, not[1] as Score));
    lines.push('');
    lines.push(`Ambiguous family names (several people): ${ambiguous}; all their people listed as candidates: ${ambiguousListed}.`);
    lines.push(
      `First-page latency in process (ms): before p50 ${percentile(timings.before, 50).toFixed(2)} p99 ${percentile(timings.before, 99).toFixed(2)}; after p50 ${percentile(timings.after, 50).toFixed(2)} p99 ${percentile(timings.after, 99).toFixed(2)}.`,
    );
    lines.push('');
    lines.push(...perWord.map((l) => `- ${l}`));
    lines.push('');
    return lines;
  } finally {
    await runtime.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const DEV_CANDIDATES = ['../../shared', '../../../shared'].map((up) => path.resolve(import.meta.dirname, up, 'eval/polnear/dev/text'));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dev: { type: 'string' } } });
  // ../shared next to the checkout (the main repository), or next to the worktrees' folder.
  const dev = values.dev ?? DEV_CANDIDATES.find((d) => existsSync(d));
  if (dev === undefined) throw new Error(`PolNeAR dev texts not found (tried ${DEV_CANDIDATES.join(', ')}); pass --dev DIR`);
  const out = [...(await evaluate('Seed', null)), ...(await evaluate('Seed + PolNeAR dev (ingested)', dev))];
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
