import { performance } from 'node:perf_hooks';
import { StatementCache } from '../../src/storage/sqlite/repositories/statements.ts';
import { SqlWriter } from '../../src/storage/sqlite/sql-writer.ts';

/** Imported first: times every cached statement on the write connection, and each whole transaction; prints at exit. */
const times = new Map<string, { n: number; ms: number }>();
const note = (key: string, ms: number) => {
  const t = times.get(key) ?? { n: 0, ms: 0 };
  t.n++;
  t.ms += ms;
  times.set(key, t);
};
const wrapped = new WeakSet<object>();
const get = StatementCache.prototype.get;
StatementCache.prototype.get = function (this: StatementCache, text: string) {
  const statement = get.call(this, text);
  if (!wrapped.has(statement)) {
    wrapped.add(statement);
    const key = text.replace(/\s+/g, ' ').slice(0, 90);
    for (const method of ['run', 'get', 'all'] as const) {
      const original = statement[method].bind(statement) as (...a: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        const t = performance.now();
        try {
          return original(...args);
        } finally {
          note(key, performance.now() - t);
        }
      };
    }
  }
  return statement;
};
const inTransaction = SqlWriter.prototype.inTransaction;
SqlWriter.prototype.inTransaction = function <T>(this: SqlWriter, work: () => T): T {
  const t = performance.now();
  let inner = 0;
  try {
    return inTransaction.call(this, () => {
      const w = performance.now();
      try {
        return work();
      } finally {
        inner = performance.now() - w;
      }
    }) as T;
  } finally {
    note('(transaction: work)', inner);
    note('(transaction: begin+commit)', performance.now() - t - inner);
  }
};
process.on('exit', () => {
  for (const [k, t] of [...times].sort((a, b) => b[1].ms - a[1].ms)) process.stderr.write(`${t.ms.toFixed(0).padStart(7)} ms ${String(t.n).padStart(8)} × ${((t.ms * 1000) / t.n).toFixed(1).padStart(7)} µs  ${k}\n`);
});
