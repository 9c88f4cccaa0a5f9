/**
 * Verify suite (issue 4): a mix of exact, altered (1–4 words changed) and
 * fabricated claims against the corpus database, in-process (the service, no
 * HTTP). The corpus generator fills the LSH index, so nothing is built here.
 * Reports p50/p90/p99/max latency per claim kind and how often the source
 * quote is ranked first.
 */
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { createRepositories } from '../src/storage/sqlite/repositories/index.ts';
import type { Repositories } from '../src/storage/ports/index.ts';
import { findCandidates } from '../src/services/verify-candidates.ts';
import { verifyClaim } from '../src/services/verify.service.ts';
import { analyseClaim } from '../src/verification/compare.ts';
import { Random, Zipf } from './corpus/random.ts';
import { editedClaims } from './verify-edits.ts';
import { corpusWords } from './search.bench.ts';
import { ms, percentile, type Suite } from './suite.ts';

export type Kind = 'exact' | 'altered-1' | 'altered-2' | 'altered-3' | 'altered-4' | 'fabricated';

export interface Claim {
  kind: Kind;
  text: string;
  sourceId: number | null;
}

/**
 * Corpus ranks below this are the generator's real English words (function
 * words and very common nouns); altering only rarer words is the realistic
 * case — a misquote swaps a meaningful word, not "the".
 */
const COMMON_RANKS = 40;

/** Draws words with the corpus generator's Zipf distribution, so changed words and fabricated claims look like corpus text. */
export class WordSource {
  private readonly words = corpusWords();
  private readonly common = new Set(this.words.slice(0, COMMON_RANKS));
  private readonly zipf: Zipf;

  constructor(private readonly random: Random) {
    this.zipf = new Zipf(this.words.length, 1.07, random);
  }

  isCommon(word: string): boolean {
    return this.common.has(word.toLowerCase());
  }

  /** A word that is not one of the common ranks. */
  content(): string {
    for (;;) {
      const rank = this.zipf.draw();
      if (rank >= COMMON_RANKS) return this.words[rank] as string;
    }
  }

  any(): string {
    return this.words[this.zipf.draw()] as string;
  }

