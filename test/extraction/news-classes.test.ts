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

describe('extraction rules 2.4: the classes added on real news', () => {
  it('when a participle names what the subject called someone (“…, calling him “…””), then the quote is the subject’s, not the person called', () => {
    const text = 'At a rally in Erie, Dana Whitfield attacked Governor Paul Ames, calling him “a danger to this state.”';
    expect(quotesOf(text)).toEqual([{ text: 'a danger to this state.', kind: 'partial', speaker: 'Dana Whitfield' }]);
  });

  it('when a quoted clause has short lower-case words (“is not Christian”), then it is a quotation, not a title', () => {
    const text = 'When Bishop Ana Ruiz said the mayor ‘’is not Christian’’ at the synod, the council walked out.'.replace(/‘’|’’/gu, "''");
    expect(quotesOf(text)).toContainEqual({ text: 'is not Christian', kind: 'partial', speaker: 'Ana Ruiz' });
  });

  it('when a voiced verb carries the quote (“beamed”, “decried”), then it is the cue and its subject the speaker', () => {
    expect(quotesOf('“This is the best night of my life!” beamed Tom Hale, a delegate from Ohio.')).toEqual([
      { text: 'This is the best night of my life!', kind: 'direct', speaker: 'Tom Hale' },
    ]);
    expect(quotesOf('Senator Lia Moss decried the “quiet cruelty” of the bill.')).toEqual([{ text: 'quiet cruelty', kind: 'partial', speaker: 'Lia Moss' }]);
  });

  it('when the speaker is described by age (“said the 46-year-old”), then the description is the mention', () => {
    const [q] = extractQuotes('“We are not going anywhere,” said the 46-year-old.').quotes;
    expect(q?.speaker.mention?.text).toBe('the 46-year-old');
  });

  it('when a sentence after “…” opens with a speaker, a cue and a clause of its own, then that clause is reported speech and the quote keeps no cue', () => {
    const text = 'Rita Lenz would not discuss the order “to protect privacy.” Lenz says she has not read what was signed.';
    const quotes = quotesOf(text);
    expect(quotes).toContainEqual({ text: 'she has not read what was signed', kind: 'indirect', speaker: 'Rita Lenz' });
  });

  it('when reported speech runs into “…, telling X that “…””, then it stops before the participle', () => {
    const text = 'Omar Hadid said he saw no reason to change course, telling reporters that “we tell the truth.”';
    expect(quotesOf(text)).toEqual([
      { text: 'he saw no reason to change course', kind: 'indirect', speaker: 'Omar Hadid' },
      { text: 'we tell the truth.', kind: 'partial', speaker: 'Omar Hadid' },
    ]);
  });

  it('when someone “called him divisive”, then what they called him is reported; a telephone call is not', () => {
    expect(quotesOf('Mayor Ines Cole called him divisive on Monday.')).toEqual([{ text: 'him divisive on Monday', kind: 'indirect', speaker: 'Ines Cole' }]);
    expect(quotesOf('Ines Cole called Omar Hadid to congratulate him.')).toEqual([]);
  });

  it('when an opening phrase precedes “according to X,”, then the words after the source are reported', () => {
    expect(quotesOf('In addition, according to the ministry, nine million workers will be covered.')).toEqual([
      { text: 'nine million workers will be covered', kind: 'indirect', speaker: 'ministry' },
    ]);
  });

  it('when a programme’s name stands before the cue (“on Fox’s “Sunday Review,” Ames said”), then it is no quotation', () => {
    const text = 'Sunday on Channel Nine’s “Sunday Review,” Paul Ames said the budget was “a fraud.”';
    expect(quotesOf(text).map((q) => q.text)).not.toContain('Sunday Review');
    expect(quotesOf(text)).toContainEqual({ text: 'a fraud.', kind: 'partial', speaker: 'Paul Ames' });
  });

  it('when a first-person column says “…,” I said, then the quote is found, its speaker the writer, an unnamed speaker not to store', () => {
    const { quotes, speakers } = extractQuotes('I had prepared a statement. “I am not ashamed,” I said. “I would do it again.”');
    expect(quotes.map((q) => [q.text, q.speaker.name, q.speaker.mention?.text])).toEqual([
      ['I am not ashamed', 'the writer', 'I'],
      ['I would do it again.', 'the writer', 'I'],
    ]);
    expect(speakers.map((sp) => sp.generic)).toEqual([true]);
  });

  it('when a question in quotation marks is followed by a multiword cue (“…?” Hale went on), then the cue names the speaker', () => {
    const text = 'Tom Hale paused. “You know what happens next, right?” Hale went on, smiling.';
    expect(quotesOf(text)).toEqual([{ text: 'You know what happens next, right?', kind: 'direct', speaker: 'Tom Hale' }]);
  });
});
