import { AppError } from '../../../domain/errors.ts';
import { MAX_PREFIX_EXPANSION, type SearchQuery } from '../../../domain/search-query.ts';
import { value, type Queryable } from '../connection.ts';
import { termQuery } from './ts-query.ts';

const TTL_MS = 60_000;
const CACHE_SIZE = 10_000;

/**
 * Refuses a query whose prefixes stand for more than MAX_PREFIX_EXPANSION
 * (word, quote) pairs together, as the SQLite backend does: a prefix costs the
 * GIN index every posting of the words it starts. The pairs are counted in the
 * matching quotes' vectors, stopping once over the budget (each quote holds at
 * least one pair, so no more quotes than the budget are read).
 */
export class PrefixCost {
  private readonly counted = new Map<string, { pairs: number; at: number }>();

  constructor(private readonly db: Queryable) {}

  async check(query: SearchQuery | null): Promise<void> {
    if (query === null) return;
    let total = 0;
    for (const t of [...query.required.flat(), ...query.excluded]) {
      const last = t.tokens.at(-1);
      if (!t.prefix || last === undefined) continue;
      total += await this.pairs(last, MAX_PREFIX_EXPANSION - total);
      if (total > MAX_PREFIX_EXPANSION) {
        throw new AppError(
          'invalid_search_query',
          `"${t.tokens.join(' ')}*" starts too many words: the query's prefixes may stand for at most ${MAX_PREFIX_EXPANSION.toLocaleString('en')} word occurrences together. Add letters to the prefix, or search for the whole word.`,
        );
      }
    }
  }

  /** (word, quote) pairs of the words starting with `token`, counted no further than just over `budget`. */
  private async pairs(token: string, budget: number): Promise<number> {
    const now = Date.now();
    const cached = this.counted.get(token);
    if (cached !== undefined && now - cached.at < TTL_MS) return cached.pairs;
    const pairs =
      (await value<number>(
        this.db,
        `SELECT COALESCE(sum(n), 0)::int FROM (
           SELECT (SELECT count(*) FROM unnest(q.search) u WHERE starts_with(u.lexeme, $1)) AS n
           FROM quote q WHERE q.search @@ $2::tsquery LIMIT $3) x`,
        [token, termQuery({ tokens: [token], prefix: true, exact: false }), Math.max(budget, 0) + 1],
      )) ?? 0;
    if (pairs <= budget) {
      if (this.counted.size >= CACHE_SIZE) this.counted.clear();
      this.counted.set(token, { pairs, at: now });
    }
    return pairs;
  }
}
