import type { Statement } from 'better-sqlite3';
import type { SearchQuery, SearchTerm } from '../../../domain/search-query.ts';
import type { StatementCache } from '../repositories/statements.ts';

/** Forms remembered before the memory starts over. */
const KEPT = 10_000;

/**
 * Word forms that no quote holds, as of a state of the database. A plain word
 * is searched with its inflections and derived forms (domain/inflection.ts),
 * most of which are not words at all ("securitied", "presidentment"), and
 * FTS5 looks each one up in every statement that matches them (~8 µs a form;
 * a mid-frequency word's nine forms cost its page's statement 340 µs against
 * 272 µs for the word alone at 300k quotes). A form counted at zero is left
 * out of the statements while the database is in the state it was counted
 * in: `PRAGMA data_version` of this read-only connection changes with every
 * commit of any other connection, so a quote that brings the form is found
 * by the next search. The answer is the same either way: a form no quote
 * holds matches nothing and adds nothing to any quote's rank.
 */
export class AbsentForms {
  private readonly absentAt = new Map<string, number>();
  private readonly dataVersion: Statement;

  constructor(statements: StatementCache) {
    this.dataVersion = statements.get('PRAGMA data_version').pluck();
  }

  /** The connection's view of the database: it changes whenever another connection has committed. */
  version(): number {
    return this.dataVersion.get() as number;
  }

  /** `count` quotes held `token` (a word of the text) when the database was at `version`. */
  counted(token: string, count: number, version: number): void {
    if (count > 0) {
      this.absentAt.delete(token);
      return;
    }
    if (this.absentAt.size >= KEPT) this.absentAt.clear();
    this.absentAt.set(token, version);
  }

  /**
   * The query without the plain words no quote holds now: from groups of
   * words any of which will do (a group keeps at least its first word, so
   * it still matches nothing when none is held) and from the excluded words.
   * A word counted at zero before the last commit is counted again (`count`,
   * which reports through `counted`): a quote may hold it now.
   */
  prune(query: SearchQuery | null, count: (token: string) => void): SearchQuery | null {
    if (query === null || !this.anyKnown(plainWords(query))) return query;
    const version = this.version();
    for (const token of plainWords(query)) {
      const at = this.absentAt.get(token);
      if (at !== undefined && at !== version) count(token);
    }
    const absent = (t: SearchTerm) => t.tokens.length === 1 && !t.prefix && this.absentAt.get(t.tokens[0] as string) === version;
    const required = query.required.map((group) => {
      const held = group.filter((t) => !absent(t));
      return held.length === 0 ? group.slice(0, 1) : held;
    });
    return { required, excluded: query.excluded.filter((t) => !absent(t)) };
  }

  private anyKnown(tokens: Iterable<string>): boolean {
    for (const token of tokens) if (this.absentAt.has(token)) return true;
    return false;
  }
}

function* plainWords(query: SearchQuery): Generator<string> {
  for (const t of [...query.required.flat(), ...query.excluded]) if (t.tokens.length === 1 && !t.prefix) yield t.tokens[0] as string;
}
