/**
 * Word-level alignment of a claim against a stored quote, on folded keys.
 * Both are O(claim × quote) dynamic programmes; callers bound the sizes
 * (MAX_ALIGN_CELLS in thresholds.ts).
 */
export interface Alignment {
  /** Word edits (insert, delete, replace) turning quote[start, end) into the claim. */
  distance: number;
  start: number;
  end: number;
}

/**
 * Semi-global edit distance: the whole claim against the best-matching
 * stretch of the quote (leaving words out at either end of the quote is free).
 * Ties go to the stretch closest in length to the claim.
 */
export function alignToQuote(claim: readonly string[], quote: readonly string[]): Alignment {
  const m = quote.length;
  let prev = new Array<number>(m + 1).fill(0);
  let prevStart = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= claim.length; i++) {
    const cur = new Array<number>(m + 1);
    const curStart = new Array<number>(m + 1);
    cur[0] = i;
    curStart[0] = 0;
    const word = claim[i - 1];
    for (let j = 1; j <= m; j++) {
      const replace = (prev[j - 1] as number) + (quote[j - 1] === word ? 0 : 1);
      const skipClaimWord = (prev[j] as number) + 1;
      const skipQuoteWord = (cur[j - 1] as number) + 1;
      if (replace <= skipClaimWord && replace <= skipQuoteWord) {
        cur[j] = replace;
        curStart[j] = prevStart[j - 1] as number;
      } else if (skipClaimWord <= skipQuoteWord) {
        cur[j] = skipClaimWord;
        curStart[j] = prevStart[j] as number;
      } else {
        cur[j] = skipQuoteWord;
        curStart[j] = curStart[j - 1] as number;
      }
    }
    prev = cur;
    prevStart = curStart;
  }
  let best: Alignment = { distance: claim.length, start: 0, end: 0 };
  for (let j = 0; j <= m; j++) {
    const distance = prev[j] as number;
    const start = prevStart[j] as number;
    const lengthGap = Math.abs(j - start - claim.length);
    const bestGap = Math.abs(best.end - best.start - claim.length);
    if (distance < best.distance || (distance === best.distance && lengthGap < bestGap)) best = { distance, start, end: j };
  }
  return best;
}

export interface CommonRun {
  /** Claim words [claimStart, claimStart + length) appear in this order, contiguous, in the quote. */
  claimStart: number;
  length: number;
}

/** The longest run of consecutive claim words found verbatim in the quote. */
export function longestCommonRun(claim: readonly string[], quote: readonly string[]): CommonRun {
  let best: CommonRun = { claimStart: 0, length: 0 };
  let prev = new Array<number>(quote.length + 1).fill(0);
  for (let i = 1; i <= claim.length; i++) {
    const cur = new Array<number>(quote.length + 1).fill(0);
    for (let j = 1; j <= quote.length; j++) {
      if (claim[i - 1] === quote[j - 1]) {
        const length = (prev[j - 1] as number) + 1;
        cur[j] = length;
        if (length > best.length) best = { claimStart: i - length, length };
      }
    }
    prev = cur;
  }
  return best;
}

/** Jaccard index of two word sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}
