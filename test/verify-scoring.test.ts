import { describe, expect, it } from 'vitest';
import { alignToQuote, longestCommonRun } from '../src/verification/align.ts';
import { foldKey, tokenize, tokenKeys } from '../src/verification/tokens.ts';

/** Verify's scoring primitives: the fast paths must give exactly what the general ones give. */
describe('verify scoring primitives', () => {
  const texts = [
    'We will not move on item 7 of the talks, Kim said.',
    "You'll see: it's `well-known` that we can't.",
    '“You’ll see,” said Kim Jong-un — the Café’s owner.',
    'ÉCOLE Straße naïve façade 42',
    '  spaced\tout\n\nwords-and—dashes  ',
    '',
  ];

  it('when a text is ASCII or not, with backticks, typographic quotes or accents, then tokenKeys gives the keys of tokenize', () => {
    for (const text of texts) expect(tokenKeys(text)).toEqual(tokenize(text).map((t) => t.key));
  });

  it('when an ASCII text is tokenized, then each key is the full fold of its word (NFKD, marks removed, lower case)', () => {
    for (const text of texts.filter((t) => !/[^\x20-\x7e\t\n]/u.test(t))) {
      for (const token of tokenize(text)) expect(token.key).toBe(foldKey(token.text));
    }
  });

  it('when a claim lies inside a quote, then the alignment is that stretch at distance 0; one word changed costs one edit', () => {
    expect(alignToQuote(['a', 'b', 'c'], ['x', 'a', 'b', 'c', 'y'])).toEqual({ distance: 0, start: 1, end: 4 });
    expect(alignToQuote(['a', 'q', 'c'], ['x', 'a', 'b', 'c', 'y'])).toEqual({ distance: 1, start: 1, end: 4 });
  });

  it('when quote words are not in the claim, then they never match each other, and an empty claim aligns with nothing', () => {
    // Replacing one word (a stretch as long as the claim) beats dropping it.
    expect(alignToQuote(['a'], ['z', 'z'])).toEqual({ distance: 1, start: 0, end: 1 });
    expect(alignToQuote([], ['z', 'z'])).toEqual({ distance: 0, start: 0, end: 0 });
    expect(longestCommonRun(['a', 'b'], ['z', 'z', 'z'])).toEqual({ claimStart: 0, length: 0 });
  });

  it('when a claim shares runs with a quote, then the longest verbatim run is found, the first of equal ones', () => {
    expect(longestCommonRun(['p', 'a', 'b', 'q', 'c', 'd', 'e'], ['c', 'd', 'e', 'z', 'a', 'b'])).toEqual({ claimStart: 4, length: 3 });
    expect(longestCommonRun(['a', 'b', 'x', 'c', 'd'], ['c', 'd', 'a', 'b'])).toEqual({ claimStart: 0, length: 2 });
    expect(longestCommonRun(['the', 'the', 'the'], ['the', 'the'])).toEqual({ claimStart: 0, length: 2 });
    expect(alignToQuote(['the', 'of', 'the'], ['of', 'the', 'the', 'of'])).toEqual({ distance: 1, start: 0, end: 2 });
  });
});
