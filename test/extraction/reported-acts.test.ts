import { describe, expect, it } from 'vitest';
import { findCues } from '../../src/extraction/cue.patterns.ts';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';

/** Reported speech beyond “X said that …”: speech acts, progressive and adverbed cues, asides; every text is invented here. */
const found = (text: string) => extractQuotes(text).quotes.map((q) => ({ text: q.text, kind: q.kind, speaker: q.speaker.name }));

describe('reported speech acts and the cues around them', () => {
  it('when a speech act names its content (“criticized X for Y”, “called for Z”), then that content is reported speech', () => {
    expect(found('Mayor Ines Albrecht criticized the transit board for raising fares twice in one year.')).toEqual([
      { text: 'the transit board for raising fares twice in one year', kind: 'indirect', speaker: 'Ines Albrecht' },
    ]);
    expect(found('Senator Paolo Reyes called for an independent inquiry into the contract awards.')).toEqual([
      { text: 'an independent inquiry into the contract awards', kind: 'indirect', speaker: 'Paolo Reyes' },
    ]);
  });

  it('when the speech act is in the passive (“was accused of”), then the subject is not its speaker', () => {
    expect(found('Governor Lena Moss was accused of misleading the legislature about the budget.')).toEqual([]);
  });

  it('when a promise is too short to state anything (“vowed to fight it”), then nothing is stored; a real one is', () => {
    expect(found('Councillor Amal Haddad vowed to fight it.')).toEqual([]);
    expect(found('Councillor Amal Haddad vowed to repeal the parking levy next spring.')).toEqual([
      { text: 'to repeal the parking levy next spring', kind: 'indirect', speaker: 'Amal Haddad' },
    ]);
  });

  it('when running copy uses the progressive (“is calling for”, “is predicting that”), then it is a cue', () => {
    expect(found('Rosa Lindqvist is predicting that turnout will top 70 percent.')).toEqual([
      { text: 'turnout will top 70 percent', kind: 'indirect', speaker: 'Rosa Lindqvist' },
    ]);
  });

  it('when an adverb or auxiliary stands before the verb (“strongly suggested”, “did note”), then the cue is still found', () => {
    expect(found('Omar Castillo strongly suggested the tariffs would be lifted by June.')).toEqual([
      { text: 'the tariffs would be lifted by June', kind: 'indirect', speaker: 'Omar Castillo' },
    ]);
  });

  it('when a noun in -ly precedes a cue (“the family said”), then it is not read as an adverb of the cue', () => {
    const text = 'The family said the boy was safe.';
    expect(findCues(text, 0, text.length, []).map((c) => c.text)).toEqual(['said']);
  });

  it('when an aside stands between the cue and “that”, then the clause after “that” is the content', () => {
    expect(found('Campaign chief Nadia Petrova said — on the radio, as it happens — that the party raised $4 million.')).toEqual([
      { text: 'the party raised $4 million', kind: 'indirect', speaker: 'Nadia Petrova' },
    ]);
    expect(found('Ivo Marek now says, however, that the vote was fair.')).toEqual([{ text: 'the vote was fair', kind: 'indirect', speaker: 'Ivo Marek' }]);
  });

  it('when a second speech verb of the same subject follows (“said … and predicted …”), then each has its own content', () => {
    expect(found('Dana Kowal said the plan was costly and predicted that the council would reject it.')).toEqual([
      { text: 'the plan was costly', kind: 'indirect', speaker: 'Dana Kowal' },
      { text: 'the council would reject it', kind: 'indirect', speaker: 'Dana Kowal' },
    ]);
  });

  it('when “pledged” describes delegates, then it is no cue', () => {
    expect(found('Mina Cho has won 758 pledged delegates so far in the primary race.')).toEqual([]);
  });
});

describe('sentences around abbreviations', () => {
  it('when “U.S.” ends a sentence and a sentence opener follows, then the next sentence is read on its own', () => {
    expect(found('Kofi Mensah proposed a ban on imports into the U.S. The proposal drew criticism from farmers.')).toEqual([
      { text: 'a ban on imports into the U.S', kind: 'indirect', speaker: 'Kofi Mensah' },
    ]);
  });
});
