import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';
import { evaluateSplit, findEvalDir } from '../../bench/extraction/polnear.ts';

/**
 * Regression guard on real news: PolNeAR dev, read from ../shared/eval at run time (never copied
 * here). The floors are the figures reached (docs/extraction.md) minus 0.01, not targets.
 * Two readings of the gold: score_polnear.py's (only “ and " mark a quotation) and one that also
 * reads '' as quotation marks, as the NYT copy in the corpus uses them and the extractor reads them;
 * calibration is learned and checked under the second, where a quotation in '' counts as one.
 */
const ATTRIBUTION_F1_FLOOR = { official: 0.779, doubled: 0.835 };
const DIRECT_F1_FLOOR = { official: 0.864, doubled: 0.922 };
const SPEAKER_ACCURACY_FLOOR = { official: 0.893, doubled: 0.896 };
const REPORTED_SPEECH_F1_FLOOR = { official: 0.653, doubled: 0.702 };
const MAX_ECE = 0.05;

const evalDir = findEvalDir();

describe('extraction on PolNeAR dev (real US political news)', () => {
  if (evalDir === null) {
    it.skip('skipped: ../shared/eval is absent, so there is no annotated news to measure on', () => {});
    return;
  }
  const dev = path.join(evalDir, 'polnear', 'dev');
  const official = evaluateSplit(dev, (text) => extractQuotes(text).quotes);
  const doubled = evaluateSplit(dev, (text) => extractQuotes(text).quotes, 'doubled');

  it('when the dev articles are extracted, then attribution F1 stays at the figure reached under both readings of the marks', () => {
    expect(official.overall.articles).toBeGreaterThan(0);
    expect(official.overall.measures.attribution[2]).toBeGreaterThanOrEqual(ATTRIBUTION_F1_FLOOR.official);
    expect(doubled.overall.measures.attribution[2]).toBeGreaterThanOrEqual(ATTRIBUTION_F1_FLOOR.doubled);
  });

  it('when the dev articles are extracted, then direct-quote F1, speaker accuracy and reported-speech F1 stay at the figures reached', () => {
    for (const [reading, report] of [['official', official], ['doubled', doubled]] as const) {
      const m = report.overall.measures;
      expect(m.direct[2], `direct-quote F1, ${reading}`).toBeGreaterThanOrEqual(DIRECT_F1_FLOOR[reading]);
      expect(m.speakerAccuracy, `speaker accuracy, ${reading}`).toBeGreaterThanOrEqual(SPEAKER_ACCURACY_FLOOR[reading]);
      expect(m.reportedSpeech[2], `reported-speech F1, ${reading}`).toBeGreaterThanOrEqual(REPORTED_SPEECH_F1_FLOOR[reading]);
    }
  });

  it('when confidence says p, then about p of those attributions are right (ECE within 0.05)', () => {
    expect(doubled.ece).toBeLessThanOrEqual(MAX_ECE);
  });
});
