import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';

/** The classes rules 2.7 reads (issue 13, round six); every text is invented here. */
const found = (text: string) =>
  extractQuotes(text).quotes.map((q) => ({ text: q.text, kind: q.kind, speaker: q.speaker.name, cue: q.cue?.text ?? null }));

describe('extraction rules 2.7: participles, placed subjects and where reported words end', () => {
  it('when “X said, adding, “…”” follows a clause with a name of its own, then the quote is the speaker of “said”, not the name in the clause', () => {
    const quotes = found('Minister Tomas Kral will meet Lee in March, Ines Duarte said, adding, “They need to sit down and talk.”');
    expect(quotes.find((q) => q.kind === 'direct')).toMatchObject({ text: 'They need to sit down and talk.', speaker: 'Ines Duarte', cue: 'adding' });
  });

  it('when a participle follows an opening phrase that names a place (“After the Lyon floods, Ortiz released …”), then the person acting speaks, not the place', () => {
    const quotes = found('After the Lyon floods, Mayor Carla Ortiz released a statement calling the response “a disgrace” and a warning.');
    expect(quotes).toMatchObject([{ text: 'a disgrace', kind: 'partial', speaker: 'Carla Ortiz' }]);
  });

  it('when people placed somewhere speak (“Six newspapers in Ohio said”), then the people are the speaker, not the place', () => {
    expect(found('Six newspapers in Ohio said the governor is no longer fit for office.')).toMatchObject([
      { text: 'the governor is no longer fit for office', kind: 'indirect', speaker: 'Six newspapers' },
    ]);
  });

  it('when a speech act’s object is followed by when and where (“confirmed the meeting after the vote”), then the object alone is reported', () => {
    expect(found('Senator Ada Pell confirmed the closure of the plant after the vote on Tuesday.')).toMatchObject([
      { text: 'the closure of the plant', kind: 'indirect', speaker: 'Ada Pell' },
    ]);
  });

  it('when reported words are followed by “even though …” or “on the condition of anonymity”, then the reporter’s clause is not part of them', () => {
    const [first] = found('Lena Varga said the deal was finished, even though the bank has not signed it.');
    expect(first).toMatchObject({ text: 'the deal was finished', speaker: 'Lena Varga' });
    const [second] = found('A senior aide said the talks had collapsed on the condition of anonymity because he was not allowed to speak.');
    expect(second).toMatchObject({ text: 'the talks had collapsed', kind: 'indirect' });
  });

  it('when a quote is followed by “a role, Name, told The Times” or “…, wrote on X”, then the named person speaks, not the outlet or the medium', () => {
    expect(found('“We read every interview again,” the bank’s chief economist, Laszlo Varga, told The Daily Ledger in 2019.')).toMatchObject([
      { text: 'We read every interview again', kind: 'direct', speaker: 'Laszlo Varga', cue: 'told' },
    ]);
    expect(found('“The attacks unite us,” Ms. Berger’s spokesman, Stefan Roth, wrote on Mastodon.')).toMatchObject([
      { text: 'The attacks unite us', kind: 'direct', speaker: 'Stefan Roth', cue: 'wrote' },
    ]);
  });

  it('when a subject is held apart from “say” by an aside, a relative clause or a survey’s participle, then it is still the speaker', () => {
    expect(found('Tax economists, like their colleagues abroad, say a levy on fuel encourages saving.')).toMatchObject([
      { text: 'a levy on fuel encourages saving', speaker: 'Tax economists' },
    ]);
    expect(found('Farm groups that backed the bill say they will fight the veto.')).toMatchObject([{ text: 'they will fight the veto', speaker: 'Farm groups' }]);
    expect(found('By wide margins, those surveyed say the rail link should come first.')).toMatchObject([
      { text: 'the rail link should come first', speaker: 'those surveyed' },
    ]);
  });

  it('when a Title-Case headline has a capitalised speech verb (“Okafor Says Port Will Reopen”), then what follows is reported speech', () => {
    expect(found('Okafor Says Harbour Will Reopen Before The Winter')).toMatchObject([
      { text: 'Harbour Will Reopen Before The Winter', kind: 'indirect', speaker: 'Okafor', cue: 'Says' },
    ]);
    // In running text a capitalised word is no verb: "Simon Says" is a game's name.
    expect(found('The children played Simon Says in the yard after lunch.')).toEqual([]);
  });

  it('when “…, said Name, a description with commas, …” closes the sentence, then the words before are the named person’s', () => {
    expect(found('Nor are tariffs likely to bring these jobs back, said Ada Lindqvist, a professor of economics at Lund, who studies trade.')).toMatchObject([
      { text: 'Nor are tariffs likely to bring these jobs back', kind: 'indirect', speaker: 'Ada Lindqvist', cue: 'said' },
    ]);
  });

  it('when “…, Name said, adding that …“…”” follows reported words, then the words before the cue are still reported', () => {
    const quotes = found('Omar Diallo spoke on Friday. The mayor will visit the port this month, Mr. Diallo said, adding that he would also meet the “harbour families.”');
    expect(quotes).toContainEqual({ text: 'The mayor will visit the port this month', kind: 'indirect', speaker: 'Omar Diallo', cue: 'said' });
  });
});
