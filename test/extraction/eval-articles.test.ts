import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';
import type { ExtractedQuote } from '../../src/extraction/extraction.types.ts';
import { EVAL_ARTICLES } from './eval-articles.ts';
import { formatScore, score, type GoldItem } from './score.ts';

/** All articles scored as one corpus: offsets are shifted so spans from different articles never collide. */
function corpus(): { gold: GoldItem[]; predicted: ExtractedQuote[] } {
  const gold: GoldItem[] = [];
  const predicted: ExtractedQuote[] = [];
  let offset = 0;
  for (const article of EVAL_ARTICLES) {
    for (const q of article.quotes) {
      const start = article.text.indexOf(q.text);
      if (start < 0) throw new Error(`annotation not in "${article.name}": ${q.text}`);
      gold.push({ ...q, start: start + offset, end: start + offset + q.text.length });
    }
    for (const q of extractQuotes(article.text).quotes) predicted.push({ ...q, start: q.start + offset, end: q.end + offset });
    offset += article.text.length + 1;
  }
  return { gold, predicted };
}

describe('extractor on the evaluation articles', () => {
  it('scores at least 90% F1 and speaker accuracy per group, and prints the figures', () => {
    const { gold, predicted } = corpus();
    const quoted = score(gold, predicted, 'quoted');
    const indirect = score(gold, predicted, 'indirect');
    console.log(`evaluation articles (${EVAL_ARTICLES.length})\n${formatScore('direct+partial', quoted)}\n${formatScore('indirect', indirect)}`);
    for (const s of [quoted, indirect]) {
      expect(s.f1).toBeGreaterThanOrEqual(0.9);
      expect(s.speakerAccuracy).toBeGreaterThanOrEqual(0.9);
      expect(s.kindAccuracy).toBeGreaterThanOrEqual(0.9);
    }
  });
});
