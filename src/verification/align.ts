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
  const [claimIds, quoteIds] = wordIds(claim, quote);
  // Two rows of the table, swapped: scoring aligns the claim with every close candidate, and rows allocated per
  // claim word were most of the garbage the serving thread collected while verifying.
  let prev = new Int32Array(m + 1);
  let prevStart = Int32Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Int32Array(m + 1);
  let curStart = new Int32Array(m + 1);
  for (let i = 1; i <= claim.length; i++) {
    cur[0] = i;
    curStart[0] = 0;
    const word = claimIds[i - 1];
    for (let j = 1; j <= m; j++) {
      const replace = (prev[j - 1] as number) + (quoteIds[j - 1] === word ? 0 : 1);
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
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
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

/**
 * The words as numbers, equal where the words are: the claim's words numbered from 0, a quote word the claim
 * lacks -1 (it equals no claim word, and quote words are never compared with each other).
 */
function wordIds(claim: readonly string[], quote: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const claimIds = new Int32Array(claim.length);
  claim.forEach((word, i) => {
    let id = ids.get(word);
    if (id === undefined) {
      id = ids.size;
      ids.set(word, id);
    }
    claimIds[i] = id;
  });
  const quoteIds = new Int32Array(quote.length);
  quote.forEach((word, j) => {
    quoteIds[j] = ids.get(word) ?? -1;
  });
  return [claimIds, quoteIds];
}

export interface CommonRun {
  /** Claim words [claimStart, claimStart + length) appear in this order, contiguous, in the quote. */
  claimStart: number;
  length: number;
}

/** The longest run of consecutive claim words found verbatim in the quote. */
export function longestCommonRun(claim: readonly string[], quote: readonly string[]): CommonRun {
  let best: CommonRun = { claimStart: 0, length: 0 };
  const [claimIds, quoteIds] = wordIds(claim, quote);
  let prev = new Int32Array(quote.length + 1);
  let cur = new Int32Array(quote.length + 1);
  for (let i = 1; i <= claim.length; i++) {
    const word = claimIds[i - 1];
    for (let j = 1; j <= quote.length; j++) {
      if (quoteIds[j - 1] === word) {
        const length = (prev[j - 1] as number) + 1;
        cur[j] = length;
        if (length > best.length) best = { claimStart: i - length, length };
      } else {
        cur[j] = 0;
      }
    }
    [prev, cur] = [cur, prev];
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
