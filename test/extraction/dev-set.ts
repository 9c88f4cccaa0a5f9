/**
 * Development set: short news-style paragraphs, one or two per pattern the
 * extractor must handle, with the attributions a careful annotator expects.
 * Written for this project (not taken from any article); traps included.
 */
export interface DevQuote {
  text: string;
  kind: 'direct' | 'partial' | 'indirect';
  speaker: string;
  /** Expected mention text: for a carried-over speaker, the mention that introduced them; null when nothing names them. */
  mention?: string | null;
}

export interface DevCase {
  name: string;
  text: string;
  quotes: DevQuote[];
}

export const DEV_SET: DevCase[] = [
  {
    name: 'straight quotes, cue after, name then verb',
    text: '"We will not back down," Mayor Ana Ortiz said on Monday.',
    quotes: [{ text: 'We will not back down', kind: 'direct', speaker: 'Ana Ortiz', mention: 'Ana Ortiz' }],
  },
  {
    name: 'inverted cue with appositive',
    text: '“The numbers are simply not there,” said Peter Lang, an economist at the Bergen Institute.',
    quotes: [{ text: 'The numbers are simply not there', kind: 'direct', speaker: 'Peter Lang', mention: 'Peter Lang' }],
  },
  {
    name: 'cue before with colon',
    text: 'Finance Minister Sara Kowalski told reporters: “Inflation has peaked.”',
    quotes: [{ text: 'Inflation has peaked.', kind: 'direct', speaker: 'Sara Kowalski', mention: 'Sara Kowalski' }],
  },
  {
    name: 'split quote around the cue',
    text: '“This is a good day,” Moreno said, “and tomorrow will be better.”',
    quotes: [
      { text: 'This is a good day', kind: 'direct', speaker: 'Moreno', mention: 'Moreno' },
      { text: 'and tomorrow will be better.', kind: 'direct', speaker: 'Moreno', mention: 'Moreno' },
    ],
  },
  {
    name: 'split quote across sentences, pronoun and carry-over',
    text: 'Defense analyst Tom Becker has followed the program for years.\n“It is late and over budget,” he said. “Nobody expected otherwise.”',
    quotes: [
      { text: 'It is late and over budget', kind: 'direct', speaker: 'Tom Becker', mention: 'he' },
      { text: 'Nobody expected otherwise.', kind: 'direct', speaker: 'Tom Becker', mention: 'he' },
    ],
  },
  {
    name: 'guillemets',
    text: '«Nous resterons unis», said French President Emmanuel Macron.',
    quotes: [{ text: 'Nous resterons unis', kind: 'direct', speaker: 'Emmanuel Macron', mention: 'Emmanuel Macron' }],
  },
  {
    name: 'single quotes inside double (quote inside quote)',
    text: '“My father told me, ‘Never sell the farm,’ and I never did,” Greta Holm said.',
    quotes: [{ text: 'My father told me, ‘Never sell the farm,’ and I never did', kind: 'direct', speaker: 'Greta Holm', mention: 'Greta Holm' }],
  },
  {
    name: 'multi-paragraph quote with the closing mark omitted',
    text: 'Judge Rita Alvarez read her ruling aloud.\n“The defendant knew the risks and ignored them.\n“He must now answer for that.”',
    quotes: [
      { text: 'The defendant knew the risks and ignored them.', kind: 'direct', speaker: 'Rita Alvarez', mention: 'Rita Alvarez' },
      { text: 'He must now answer for that.', kind: 'direct', speaker: 'Rita Alvarez', mention: 'Rita Alvarez' },
    ],
  },
  {
    name: 'unbalanced mark does not derail the next paragraph',
    text: 'The vote was “historic, the paper wrote in its editorial.\n“We have waited decades,” said council member Joan Pike.',
    quotes: [{ text: 'We have waited decades', kind: 'direct', speaker: 'Joan Pike', mention: 'Joan Pike' }],
  },
  {
    name: 'partial quote in reported speech',
    text: 'Senator Mark Ellis said the bill was “a gift to polluters” and vowed to fight it.',
    quotes: [{ text: 'a gift to polluters', kind: 'partial', speaker: 'Mark Ellis', mention: 'Mark Ellis' }],
  },
  {
    name: 'indirect with that',
    text: 'The Interior Ministry said that 14 people had been detained overnight.',
    quotes: [{ text: '14 people had been detained overnight', kind: 'indirect', speaker: 'Interior Ministry', mention: 'The Interior Ministry' }],
  },
  {
    name: 'indirect without that, adjunct after the cue',
    text: 'Police Chief Dana Wu said on Friday the suspect had fled the country.',
    quotes: [{ text: 'the suspect had fled the country', kind: 'indirect', speaker: 'Dana Wu', mention: 'Dana Wu' }],
  },
  {
    name: 'according to, sentence-initial',
    text: 'According to the World Health Organization, cases rose by 12 percent last week.',
    quotes: [{ text: 'cases rose by 12 percent last week', kind: 'indirect', speaker: 'World Health Organization', mention: 'the World Health Organization' }],
  },
  {
    name: 'tail cue for reported speech',
    text: 'The plant will close by the end of the year, the company said in a statement.',
    quotes: [{ text: 'The plant will close by the end of the year', kind: 'indirect', speaker: 'company', mention: 'the company' }],
  },
  {
    name: 'did not rule out',
    text: 'Chancellor Ingrid Vogel did not rule out further sanctions against the regime.',
    quotes: [{ text: 'further sanctions against the regime', kind: 'indirect', speaker: 'Ingrid Vogel', mention: 'Ingrid Vogel' }],
  },
  {
    name: 'told Reuters: relay, not speaker',
    text: 'Energy Secretary Paul Mendes told Reuters that prices would fall in the spring.',
    quotes: [{ text: 'prices would fall in the spring', kind: 'indirect', speaker: 'Paul Mendes', mention: 'Paul Mendes' }],
  },
  {
    name: 'according to an agency as relay of a named speaker',
    text: 'Foreign Minister Oleg Sidorov said, “The talks were constructive,” according to the Interfax news agency.',
    quotes: [{ text: 'The talks were constructive', kind: 'direct', speaker: 'Oleg Sidorov', mention: 'Oleg Sidorov' }],
  },
  {
    name: 'surname back-reference',
    text: 'Maria Santos, a nurse at St. Luke’s Hospital, has worked night shifts for a decade.\n“We are exhausted,” Santos said.',
    quotes: [{ text: 'We are exhausted', kind: 'direct', speaker: 'Maria Santos', mention: 'Santos' }],
  },
  {
    name: 'trap: he said with two candidate men in the previous sentence',
    text: 'Governor Frank Hale met opposition leader Victor Stone in Albany on Tuesday.\n“We found common ground,” he said.',
    quotes: [{ text: 'We found common ground', kind: 'direct', speaker: 'Frank Hale', mention: 'he' }],
  },
  {
    name: 'trap: she with a man and a woman',
    text: 'Rachel Morton, the union’s president, sat beside manager Kevin Doyle at the hearing.\n“We will strike if we must,” she said.',
    quotes: [{ text: 'We will strike if we must', kind: 'direct', speaker: 'Rachel Morton', mention: 'she' }],
  },
  {
    name: 'trap: scare quotes are not speech',
    text: 'The company’s “green” credentials have been questioned by environmental groups.',
    quotes: [],
  },
  {
    name: 'trap: quoted book title',
    text: 'Her memoir, “A Long Way From Home,” became a best-seller last year.',
    quotes: [],
  },
  {
    name: 'trap: quoted operation name next to a cue',
    text: 'The army said Operation “Iron Shield” had ended after three weeks.',
    quotes: [{ text: 'Operation “Iron Shield” had ended after three weeks', kind: 'indirect', speaker: 'army', mention: 'The army' }],
  },
  {
    name: 'trap: so-called',
    text: 'Critics have mocked the so-called “peace dividend” for years.',
    quotes: [],
  },
  {
    name: 'organisation speaks, then "it"',
    text: 'The Kremlin said the talks would continue. “Dialogue remains possible,” it added.',
    quotes: [
      { text: 'the talks would continue', kind: 'indirect', speaker: 'Kremlin', mention: 'The Kremlin' },
      { text: 'Dialogue remains possible', kind: 'direct', speaker: 'Kremlin', mention: 'it' },
    ],
  },
  {
    name: 'state media reported, partial',
    text: 'State media reported that the leader had inspected a “new-type tactical weapon” on Sunday.',
    quotes: [{ text: 'new-type tactical weapon', kind: 'partial', speaker: 'State media', mention: 'State media' }],
  },
  {
    name: 'participle cue: adding that',
    text: '“We need more time,” Lee said, adding that a deal was still possible.',
    quotes: [
      { text: 'We need more time', kind: 'direct', speaker: 'Lee', mention: 'Lee' },
      { text: 'a deal was still possible', kind: 'indirect', speaker: 'Lee', mention: 'Lee' },
    ],
  },
  {
    name: 'floating quote paragraph continues the previous speaker',
    text: '“Prices will keep rising,” said Nadia Karim, chief economist at Westbank.\n“Households should plan for a difficult winter.”',
    quotes: [
      { text: 'Prices will keep rising', kind: 'direct', speaker: 'Nadia Karim', mention: 'Nadia Karim' },
      { text: 'Households should plan for a difficult winter.', kind: 'direct', speaker: 'Nadia Karim', mention: 'Nadia Karim' },
    ],
  },
  {
    name: 'question mark inside quote, asked',
    text: '“Why should we wait?” asked Councilwoman Beth Arno.',
    quotes: [{ text: 'Why should we wait?', kind: 'direct', speaker: 'Beth Arno', mention: 'Beth Arno' }],
  },
  {
    name: 'spokesperson with organisation, straight single quotes inside',
    text: '"It\'s the \'final offer,\' nothing more," the spokeswoman said.',
    quotes: [{ text: "It's the 'final offer,' nothing more", kind: 'direct', speaker: 'spokeswoman', mention: 'the spokeswoman' }],
  },
  {
    name: 'apostrophes do not open quotes',
    text: 'Officials at the nation’s largest port said the ’90s-era cranes would be replaced.',
    quotes: [{ text: 'the ’90s-era cranes would be replaced', kind: 'indirect', speaker: 'Officials', mention: 'Officials' }],
  },
  {
    name: 'appositive subject with cue after the quote',
    text: 'Sam Ruiz, 34, who owns a bakery on Main Street, said business had doubled since June.',
    quotes: [{ text: 'business had doubled since June', kind: 'indirect', speaker: 'Sam Ruiz', mention: 'Sam Ruiz' }],
  },
  {
    name: 'speaker introduced with a colon, quotation in the next paragraph',
    text: 'In a statement, the Health Ministry said:\n“Vaccines remain safe and effective.”',
    quotes: [{ text: 'Vaccines remain safe and effective.', kind: 'direct', speaker: 'Health Ministry', mention: 'the Health Ministry' }],
  },
  {
    name: 'according to a statement from',
    text: 'Three soldiers were wounded in the attack, according to a statement from the army.',
    quotes: [{ text: 'Three soldiers were wounded in the attack', kind: 'indirect', speaker: 'army', mention: 'the army' }],
  },
  {
    name: 'headline style: quote, colon, speaker and present-tense verb',
    text: '‘We will rebuild’: Mayor Ana Ortiz vows to stay after floods',
    quotes: [{ text: 'We will rebuild', kind: 'direct', speaker: 'Ana Ortiz', mention: 'Ana Ortiz' }],
  },
  {
    name: 'trap: "reported" with an object is not speech',
    text: 'Shares rose after the company reported a profit of $5 billion for the quarter.',
    quotes: [],
  },
  {
    name: 'trap: "told" with an order, not a report',
    text: 'The officer told him to leave the building at once.',
    quotes: [],
  },
  {
    name: 'a cue-less quote after a sentence introducing a new person goes to that person',
    text: '“We will vote yes,” said Senator Ana Ruiz.\nMinority Leader Mitch Cole disagreed. “This bill spends money we do not have.”',
    quotes: [
      { text: 'We will vote yes', kind: 'direct', speaker: 'Ana Ruiz', mention: 'Ana Ruiz' },
      { text: 'This bill spends money we do not have.', kind: 'direct', speaker: 'Mitch Cole', mention: 'Mitch Cole' },
    ],
  },
  {
    name: '"the company" refers back to the company named before',
    text: 'Shares of Acme Robotics Inc. fell 8% on Monday.\nThe company said demand for its warehouse robots had slowed.',
    quotes: [{ text: 'demand for its warehouse robots had slowed', kind: 'indirect', speaker: 'Acme Robotics Inc.', mention: 'The company' }],
  },
  {
    name: 'a descriptive reference with nobody to point back to stays an unnamed speaker',
    text: '“Rates will fall before the summer,” the analyst said.',
    quotes: [{ text: 'Rates will fall before the summer', kind: 'direct', speaker: 'analyst', mention: 'the analyst' }],
  },
  {
    name: '"said it was" followed by a partial quote',
    text: 'Dr. Anita Rao, an epidemiologist, said it was "a reasonable call, but late."',
    quotes: [{ text: 'a reasonable call, but late.', kind: 'partial', speaker: 'Anita Rao', mention: 'Anita Rao' }],
  },
  {
    name: 'trap: "is said to be" is hearsay, not a statement',
    text: 'The reclusive billionaire is said to be planning a return to politics.',
    quotes: [],
  },
];
