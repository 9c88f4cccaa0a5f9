import type { FacetCounts, FacetName } from '../../ports/index.ts';
import type { SqlConnection } from '../database.ts';
import { StatementCache } from '../repositories/statements.ts';
import { FacetCounter, type MatchSource } from '../search/facet-counter.ts';

/** Bound parameters of a statement: named (an object) or positional (an array). */
export type SqlParams = Record<string, unknown> | readonly unknown[];

/**
 * One read the reader thread runs on its own connection (reader-thread.ts):
 * plain data, so it crosses threads as it is. Each is the same code whichever
 * connection runs it (`ReadCalls.run`), so a read answers the same off the
 * serving thread or on it.
 */
export type ReadCall =
  /** Every row of a statement: as objects, as arrays (`raw`), or the first column only (`pluck`). */
  | { op: 'all'; sql: string; params: SqlParams; mode?: 'rows' | 'raw' | 'pluck' }
  /** Full-text matches of each expression, counted up to `limit` (quote_fts). */
  | { op: 'counts'; matches: readonly string[]; limit: number }
  /** The (word, quote) pairs of each prefix's words, counting stopped once over `budget` (prefixPairs). */
  | { op: 'prefixPairs'; tokens: readonly string[]; budget: number }
  /** Facets of a sample of matches (FacetCounter). */
  | { op: 'facets'; source: MatchSource; params: Record<string, unknown>; facets: readonly FacetName[]; sample: number };

/** What each call answers. */
export interface ReadAnswers {
  all: unknown[];
  counts: number[];
  prefixPairs: number[];
  facets: FacetCounts;
}

export type ReadAnswer<C extends ReadCall> = ReadAnswers[C['op']];

/** fts5vocab over quote_fts (a temporary table: the connections are read-only): one row per word with the number of quotes it is in. */
export const WORDS_TABLE = 'quote_fts_words';
export const CREATE_WORDS_TABLE = `CREATE VIRTUAL TABLE IF NOT EXISTS temp.${WORDS_TABLE} USING fts5vocab(main, 'quote_fts', 'row')`;

/** Quotes a full-text expression matches, counted up to a limit (the first parameter the expression, the second the limit). */
export const COUNT_MATCHES_SQL = 'SELECT count(*) FROM (SELECT 1 FROM quote_fts WHERE quote_fts MATCH ? LIMIT ?)';

const PREFIX_WORDS_SQL = `SELECT term, doc FROM temp.${WORDS_TABLE} WHERE term >= ?`;

/** The (word, quote) pairs of the index's words starting with `token`, counting stopped once over `budget`. */
export function countPrefixPairs(statements: StatementCache, token: string, budget: number): number {
  let pairs = 0;
  for (const row of statements.get(PREFIX_WORDS_SQL).iterate(token) as IterableIterator<{ term: string; doc: number }>) {
    if (!row.term.startsWith(token)) break;
    pairs += row.doc;
    if (pairs > budget) return pairs;
  }
  return pairs;
}

const bind = (params: SqlParams): unknown[] => (Array.isArray(params) ? params : [params]);

/** Runs read calls on one connection: the reader thread's, or the serving thread's when there is no thread. */
export class ReadCalls {
  private readonly statements: StatementCache;
  private readonly facetCounter: FacetCounter;

  constructor(sql: SqlConnection) {
    sql.exec(CREATE_WORDS_TABLE);
    this.statements = new StatementCache(sql);
    this.facetCounter = new FacetCounter(this.statements);
  }

  run<C extends ReadCall>(call: C): ReadAnswer<C>;
  run(call: ReadCall): ReadAnswers[keyof ReadAnswers] {
    switch (call.op) {
      case 'all': {
        const statement = this.statements.get(call.sql);
        const shaped = call.mode === 'raw' ? statement.raw(true) : call.mode === 'pluck' ? statement.pluck(true) : statement;
        try {
          return shaped.all(...bind(call.params));
        } finally {
          // The cache shares the statement with calls of other modes.
          if (call.mode === 'raw') statement.raw(false);
          if (call.mode === 'pluck') statement.pluck(false);
        }
      }
      case 'counts': {
        const statement = this.statements.get(COUNT_MATCHES_SQL).pluck();
        return call.matches.map((match) => statement.get(match, call.limit) as number);
      }
      case 'prefixPairs':
        return call.tokens.map((token) => countPrefixPairs(this.statements, token, call.budget));
      case 'facets':
        return this.facetCounter.count(call.source, call.params, call.facets, call.sample);
    }
  }
}
