import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';

/** Error classes seen on real news (issue 13), each written fresh here: the corpus is never copied. */
const quotesOf = (text: string) => extractQuotes(text).quotes.map((q) => ({ text: q.text, kind: q.kind, speaker: q.speaker.name }));

describe('extraction on the forms real news uses', () => {
  it('when a cue follows a question inside the quote, then the sentence is not cut at ?” and the cue names the speaker', () => {
    const text = 'Ada Brandt spoke to the crowd for an hour.\n“Have I written my victory speech?” Brandt asked. “Not yet.”';
    expect(quotesOf(text)[0]).toEqual({ text: 'Have I written my victory speech?', kind: 'direct', speaker: 'Ada Brandt' });
  });

  it('when the speaker is described by role (“the investor said”), then the description is the mention and points back to the person', () => {
    const text = 'Mark Dubois sold his stake in March.\n“Nobody in the room would help you,” the investor said.';
    const [q] = extractQuotes(text).quotes;
    expect(q?.speaker.name).toBe('Mark Dubois');
    expect(q?.speaker.mention?.text).toBe('the investor');
  });

  it('when a party word or description precedes the name, then the speaker’s name is clean', () => {
    const text = '“We will win this state,” said Republican Dana Whitfield.\n“Comedy is hard,” Comedian Lou Barrett said.';
    expect(quotesOf(text).map((q) => q.speaker)).toEqual(['Dana Whitfield', 'Lou Barrett']);
  });

  it('when a Title-Case headline quotes someone, then the verb is not part of the name', () => {
    const [q] = extractQuotes('Senator Mara Lind Says “We Are Not Done Yet”\n\nThe senator spoke in Ohio.').quotes;
    expect(q?.speaker.name).toBe('Mara Lind');
  });

  it('when a quotation has no cue at all, then it is still found, given the sentence’s subject and flagged for review', () => {
    const text = 'Jon Ekberg has long thought the plan a “fiscal fantasy” in his columns.';
    const [q] = extractQuotes(text).quotes;
    expect(q).toMatchObject({ text: 'fiscal fantasy', kind: 'partial', speaker: { name: 'Jon Ekberg' }, needsReview: true });
  });

  it('when a speaker is named with a verb of their own, then the attribution is settled (not flagged)', () => {
    const [q] = extractQuotes('“The budget is balanced,” Treasurer Ana Vila said on Monday.').quotes;
    expect(q).toMatchObject({ speaker: { name: 'Ana Vila' }, needsReview: false });
    expect(q?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('when the review threshold is raised, then the same attribution is flagged', () => {
    const [q] = extractQuotes('“The budget is balanced,” Treasurer Ana Vila said on Monday.', { reviewBelow: 0.999 }).quotes;
    expect(q?.needsReview).toBe(true);
  });

  it('when a role names its organisation (“Foreign Ministry spokeswoman”), then the organisation and the role are told apart', () => {
    const { speakers } = extractQuotes('“We see no sign of it,” Foreign Ministry spokeswoman Vera Sokol said.');
    expect(speakers[0]?.affiliations).toEqual([{ role: 'spokeswoman', organization: 'Foreign Ministry', asStated: 'Foreign Ministry spokeswoman' }]);
  });

  it('when one person is “an analyst” and later “a senior analyst” at one institute, then that is one affiliation, the fuller role', () => {
    const text = '“Sanctions will bite,” said Choi Ji-won, an analyst at the Asan Institute. Choi, a senior analyst at the Asan Institute, added that nothing would change soon.';
    const choi = extractQuotes(text).speakers.find((s) => s.name === 'Choi Ji-won');
    expect(choi?.affiliations.map((a) => [a.role, a.organization])).toEqual([['senior analyst', 'Asan Institute']]);
  });

  it('when the speaker “told the Seoul Ledger”, then the newspaper is recorded as the relay, not the speaker', () => {
    const [q] = extractQuotes('“It is late,” Lee Jun told the Seoul Ledger.').quotes;
    expect(q).toMatchObject({ speaker: { name: 'Lee Jun' }, relays: [{ name: 'Seoul Ledger' }] });
  });
  it('when a cue-less quote follows a clause naming a subject and then an object, then the subject who acts is the speaker', () => {
    const text = 'Mayor Rhea Tollan doubted that Governor Piet Osk would have visited the flooded district “if it were an election year.”';
    expect(quotesOf(text)[0]).toMatchObject({ text: 'if it were an election year.', speaker: 'Rhea Tollan' });
  });

  it('when a participle (“, saying she was …”) introduces the quote and nobody is quoted earlier in the sentence, then the person acting in the clause speaks, with the participle as cue', () => {
    const text = 'At a rally, Senator Ivo Brask launched an attack on Minister Lena Holt, saying she was “the least prepared minister we have had.”';
    const [q] = extractQuotes(text).quotes;
    expect(q).toMatchObject({ kind: 'partial', speaker: { name: 'Ivo Brask' }, cue: { text: 'saying' } });
  });

  it('when an organisation speaks as “the network” or “the board”, then it is the speaker, not the statement it issued', () => {
    const text = 'Channel Nine denied the report. In a statement, the network said that the claims were “entirely false.”';
    const [q] = extractQuotes(text).quotes.filter((x) => x.kind !== 'indirect');
    expect(q).toMatchObject({ text: 'entirely false.', speaker: { mention: { text: 'the network' } } });
  });

  it('when a story opens with a dateline, then the place in capitals is no speaker of a cue-less quote', () => {
    const text = 'OSLO, May 4 (NTB) — The ruling party’s deputy leader rallied members on Sunday with a promise of “a new start for the north.”';
    const [q] = extractQuotes(text).quotes;
    expect(q?.speaker.name).not.toBe('OSLO');
  });
});
