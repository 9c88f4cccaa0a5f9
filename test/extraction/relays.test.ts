import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';

const summary = (text: string) =>
  extractQuotes(text).quotes.map((q) => ({ text: q.text, kind: q.kind, speaker: q.speaker.name, relays: q.relays.map((r) => r.name) }));

describe('relays: outlets that pass someone else’s words on', () => {
  it('records "according to <agency>" after a named speaker’s quote as a relay, not a speaker', () => {
    expect(summary('Defense Minister Oleg Sidorov said, “The talks were constructive,” according to the Interfax news agency.')).toEqual([
      { text: 'The talks were constructive', kind: 'direct', speaker: 'Oleg Sidorov', relays: ['Interfax news agency'] },
    ]);
  });

  it('records "told Reuters" as a relay of the speaker’s words', () => {
    expect(summary('“Prices will fall,” Energy Secretary Paul Mendes told Reuters.')).toEqual([
      { text: 'Prices will fall', kind: 'direct', speaker: 'Paul Mendes', relays: ['Reuters'] },
    ]);
  });

  it('keeps "…, state media reported" out of the content and records it as a relay', () => {
    expect(summary('Kim Jong-un said the missile test was a success, state media reported.')).toEqual([
      { text: 'the missile test was a success', kind: 'indirect', speaker: 'Kim Jong-un', relays: ['state media'] },
    ]);
  });

  it('makes "according to X" the speaker when nobody else speaks in the sentence', () => {
    expect(summary('Turnout reached 71 percent, according to the Election Commission.')).toEqual([
      { text: 'Turnout reached 71 percent', kind: 'indirect', speaker: 'Election Commission', relays: [] },
    ]);
  });

  it('makes the outlet the speaker when it reports on its own', () => {
    expect(summary('State media reported that the leader had inspected a new submarine.')).toEqual([
      { text: 'the leader had inspected a new submarine', kind: 'indirect', speaker: 'State media', relays: [] },
    ]);
  });
});
