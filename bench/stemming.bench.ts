import { readFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { withInflections } from '../src/domain/inflection.ts';
import { parseSearchQuery } from '../src/domain/search-query.ts';
import { toFts5Match } from '../src/storage/sqlite/search/fts-query.ts';
import type { Suite } from './suite.ts';

/**
 * Does English stemming (FTS5's porter tokenizer) help on the seed? Each query
 * is a word as a journalist would type it, with the seed quotes (by position
 * in the gold file) that a journalist would want for it — every inflection
 * counts as relevant. Recall and precision with and without porter.
 */
const JUDGEMENTS: [string, number[]][] = [
  ['attend', [0, 5, 7]],
  ['troop', [0, 8, 9, 13]],
  ['tank', [17, 18, 19]],
  ['shell', [12, 14, 15, 16]],
  ['participate', [7, 10, 11]],
  ['leader', [0, 5, 7]],
  ['meeting', [3, 4]],
  ['industry', [12, 14, 15, 16]],
  ['military', [9, 15]],
  ['factory', [13, 17]],
  ['country', [5, 7, 10, 11]],
  ['production', [12, 14, 16]],
  ['Ukraine', [8, 15, 18, 19]],
  ['war', [15, 16, 18]],
  ['visit', [13]],
  ['inspect', [12, 13]],
  ['strategy', [14, 16]],
  ['importance', [14, 19]],
  ['state', [12]],
  ['general', []],
];

const gold = z.object({ attributions: z.array(z.object({ text: z.string() })) });

export const stemmingSuite: Suite = {
  name: 'stemming',
  description: 'Recall and precision on the seed: words as typed, FTS5 porter stemming, query-time inflections',
  run() {
    const file = path.resolve(import.meta.dirname, '../seed/seoul-2025-05-08-victory-day.gold.json');
    const texts = gold.parse(JSON.parse(readFileSync(file, 'utf8'))).attributions.map((a) => a.text);
    const rows: Record<string, string | number | null>[] = [];
    const variants = [
      { name: 'unicode61 remove_diacritics 2, words as typed', tokenizer: 'unicode61 remove_diacritics 2', inflect: false },
      { name: 'porter unicode61 remove_diacritics 2', tokenizer: 'porter unicode61 remove_diacritics 2', inflect: false },
      { name: 'unicode61 remove_diacritics 2 + query-time inflections (used)', tokenizer: 'unicode61 remove_diacritics 2', inflect: true },
    ];
    for (const { name, tokenizer, inflect } of variants) {
      const db = new BetterSqlite3(':memory:');
      db.exec(`CREATE VIRTUAL TABLE f USING fts5(text, tokenize="${tokenizer}")`);
      const insert = db.prepare('INSERT INTO f (rowid, text) VALUES (?, ?)');
      texts.forEach((text, i) => insert.run(i, text));
      const find = db.prepare('SELECT rowid FROM f WHERE f MATCH ?').pluck();
      let relevant = 0;
      let found = 0;
      let foundRelevant = 0;
      const misses: string[] = [];
      const noise: string[] = [];
      for (const [word, wanted] of JUDGEMENTS) {
        const query = parseSearchQuery(word);
        const got = find.all(toFts5Match(inflect ? withInflections(query) : query)) as number[];
        relevant += wanted.length;
        found += got.length;
        foundRelevant += got.filter((id) => wanted.includes(id)).length;
        if (wanted.some((id) => !got.includes(id))) misses.push(word);
        if (got.some((id) => !wanted.includes(id))) noise.push(word);
      }
      db.close();
      rows.push({
        variant: name,
        recall: Math.round((foundRelevant / relevant) * 1000) / 1000,
        precision: found === 0 ? null : Math.round((foundRelevant / found) * 1000) / 1000,
        queriesMissingSome: misses.join(' '),
        queriesWithNoise: noise.join(' ') || '–',
      });
    }
    return Promise.resolve({
      name: 'stemming',
      rows,
      notes: [`${JUDGEMENTS.length} one-word queries over the ${texts.length} seed quotes; relevant = every inflection of the word`],
    });
  },
};
