import { describe, expect, it } from 'vitest';
import { fitConditionalLogit } from '../../bench/extraction/logit.ts';
import { extractQuotes, extractWithRuleScores } from '../../src/extraction/quote.extractor.ts';
import type { RankTrace } from '../../src/extraction/speaker.ranker.ts';

/** The learned speaker choice for quotations no cue attributes, and the fit that learns it. */
describe('speaker model', () => {
  // A fragment with no speech cue: the rules guess the sentence's subject; "she" can only be Vera Lindqvist.
  const text = 'Judge Omar Fell heard the case on Monday. Vera Lindqvist, the plaintiff, found the ruling “deeply unfair to tenants” and she will appeal.';

  it('when the model has no weights, then the rules’ guess is kept', () => {
    const rules = extractWithRuleScores(text, { weights: {} }).quotes.find((q) => q.text.startsWith('deeply'));
    expect(rules?.speaker).toMatchObject({ name: 'Vera Lindqvist', mention: { text: 'Vera Lindqvist' } });
  });

  it('when the model weighs a kind of candidate heavily, then that candidate wins over the rules’ guess', () => {
    const previous = extractWithRuleScores(text, { weights: { 'src:previous': 50 } }).quotes.find((x) => x.text.startsWith('deeply'));
    expect(previous?.speaker.name).toBe('Omar Fell');
    const picked = extractWithRuleScores(text, { weights: { 'kind:pron-female': 50 } }).quotes.find((x) => x.text.startsWith('deeply'));
    expect(picked?.speaker.mention?.text).toBe('she');
    expect(picked?.speaker.name).toBe('Vera Lindqvist');
  });

  it('when a quotation is ranked, then training sees every candidate with its features, the rules’ guess first', () => {
    const traces: RankTrace[] = [];
    extractWithRuleScores(text, { weights: {}, trace: (t) => traces.push(t) });
    const trace = traces.find((t) => text.slice(t.start, t.end).startsWith('deeply'));
    expect(trace?.candidates[0]?.features).toContain('rule');
    const names = trace?.candidates.map((c) => c.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['Vera Lindqvist', 'Omar Fell']));
    expect(trace?.candidates.every((c) => c.features.length > 0)).toBe(true);
  });

  it('when a cue-less whole-sentence quote follows a person introduced without words of their own, then it is theirs, with the committed model', () => {
    const quotes = extractQuotes('Mayor Dale Quist met the strikers on Friday. Quist told them the city would not back down. “We have made our final offer.”').quotes;
    expect(quotes.find((q) => q.kind === 'direct')?.speaker.name).toBe('Dale Quist');
  });

  it('when a quoted phrase is followed later in the sentence by “said NAME, a role”, then NAME is the speaker', () => {
    const quotes = extractQuotes('Turnout fell sharply. Mara Lind “drew quite well from working-class voters” in the 2008 primary, said Tomas Okafor, a professor at Ohio State University.').quotes;
    expect(quotes[0]).toMatchObject({ kind: 'partial', speaker: { name: 'Tomas Okafor' }, cue: { text: 'said' } });
  });
});

describe('conditional logit fit', () => {
  const items = Array.from({ length: 40 }, (_, i) => ({
    candidates: [
      { features: ['near', i % 4 === 0 ? 'subject' : 'object'], right: i % 4 === 0 },
      { features: ['far', i % 4 === 0 ? 'object' : 'subject'], right: i % 4 !== 0 },
    ],
  }));

  it('when one feature marks the right candidate in every item, then it gets the largest weight', () => {
    const w = fitConditionalLogit(items);
    expect(w.subject ?? 0).toBeGreaterThan(0);
    expect(w.subject ?? 0).toBeGreaterThan(Math.max(w.near ?? 0, w.far ?? 0, w.object ?? 0));
  });

  it('when fitted twice on the same items, then the weights are the same (training is reproducible)', () => {
    expect(fitConditionalLogit(items)).toEqual(fitConditionalLogit(items));
  });
});
