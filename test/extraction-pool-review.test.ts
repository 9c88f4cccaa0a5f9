import { afterAll, describe, expect, it } from 'vitest';
import { ExtractionPool } from '../src/workers/extraction-pool.ts';

const TEXT = [
  '“We will not raise taxes this year,” Governor Alma Reyesova said on Tuesday.',
  'Her opponent, Senator Tomas Ekberg, told reporters that the budget was “a fiction”.',
].join(' ');

describe('extraction pool: the review threshold reaches the worker threads', () => {
  const strict = new ExtractionPool({ threads: 1, maxQueued: 4, timeoutMs: 60_000, reviewBelow: 1.01 });
  const lax = new ExtractionPool({ threads: 1, maxQueued: 4, timeoutMs: 60_000, reviewBelow: 0 });
  afterAll(async () => {
    await Promise.all([strict.close(), lax.close()]);
  });

  it('when the threshold is above every confidence, then every extracted quote needs review', async () => {
    const { quotes } = await strict.extract(TEXT);
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes.every((q) => q.needsReview)).toBe(true);
  });

  it('when the threshold is zero, then no extracted quote needs review', async () => {
    const { quotes } = await lax.extract(TEXT);
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes.some((q) => q.needsReview)).toBe(false);
  });
});
