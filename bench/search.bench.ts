import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { withInflections } from '../src/domain/inflection.ts';
import { parseSearchQuery } from '../src/domain/search-query.ts';
import { randomBytes } from 'node:crypto';
import { createRepositories } from '../src/storage/sqlite/repositories/index.ts';
import { cursorCodec } from '../src/services/cursor.ts';
import { matchExpression } from '../src/storage/sqlite/search/fts-query.ts';
import { FACET_SAMPLE, searchQuotes, type SearchRequest } from '../src/services/search.service.ts';
import { facetRowsSql } from '../src/storage/sqlite/search/facet-counter.ts';
import { QUOTE_STATUSES } from '../src/domain/status.ts';
import { Random } from './corpus/random.ts';
import { vocabulary } from './corpus/vocabulary.ts';
import { ms, percentile, type Suite } from './suite.ts';

/** The corpus generator's vocabulary (same seed): rank 0 is the most frequent word. */
export function corpusWords(seed = 20250508): string[] {
  return vocabulary(new Random(seed), 60_000);
}

export interface MixQuery {
  label: string;
  request: Omit<SearchRequest, 'limit'>;
}

/** The fixed query mix of issue 3, in terms of the synthetic corpus. */
export function queryMix(words: readonly string[]): MixQuery[] {
  const w = (rank: number) => words[rank] as string;
  return [
    { label: 'rare word', request: { q: w(40_000) } },
    { label: 'mid word', request: { q: w(3_000) } },
    { label: '2 common words', request: { q: 'security minister' } },
    { label: '3 words (common+mid)', request: { q: `government ${w(500)} ${w(2_000)}` } },
    { label: 'phrase', request: { q: '"the government"' } },
    { label: 'prefix', request: { q: `${w(1_500).slice(0, 4)}*` } },
    { label: 'very common word', request: { q: 'the' } },
    { label: 'exclusion', request: { q: `president -war` } },
    { label: 'OR', request: { q: `${w(5_000)} OR ${w(5_001)}` } },
    { label: 'filter only (speaker)', request: { speaker: '7' } },
    { label: 'mid word + language + kind', request: { q: w(3_000), language: 'en', kind: 'direct' } },
    { label: 'mid word + date range', request: { q: w(3_000), from: '2010-01-01', to: '2015-12-31' } },
    { label: 'mid word, sort=date', request: { q: w(3_000), sort: 'date' } },
    { label: 'mid word + facets', request: { q: w(3_000), facets: ['speaker', 'organization', 'outlet', 'kind', 'year'] } },
    { label: 'common word + facets', request: { q: 'government', facets: ['speaker', 'organization', 'outlet', 'kind', 'year'] } },
    // Statuses (docs/editorial.md): every row above shows the default view (withdrawn and unreviewed left out);
    // these show all of them (no status condition at all), or only a rare one.
    { label: 'mid word, status=all', request: { q: w(3_000), status: QUOTE_STATUSES } },
    { label: 'filter only (speaker), status=all', request: { speaker: '7', status: QUOTE_STATUSES } },
    { label: 'mid word, status=retracted', request: { q: w(3_000), status: ['retracted'] } },
    { label: 'no words, status=needs_review', request: { status: ['needs_review'] } },
  ];
}

export const searchSuite: Suite = {
  name: 'search',
  description: 'In-process search latency over a fixed mix (service layer, prepared SQL), and the same queries as raw FTS5 SQL (the floor)',
  async run({ db: file, quick, log }) {
    const db = openDatabase(file);
    // As a server has it: the reader thread for long statements started before the first one (docs/decisions/0022).
    db.reader.start();
    const raw = new BetterSqlite3(file, { readonly: true });
    const repos = { ...createRepositories(db), cursors: cursorCodec(randomBytes(32).toString('base64url')) };
    const words = corpusWords();
    // Issue 15: a family name in the box (the speaker with the most quotes), alone, with a title, with words.
    const family = ((await repos.speakers.findByRef('1'))?.name ?? 'nobody').split(' ').at(-1) as string;
    const mix = [
      ...queryMix(words),
      { label: 'family name', request: { q: family } },
      { label: 'title + family name + mid word', request: { q: `Mr. ${family} ${words[3_000] as string}` } },
    ];
    const iterations = quick ? 15 : 200;
    const rows: Record<string, string | number | null>[] = [];
    const all: number[] = [];
    const allRaw: number[] = [];
    for (const { label, request } of mix) {
      const req = { ...request, limit: 20 };
      // The first call is cold (statement compile, vocab counts, page cache); it is reported on its own.
      let t = performance.now();
      const first = await searchQuotes(repos, req);
      const cold = performance.now() - t;
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) {
        t = performance.now();
        await searchQuotes(repos, req);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      all.push(...times);

      // The floor: the same SQL through the raw driver (ids only, in the order the API chose; plus the facet rows).
      // Names read as speakers have no raw floor here (the floor is a text search).
      const match = req.q === undefined || first.speakerMatch !== null ? null : matchExpression(withInflections(parseSearchQuery(req.q)), []);
      let floor: number | null = null;
      if (match !== null) {
        const order = first.order === 'relevance' ? 'rank' : 'rowid DESC';
        const page = raw.prepare(`SELECT rowid FROM quote_fts WHERE quote_fts MATCH ? ORDER BY ${order} LIMIT 21`).pluck();
        // A query with facets also runs the facet statement: the floor runs it too, raw, on the same sample.
        const facetRows =
          req.facets === undefined
            ? null
            : raw
                .prepare(facetRowsSql({ from: 'quote_fts JOIN Quote q ON q.id = quote_fts.rowid', where: 'quote_fts MATCH @match', order: 'quote_fts.rowid DESC' }))
                .raw(true);
        const runRaw = () => {
          page.all(match);
          facetRows?.all({ match, sample: FACET_SAMPLE + 1 });
        };
        runRaw();
        const rawTimes: number[] = [];
        for (let i = 0; i < iterations; i++) {
          t = performance.now();
          runRaw();
          rawTimes.push(performance.now() - t);
        }
        rawTimes.sort((a, b) => a - b);
        allRaw.push(...rawTimes);
        floor = ms(percentile(rawTimes, 50));
      }
      rows.push({
        query: label,
        order: first.order,
        estimate: first.estimate === null ? null : `${first.estimate.more ? '>' : ''}${first.estimate.count}`,
        coldMs: ms(cold),
        p50: ms(percentile(times, 50)),
        p95: ms(percentile(times, 95)),
        p99: ms(percentile(times, 99)),
        max: ms(times[times.length - 1] as number),
        rawFts5P50: floor,
      });
      log(`search: ${label}: p50 ${ms(percentile(times, 50))} ms`);
    }
    all.sort((a, b) => a - b);
    allRaw.sort((a, b) => a - b);
    rows.push({
      query: 'ALL (mix)',
      order: null,
      estimate: null,
      coldMs: null,
      p50: ms(percentile(all, 50)),
      p95: ms(percentile(all, 95)),
      p99: ms(percentile(all, 99)),
      max: ms(all[all.length - 1] as number),
      rawFts5P50: ms(percentile(allRaw, 50)),
    });
    raw.close();
    await db.close();
    return {
      name: 'search',
      rows,
      notes: [`${iterations} warm runs per query after one cold run; limit 20; times in ms`],
    };
  },
};
