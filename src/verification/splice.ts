import { longestCommonRun, type CommonRun } from './align.ts';
import type { Claim, Comparison } from './compare.ts';
import { THRESHOLDS } from './thresholds.ts';

export interface Splice {
  /** The two stored quotes, in the order their words appear in the claim. */
  parts: [Comparison, Comparison];
  /** Share of the claim's words covered by the two verbatim runs. */
  coverage: number;
}

/** A comparison's longest verbatim run of the claim's words, when it is long enough to be one part of a splice. */
export interface SpliceRun {
  c: Comparison;
  run: CommonRun;
}

/** `c`'s run for a splice, or null: the O(claim × quote) part of finding one, a comparison at a time. */
export function spliceRun(claim: Claim, c: Comparison): SpliceRun | null {
  const n = claim.keys.length;
  if (n < 2 * THRESHOLDS.spliceRunWords) return null;
  // A quote with fewer of the claim's words than a run needs has no such run: not worth the search.
  if (c.quoteTokens.filter((t) => claim.keySet.has(t.key)).length < THRESHOLDS.spliceRunWords) return null;
  const run = longestCommonRun(claim.keys, c.quoteTokens.map((t) => t.key));
  return run.length >= THRESHOLDS.spliceRunWords && run.length / n < THRESHOLDS.spliceCoverage ? { c, run } : null;
}

/**
 * A claim stitched from two stored quotes: each supplies a verbatim run of
 * words, the runs do not overlap in the claim, and together they cover most of
 * it, clearly better (by THRESHOLDS.spliceGain) than any one quote does.
 * `found`: `spliceRun` of each comparison, when the caller has them already.
 */
export function findSplice(claim: Claim, comparisons: readonly Comparison[], found: readonly (SpliceRun | null)[] = comparisons.map((c) => spliceRun(claim, c))): Splice | null {
  const n = claim.keys.length;
  if (n < 2 * THRESHOLDS.spliceRunWords) return null;
  const runs = found.filter((x) => x !== null).sort((a, b) => b.run.length - a.run.length);
  const bestSingle = Math.max(0, ...comparisons.map((c) => c.coverage));
  let best: Splice | null = null;
  for (const [i, a] of runs.entries()) {
    for (const b of runs.slice(i + 1)) {
      if (a.c.quote.id === b.c.quote.id) continue;
      const [first, second] = a.run.claimStart <= b.run.claimStart ? [a, b] : [b, a];
      const overlap = Math.max(0, first.run.claimStart + first.run.length - second.run.claimStart);
      const covered = (a.run.length + b.run.length - overlap) / n;
      if (covered >= THRESHOLDS.spliceCoverage && covered >= bestSingle + THRESHOLDS.spliceGain && (best === null || covered > best.coverage)) {
        best = { parts: [first.c, second.c], coverage: covered };
      }
    }
  }
  return best;
}