  /** A sentence shaped like the generator's (8–30 words, capitalised), but not from the corpus. */
  sentence(): string {
    const n = this.random.int(8, 30);
    const text = Array.from({ length: n }, () => this.any()).join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
}

function alter(text: string, k: number, source: WordSource, random: Random): string | null {
  const words = text.split(' ');
  const content = words.map((w, i) => (source.isCommon(w) ? -1 : i)).filter((i) => i >= 0);
  if (content.length < k) return null;
  for (let c = 0; c < k; c++) {
    const pick = content.splice(random.int(0, content.length - 1), 1)[0] as number;
    let replacement = source.content();
    while (replacement === words[pick]) replacement = source.content();
    words[pick] = replacement;
  }
  return words.join(' ');
}

/** Seeds of a claim set; the benchmark's are the defaults, others give fresh claims (e.g. to test fabricated claims). */
export interface ClaimSeeds {
  claims: number;
  words: number;
  fabricated: number;
}

const BENCH_SEEDS: ClaimSeeds = { claims: 7, words: 99, fabricated: 424242 };

export function makeClaims(file: string, perKind: number, seeds: ClaimSeeds = BENCH_SEEDS): { quotes: number; claims: Claim[] } {
  const raw = new BetterSqlite3(file, { readonly: true });
  try {
    const random = new Random(seeds.claims);
    const source = new WordSource(new Random(seeds.words));
    const maxId = raw.prepare('SELECT MAX(id) FROM Quote').pluck().get() as number;
    const byId = raw.prepare('SELECT id, text FROM Quote WHERE id >= ? ORDER BY id LIMIT 1');
    const sample = () => byId.get(random.int(1, maxId)) as { id: number; text: string };
    const claims: Claim[] = [];
    for (let i = 0; i < perKind; i++) {
      const q = sample();
      claims.push({ kind: 'exact', text: q.text, sourceId: q.id });
    }
    for (const k of [1, 2, 3, 4] as const) {
      for (let i = 0; i < perKind; ) {
        const q = sample();
        const text = alter(q.text, k, source, random);
        if (text === null) continue;
        claims.push({ kind: `altered-${k}`, text, sourceId: q.id });
        i++;
      }
    }
    const fabricator = new WordSource(new Random(seeds.fabricated));
    for (let i = 0; i < perKind; i++) claims.push({ kind: 'fabricated', text: fabricator.sentence(), sourceId: null });
    // Interleave kinds so caches warm evenly.
    for (let i = claims.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [claims[i], claims[j]] = [claims[j] as Claim, claims[i] as Claim];
    }
    return { quotes: raw.prepare('SELECT COUNT(*) FROM Quote').pluck().get() as number, claims };
  } finally {
    raw.close();
  }
}

const pct = (n: number, of: number) => (of === 0 ? null : `${((n / of) * 100).toFixed(1)}%`);

/** Seeds of the edited-k claims, apart from the standard mix's so that mix is unchanged. */
const EDITED_SEEDS = { claims: 8, words: 98 };

interface Measured {
  kind: string;
  ms: number;
  tier: string;
  right: boolean;
  rankedFirst: boolean;
  hasSource: boolean;
  long: boolean;
}

async function measure(repos: Repositories, c: { kind: string; text: string; sourceId: number | null }): Promise<Measured> {
  const t0 = performance.now();
  const r = await verifyClaim(repos, { text: c.text, limit: 5 });
  const elapsed = performance.now() - t0;
  // Untimed: whether the source quote tops the candidate ranking at all, verdict thresholds aside.
  const rankedFirst = c.sourceId !== null && (await findCandidates(repos, analyseClaim(c.text))).comparisons[0]?.quote.id === c.sourceId;
  return {
    kind: c.kind,
    ms: elapsed,
    tier: r.tier,
    // A fabricated claim is right when nothing is attributed.
    right: c.sourceId === null ? r.verdict === 'not_found' : r.matches[0]?.quote.id === c.sourceId,
    rankedFirst,
    hasSource: c.sourceId !== null,
    long: c.text.split(' ').length >= 12,
  };
}

function summarise(label: string, rs: readonly Measured[]): Record<string, string | number | null> {
  const sorted = rs.map((r) => r.ms).sort((a, b) => a - b);
  const long = rs.filter((r) => r.long);
  const sourced = rs.filter((r) => r.hasSource);
  const tier = (t: string) => rs.filter((r) => r.tier === t).length;
  return {
    claims: label,
    n: rs.length,
    'p50 ms': ms(percentile(sorted, 50)),
    'p90 ms': ms(percentile(sorted, 90)),
    'p99 ms': ms(percentile(sorted, 99)),
    'max ms': ms(sorted.at(-1) ?? Number.NaN),
    'right first': pct(rs.filter((r) => r.right).length, rs.length),
    'right first, 12+ words': pct(long.filter((r) => r.right).length, long.length),
    'source ranked first': pct(sourced.filter((r) => r.rankedFirst).length, sourced.length),
    'tiers exact/lsh/fts/none': `${tier('exact')}/${tier('lsh')}/${tier('fts')}/${tier('none')}`,
  };
}

export const verifySuite: Suite = {
  name: 'verify',
  description: 'In-process verifyClaim latency and accuracy: exact, altered (1–4 words changed) and fabricated claims',
  async run({ db: file, quick, log }) {
    const perKind = quick ? 40 : 500;
    const { quotes, claims } = makeClaims(file, perKind);
    const db = openDatabase(file);
    // As a server has it: the reader thread for long statements started before the first one (docs/decisions/0022).
    db.reader.start();
    const repos = createRepositories(db);
    try {
      // Warm-up on claims of every kind, so the first timed ones do not pay for statement compilation.
      for (const c of claims.slice(0, quick ? 30 : 200)) await verifyClaim(repos, { text: c.text, limit: 5 });
      log(`verify: ${claims.length} claims`);
      const results: Measured[] = [];
      for (const c of claims) results.push(await measure(repos, c));
      // Timed after the standard mix and kept out of its "all" row: see bench/verify-edits.ts.
      const edited = editedClaims(file, perKind, new WordSource(new Random(EDITED_SEEDS.words)), EDITED_SEEDS.claims);
      const editedResults: Measured[] = [];
      for (const c of edited) editedResults.push(await measure(repos, c));
      const kinds = [...new Set(results.map((r) => r.kind))].sort();
      const rows = [
        ...kinds.map((kind) => summarise(kind, results.filter((r) => r.kind === kind))),
        summarise('all', results),
        ...[1, 2, 3, 4].map((k) => summarise(`edited-${k} (+/−/~)`, editedResults.filter((r) => r.kind === `edited-${k}`))),
      ];
      return {
        name: 'verify',
        rows,
        notes: [
          `${quotes} quotes; ${perKind} claims per kind; limit 5; latency is verifyClaim alone (timed one by one after ${quick ? 30 : 200} warm-up calls)`,
          'right first: the source quote is the first match (fabricated: verdict not_found); source ranked first: it tops the candidate ranking, verdict thresholds aside',
          'edited-k (+/−/~): k words added, removed or replaced (each at random), timed after the mix and not in its "all" row',
        ],
      };
    } finally {
      await db.close();
    }
  },
};
