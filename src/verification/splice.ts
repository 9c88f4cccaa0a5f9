import { longestCommonRun } from './align.ts';
import type { Claim, Comparison } from './compare.ts';
import { THRESHOLDS } from './thresholds.ts';

export interface Splice {
  /** The two stored quotes, in the order their words appear in the claim. */
  parts: [Comparison, Comparison];
  /** Share of the claim's words covered by the two verbatim runs. */
  coverage: number;
}

/**
 * A claim stitched from two stored quotes: each supplies a verbatim run of
 * words, the runs do not overlap in the claim, and together they cover most of
 * it, clearly better (by THRESHOLDS.spliceGain) than any one quote does.
 */
export function findSplice(claim: Claim, comparisons: readonly Comparison[]): Splice | null {
  const n = claim.keys.length;
  if (n < 2 * THRESHOLDS.spliceRunWords) return null;
  const runs = comparisons
    .map((c) => ({ c, run: longestCommonRun(claim.keys, c.quoteTokens.map((t) => t.key)) }))
    .filter((x) => x.run.length >= THRESHOLDS.spliceRunWords && x.run.length / n < THRESHOLDS.spliceCoverage)
    .sort((a, b) => b.run.length - a.run.length);
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
