import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';
import { evaluateSplit, findEvalDir } from '../../bench/extraction/polnear.ts';

/**
 * Regression guard on real news: PolNeAR dev, read from ../shared/eval at run time (never copied
 * here). The floors are the figures reached (docs/extraction.md) minus 0.01, not targets.
 */
const ATTRIBUTION_F1_FLOOR = 0.773;
const MAX_ECE = 0.05;

const evalDir = findEvalDir();

describe('extraction on PolNeAR dev (real US political news)', () => {
  if (evalDir === null) {
    it.skip('skipped: ../shared/eval is absent, so there is no annotated news to measure on', () => {});
    return;
  }
  const report = evaluateSplit(path.join(evalDir, 'polnear', 'dev'), (text) => extractQuotes(text).quotes);

  it('when the dev articles are extracted, then attribution F1 stays at the figure reached', () => {
    expect(report.overall.articles).toBeGreaterThan(0);
    expect(report.overall.measures.attribution[2]).toBeGreaterThanOrEqual(ATTRIBUTION_F1_FLOOR);
  });

  it('when confidence says p, then about p of those attributions are right (ECE within 0.05)', () => {
    expect(report.ece).toBeLessThanOrEqual(MAX_ECE);
  });
});
