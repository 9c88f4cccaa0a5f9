/**
 * Evaluation articles: invented news stories in common wire styles, annotated
 * by hand before the extractor was run on them (their first score is the
 * honest estimate for unseen text; see BENCHMARKS.md). Ten rounds of two or
 * three articles, each written after tuning on the rounds before it.
 * Quotes are given by text; the scorer finds the offsets.
 */
export interface EvalQuote {
  text: string;
  kind: 'direct' | 'partial' | 'indirect';
  speaker: string;
  optional?: boolean;
}

export interface EvalArticle {
  name: string;
  text: string;
  quotes: EvalQuote[];
}

export const EVAL_ARTICLES: EvalArticle[] = [
  {
    name: 'port strike',
    text: [
      'ROTTERDAM (Reuters) - Dock workers at Europe’s largest port will strike for 48 hours from Monday, their union said on Thursday, escalating a dispute over automation.',
      '“Our members have run out of patience,” said Jeroen de Vries, a spokesman for the FNV union. “The company has ignored every proposal we have made.”',
      'The port authority said it expected “significant disruption” but that ships would be rerouted where possible.',
      'Harbour master Ingrid Bakker told Reuters that about 60 vessels were due to arrive during the strike.',
      '“We will do everything we can to keep cargo moving,” Bakker said, adding that emergency shipments of medicine would be exempt.',
      'Analysts at ING said the stoppage could cost the Dutch economy up to 100 million euros a day.',
      'According to the union, fewer than 20 percent of its members support the automation plan.',
      'Economy Minister Pieter Smit did not rule out government mediation. “Nobody wins a long strike,” he said.',
    ].join('\n'),
    quotes: [
      { text: 'Dock workers at Europe’s largest port will strike for 48 hours from Monday', kind: 'indirect', speaker: 'union' },
      { text: 'Our members have run out of patience', kind: 'direct', speaker: 'Jeroen de Vries' },
      { text: 'The company has ignored every proposal we have made.', kind: 'direct', speaker: 'Jeroen de Vries' },
      { text: 'significant disruption', kind: 'partial', speaker: 'port authority' },
      { text: 'about 60 vessels were due to arrive during the strike', kind: 'indirect', speaker: 'Ingrid Bakker' },
      { text: 'We will do everything we can to keep cargo moving', kind: 'direct', speaker: 'Ingrid Bakker' },
      { text: 'emergency shipments of medicine would be exempt', kind: 'indirect', speaker: 'Ingrid Bakker' },
      { text: 'the stoppage could cost the Dutch economy up to 100 million euros a day', kind: 'indirect', speaker: 'Analysts' },
      { text: 'fewer than 20 percent of its members support the automation plan', kind: 'indirect', speaker: 'union' },
      { text: 'government mediation', kind: 'indirect', speaker: 'Pieter Smit' },
      { text: 'Nobody wins a long strike', kind: 'direct', speaker: 'Pieter Smit' },
    ],
  },
  {
    name: 'court ruling',
    text: [
      'WASHINGTON — A federal appeals court on Friday blocked the administration’s new asylum rule, handing a setback to the White House.',
      'Writing for the majority, Judge Elena Marsh said the rule “plainly contradicts” the text of the statute.',
      '"Congress spoke clearly, and the agency may not rewrite the law," Marsh wrote.',
      'In a dissent, Judge Robert Kline argued that the court had overstepped its role. "Policy disputes belong to the political branches," he wrote.',
      'White House press secretary Dana Morales called the decision “deeply misguided” and said the administration would appeal to the Supreme Court.',
      'Lawyers for the plaintiffs welcomed the ruling.',
      '"This is a victory for families who fled violence," said Omar Haddad of the Immigrant Justice Project. "But the fight is not over."',
      'The rule, known as the "Safe Third Country Directive," took effect in March.',
    ].join('\n'),
    quotes: [
      { text: 'plainly contradicts', kind: 'partial', speaker: 'Elena Marsh' },
      { text: 'Congress spoke clearly, and the agency may not rewrite the law', kind: 'direct', speaker: 'Elena Marsh' },
      { text: 'the court had overstepped its role', kind: 'indirect', speaker: 'Robert Kline' },
      { text: 'Policy disputes belong to the political branches', kind: 'direct', speaker: 'Robert Kline' },
      { text: 'deeply misguided', kind: 'partial', speaker: 'Dana Morales' },
      { text: 'the administration would appeal to the Supreme Court', kind: 'indirect', speaker: 'Dana Morales' },
      { text: 'This is a victory for families who fled violence', kind: 'direct', speaker: 'Omar Haddad' },
      { text: 'But the fight is not over.', kind: 'direct', speaker: 'Omar Haddad' },
    ],
  },
  {
    name: 'product launch',
    text: [
      'Shares of Norcell rose 6% on Tuesday after the company unveiled its first foldable phone.',
      'Chief executive Mira Chen told a launch event in San Jose that the device would ship in October.',
      '“We spent three years getting the hinge right,” Chen said. “It had to survive 200,000 folds.',
      '“Anything less would have been a gimmick.”',
      'Tech analyst Sam Patel of Bernstein was more cautious. He said demand for foldables remained “a niche within a niche” and that the $1,800 price would limit sales.',
      'The company said it had already received 150,000 pre-orders, a figure Patel called “impressive for a first attempt.”',
      'Norcell’s rival, Halden, declined to comment.',
    ].join('\n'),
    quotes: [
      { text: 'the device would ship in October', kind: 'indirect', speaker: 'Mira Chen' },
      { text: 'We spent three years getting the hinge right', kind: 'direct', speaker: 'Mira Chen' },
      { text: 'It had to survive 200,000 folds.', kind: 'direct', speaker: 'Mira Chen' },
      { text: 'Anything less would have been a gimmick.', kind: 'direct', speaker: 'Mira Chen' },
      { text: 'a niche within a niche', kind: 'partial', speaker: 'Sam Patel' },
      { text: 'the $1,800 price would limit sales', kind: 'indirect', speaker: 'Sam Patel', optional: true },
      // The company's words end at the comma; "a figure Patel called …" is the reporter's.
      { text: 'it had already received 150,000 pre-orders', kind: 'indirect', speaker: 'Norcell', optional: true },
      { text: 'impressive for a first attempt.', kind: 'partial', speaker: 'Sam Patel' },
    ],
  },
  // Round two (first run: direct+partial F1 96.3%, indirect F1 100%, speakers 100%).
  {
    name: 'wildfire',
    text: [
      'LOS ANGELES (AP) — Firefighters made progress overnight against a wildfire that has forced 30,000 people from their homes, officials said Wednesday.',
      '"We turned a corner last night," Los Angeles County Fire Chief Anthony Marrone told reporters at a briefing. "But the wind is forecast to pick up again by Thursday afternoon."',
      'Marrone said crews had contained 35% of the blaze, up from 10% a day earlier.',
      'Gov. Gavin Newsom, who toured the area on Tuesday, said the state would request federal disaster aid.',
      '"The people of this county have been through hell," Newsom said. "We are going to be with them every step of the way."',
      'Residents described a frantic escape. "The sky turned orange and then black," said Maria Delgado, 52, who fled with her two dogs.',
      'The National Weather Service warned that gusts of up to 60 mph were possible in the mountains.',
    ].join('\n'),
    quotes: [
      { text: 'Firefighters made progress overnight against a wildfire that has forced 30,000 people from their homes', kind: 'indirect', speaker: 'officials' },
      { text: 'We turned a corner last night', kind: 'direct', speaker: 'Anthony Marrone' },
      { text: 'But the wind is forecast to pick up again by Thursday afternoon.', kind: 'direct', speaker: 'Anthony Marrone' },
      { text: 'crews had contained 35% of the blaze, up from 10% a day earlier', kind: 'indirect', speaker: 'Anthony Marrone' },
      { text: 'the state would request federal disaster aid', kind: 'indirect', speaker: 'Gavin Newsom' },
      { text: 'The people of this county have been through hell', kind: 'direct', speaker: 'Gavin Newsom' },
      { text: 'We are going to be with them every step of the way.', kind: 'direct', speaker: 'Gavin Newsom' },
      { text: 'The sky turned orange and then black', kind: 'direct', speaker: 'Maria Delgado' },
      { text: 'gusts of up to 60 mph were possible in the mountains', kind: 'indirect', speaker: 'National Weather Service' },
    ],
  },
  {
    name: 'central bank',
    text: [
      'FRANKFURT, Germany — The European Central Bank left interest rates unchanged on Thursday, and its president signaled that cuts were unlikely before the summer.',
      'Speaking at a news conference, ECB President Christine Lagarde said inflation was "moving in the right direction" but remained too high.',
      '“We are not there yet,” Lagarde said. “We need to see more evidence that wage growth is slowing.”',
      'Asked whether the bank had discussed a cut, she replied: “No, it was not discussed.”',
      'Economists had expected the decision. “The ECB is in wait-and-see mode,” said Katharina Utermöhl, senior economist at Allianz.',
      'Markets were little changed, according to data from LSEG.',
      'Germany’s finance ministry declined to comment on the decision, a spokeswoman said.',
    ].join('\n'),
    quotes: [
      { text: 'moving in the right direction', kind: 'partial', speaker: 'Christine Lagarde' },
      { text: 'We are not there yet', kind: 'direct', speaker: 'Christine Lagarde' },
      { text: 'We need to see more evidence that wage growth is slowing.', kind: 'direct', speaker: 'Christine Lagarde' },
      { text: 'No, it was not discussed.', kind: 'direct', speaker: 'Christine Lagarde' },
      { text: 'The ECB is in wait-and-see mode', kind: 'direct', speaker: 'Katharina Utermöhl' },
      { text: 'cuts were unlikely before the summer', kind: 'indirect', speaker: 'Christine Lagarde', optional: true },
      { text: 'inflation was "moving in the right direction" but remained too high', kind: 'indirect', speaker: 'Christine Lagarde', optional: true },
      { text: 'Markets were little changed', kind: 'indirect', speaker: 'LSEG', optional: true },
      { text: 'Germany’s finance ministry declined to comment on the decision', kind: 'indirect', speaker: 'spokeswoman', optional: true },
    ],
  },
  {
    name: 'election',
    text: [
      'NAIROBI, Kenya (Reuters) - Kenya’s opposition leader rejected the preliminary results of Tuesday’s presidential vote, saying the count had been manipulated.',
      '"We will not accept a stolen election," Raila Odinga told supporters in Nairobi late on Wednesday.',
      'The electoral commission chairman, Wafula Chebukati, said the process had been "free, fair and transparent."',
      'Observers from the European Union said in a statement that they had seen no evidence of systematic fraud but noted "isolated irregularities" at some polling stations.',
      'President William Ruto, who leads with 52% of the vote, urged calm. "Kenya is bigger than any one of us," he said in a televised address.',
      'Police said three people had been killed in clashes in the western city of Kisumu.',
    ].join('\n'),
    quotes: [
      { text: 'the count had been manipulated', kind: 'indirect', speaker: 'opposition leader', optional: true },
      { text: 'We will not accept a stolen election', kind: 'direct', speaker: 'Raila Odinga' },
      { text: 'free, fair and transparent.', kind: 'partial', speaker: 'Wafula Chebukati' },
      { text: 'they had seen no evidence of systematic fraud but noted "isolated irregularities" at some polling stations', kind: 'indirect', speaker: 'Observers', optional: true },
      { text: 'isolated irregularities', kind: 'partial', speaker: 'Observers' },
      { text: 'Kenya is bigger than any one of us', kind: 'direct', speaker: 'William Ruto' },
      { text: 'three people had been killed in clashes in the western city of Kisumu', kind: 'indirect', speaker: 'Police' },
    ],
  },
  // Round three (first run: direct+partial F1 85.7%, indirect F1 90.9%, speakers 100%).
  {
    name: 'tech feud',
    text: [
      'Elon Musk lashes out at regulators',
      'SAN FRANCISCO — Elon Musk on Monday accused federal regulators of waging a "harassment campaign" against his companies.',
      'In a post on X, Musk wrote: "They will not stop until they shut us down."',
      'The Securities and Exchange Commission declined to comment. A person familiar with the agency’s thinking said the investigation was continuing.',
      'Sen. Elizabeth Warren, D-Mass., said in a statement that Musk "thinks the rules don’t apply to him."',
      '"This is about accountability, not politics," she said.',
      'Musk’s lawyer, Alex Spiro, told The New York Times that the company had cooperated fully.',
    ].join('\n'),
    quotes: [
      { text: 'harassment campaign', kind: 'partial', speaker: 'Elon Musk' },
      { text: 'They will not stop until they shut us down.', kind: 'direct', speaker: 'Elon Musk' },
      { text: 'the investigation was continuing', kind: 'indirect', speaker: 'person familiar with the agency’s thinking', optional: true },
      { text: 'thinks the rules don’t apply to him.', kind: 'partial', speaker: 'Elizabeth Warren' },
      { text: 'This is about accountability, not politics', kind: 'direct', speaker: 'Elizabeth Warren' },
      { text: 'the company had cooperated fully', kind: 'indirect', speaker: 'Alex Spiro' },
    ],
  },
  {
    name: 'british politics',
    text: [
      'LONDON — The prime minister faced a backbench revolt on Tuesday over plans to cut welfare spending.',
      '‘We cannot balance the books on the backs of the poorest,’ said Labour MP Rachel Hughes, one of 40 rebels.',
      'Downing Street insisted the reforms were fair. A spokesman for the prime minister said: ‘The government has listened and made changes.’',
      'Chancellor Rachel Reeves told the BBC she was “confident” the bill would pass.',
      '“Nobody wants to see people fall through the cracks,” she said, “but the system has to be sustainable.”',
      'The Institute for Fiscal Studies estimated that the cuts would save £5 billion a year by 2030.',
    ].join('\n'),
    quotes: [
      { text: 'We cannot balance the books on the backs of the poorest', kind: 'direct', speaker: 'Rachel Hughes' },
      { text: 'the reforms were fair', kind: 'indirect', speaker: 'Downing Street' },
      { text: 'The government has listened and made changes.', kind: 'direct', speaker: 'spokesman' },
      { text: 'confident', kind: 'partial', speaker: 'Rachel Reeves' },
      { text: 'Nobody wants to see people fall through the cracks', kind: 'direct', speaker: 'Rachel Reeves' },
      { text: 'but the system has to be sustainable.', kind: 'direct', speaker: 'Rachel Reeves' },
      { text: 'the cuts would save £5 billion a year by 2030', kind: 'indirect', speaker: 'Institute for Fiscal Studies' },
    ],
  },
  {
    name: 'kremlin briefing',
    text: [
      'MOSCOW (AFP) - The Kremlin on Friday dismissed reports of a planned prisoner swap as “pure speculation.”',
      'Kremlin spokesman Dmitry Peskov told reporters that no talks on the matter were under way.',
      '“There is nothing to announce,” Peskov said, adding that Moscow remained open to dialogue.',
      'Ukraine’s foreign ministry said earlier that Kyiv had submitted a list of 1,000 names.',
      'Russian Foreign Minister Sergei Lavrov, speaking in Ankara, said the West was “not interested in peace.”',
    ].join('\n'),
    quotes: [
      { text: 'pure speculation.', kind: 'partial', speaker: 'Kremlin' },
      { text: 'no talks on the matter were under way', kind: 'indirect', speaker: 'Dmitry Peskov' },
      { text: 'There is nothing to announce', kind: 'direct', speaker: 'Dmitry Peskov' },
      { text: 'Moscow remained open to dialogue', kind: 'indirect', speaker: 'Dmitry Peskov' },
      { text: 'Kyiv had submitted a list of 1,000 names', kind: 'indirect', speaker: 'foreign ministry' },
      { text: 'not interested in peace.', kind: 'partial', speaker: 'Sergei Lavrov' },
    ],
  },
  // Round four (first run: direct+partial F1 100% with speakers 91.7%, indirect F1 80%).
  {
    name: 'football',
    text: [
      'MANCHESTER, England (AP) — Pep Guardiola says his Manchester City side is "not good enough" to win the Premier League this season.',
      'City lost 2-0 at home to Brighton on Saturday, their fifth defeat in seven league games.',
      '"We have to accept it," Guardiola told a news conference. "Right now, we are not at the level."',
      'Brighton manager Fabian Hürzeler praised his players’ discipline. "They followed the plan perfectly," the 31-year-old said.',
      'Asked about his future, Guardiola insisted he would not walk away. "I am not a quitter," he said.',
    ].join('\n'),
    quotes: [
      { text: 'not good enough', kind: 'partial', speaker: 'Pep Guardiola' },
      { text: 'We have to accept it', kind: 'direct', speaker: 'Pep Guardiola' },
      { text: 'Right now, we are not at the level.', kind: 'direct', speaker: 'Pep Guardiola' },
      { text: 'They followed the plan perfectly', kind: 'direct', speaker: 'Fabian Hürzeler' },
      { text: 'he would not walk away', kind: 'indirect', speaker: 'Pep Guardiola' },
      { text: 'I am not a quitter', kind: 'direct', speaker: 'Pep Guardiola' },
    ],
  },
  {
    name: 'science',
    text: [
      'A new study suggests that the Greenland ice sheet is melting faster than scientists had expected.',
      'The research, published Wednesday in the journal Nature, found that the ice sheet lost 270 billion tons a year between 2002 and 2023.',
      '“These numbers are alarming,” says Dr. Amelia Hart, a glaciologist at the University of Copenhagen and the study’s lead author. “We are seeing changes we thought were decades away.”',
      'Hart says the findings should push governments to cut emissions faster.',
      'Not everyone is convinced. Michael Reed, a climate scientist at Stanford University who was not involved in the research, said the estimates relied on “a limited set of satellite data.”',
      '“It’s an important paper,” Reed said, “but I would want to see it replicated.”',
    ].join('\n'),
    quotes: [
      { text: 'These numbers are alarming', kind: 'direct', speaker: 'Amelia Hart' },
      { text: 'We are seeing changes we thought were decades away.', kind: 'direct', speaker: 'Amelia Hart' },
      { text: 'the findings should push governments to cut emissions faster', kind: 'indirect', speaker: 'Amelia Hart' },
      { text: 'a limited set of satellite data.', kind: 'partial', speaker: 'Michael Reed' },
      { text: 'It’s an important paper', kind: 'direct', speaker: 'Michael Reed' },
      { text: 'but I would want to see it replicated.', kind: 'direct', speaker: 'Michael Reed' },
      { text: 'the Greenland ice sheet is melting faster than scientists had expected', kind: 'indirect', speaker: 'study', optional: true },
      { text: 'the ice sheet lost 270 billion tons a year between 2002 and 2023', kind: 'indirect', speaker: 'research', optional: true },
    ],
  },
  {
    name: 'company results',
    text: [
      'Volkswagen cut its full-year profit forecast on Friday, blaming weak demand in China and the cost of restructuring at home.',
      'The carmaker now expects an operating margin of 5.6%, down from a previous forecast of 6.5% to 7%, it said in a statement.',
      'Chief Financial Officer Arno Antlitz said the company was "in a difficult environment" and would have to cut costs further.',
      'Union leader Daniela Cavallo rejected plant closures. "With us, there will be no site closures," she told workers in Wolfsburg.',
      'Shares fell 2.3% in Frankfurt trading.',
    ].join('\n'),
    quotes: [
      { text: 'The carmaker now expects an operating margin of 5.6%, down from a previous forecast of 6.5% to 7%', kind: 'indirect', speaker: 'Volkswagen' },
      { text: 'in a difficult environment', kind: 'partial', speaker: 'Arno Antlitz' },
      { text: 'With us, there will be no site closures', kind: 'direct', speaker: 'Daniela Cavallo' },
    ],
  },
  // Round five, traps (first run: direct+partial F1 100% with speakers 88.9% and kinds 88.9%, indirect F1 100% with speakers 66.7%).
  {
    name: 'book and film (precision traps)',
    text: [
      'Her debut novel, "The Salt Road," spent 20 weeks on the best-seller list, and the film version, "Crossing," opens in June.',
      'Critics have called the adaptation a "labor of love," though some fans complained about changes to the ending.',
      '“I wanted the ending to feel earned,” the director, Luca Bianchi, said in an interview. “The book’s ending works on the page, not on the screen.”',
      'The author, Nora Whitfield, said she had approved every change. She described the process as “strange but thrilling.”',
      'The film’s tagline — “Some roads only go one way” — has already become a meme.',
      'Whitfield is now working on a sequel, tentatively titled “Low Tide.”',
    ].join('\n'),
    quotes: [
      { text: 'labor of love', kind: 'partial', speaker: 'Critics', optional: true },
      { text: 'I wanted the ending to feel earned', kind: 'direct', speaker: 'Luca Bianchi' },
      { text: 'The book’s ending works on the page, not on the screen.', kind: 'direct', speaker: 'Luca Bianchi' },
      { text: 'she had approved every change', kind: 'indirect', speaker: 'Nora Whitfield' },
      { text: 'strange but thrilling.', kind: 'partial', speaker: 'Nora Whitfield' },
    ],
  },
  {
    name: 'military operation',
    text: [
      'KYIV, Ukraine — Ukraine’s military said Sunday that it had shot down 42 of 50 drones launched overnight as part of what Moscow calls its “special military operation.”',
      'Air force spokesman Yuriy Ihnat said the attack targeted energy facilities in the Odesa region.',
      '“The enemy is trying to leave us without light and heat before winter,” Ihnat wrote on Telegram.',
      'Operation “Spiderweb,” the June drone strike on Russian air bases, was planned for 18 months, according to the SBU security service.',
      'Zelenskyy, speaking in his nightly video address, thanked air defense crews. "Every drone shot down is a life saved," he said.',
    ].join('\n'),
    quotes: [
      { text: 'it had shot down 42 of 50 drones launched overnight as part of what Moscow calls its “special military operation.”', kind: 'indirect', speaker: 'military', optional: true },
      { text: 'special military operation.', kind: 'partial', speaker: 'Moscow', optional: true },
      { text: 'the attack targeted energy facilities in the Odesa region', kind: 'indirect', speaker: 'Yuriy Ihnat' },
      { text: 'The enemy is trying to leave us without light and heat before winter', kind: 'direct', speaker: 'Yuriy Ihnat' },
      { text: 'Operation “Spiderweb,” the June drone strike on Russian air bases, was planned for 18 months', kind: 'indirect', speaker: 'SBU security service' },
      { text: 'Every drone shot down is a life saved', kind: 'direct', speaker: 'Zelenskyy' },
    ],
  },
  {
    name: 'interview with nested quotes',
    text: [
      'For years, the town’s mayor, Grace Okoye, kept a sign on her desk that read "Fix it first."',
      '"People always asked me, \'Why not build something new?\' and I told them the roads come first," Okoye said in an interview last week.',
      'Her successor, Tom Lindqvist, has taken a different approach. He said the town needed "a bold vision" to attract young families.',
      '"We can\'t just patch potholes forever," Lindqvist said. "Young people want parks, a library, things to do."',
    ].join('\n'),
    quotes: [
      { text: 'People always asked me, \'Why not build something new?\' and I told them the roads come first', kind: 'direct', speaker: 'Grace Okoye' },
      { text: 'the town needed "a bold vision" to attract young families', kind: 'indirect', speaker: 'Tom Lindqvist', optional: true },
      { text: 'a bold vision', kind: 'partial', speaker: 'Tom Lindqvist' },
      { text: 'We can\'t just patch potholes forever', kind: 'direct', speaker: 'Tom Lindqvist' },
      { text: 'Young people want parks, a library, things to do.', kind: 'direct', speaker: 'Tom Lindqvist' },
    ],
  },
  // Round six (first run: direct+partial F1 100% with speakers 90%, indirect F1 75%).
  {
    name: 'hospital strike feature',
    text: [
      'At 6 a.m., the picket line outside St. Mary’s Hospital is already 200 strong.',
      '“I have been a nurse for 22 years and I have never seen morale this low,” says Janet Okafor, who works in the emergency department. She says staff routinely skip breaks to cover shifts.',
      'Hospital management says the union’s demands are unaffordable. In an email to staff, chief executive Mark Feldman wrote that a 15 percent raise “would force us to cut services.”',
      'Okafor is unmoved. “They always find money for consultants,” she says.',
      'The state health department said Tuesday it was monitoring the situation and that patient care had not been affected.',
    ].join('\n'),
    quotes: [
      { text: 'I have been a nurse for 22 years and I have never seen morale this low', kind: 'direct', speaker: 'Janet Okafor' },
      { text: 'staff routinely skip breaks to cover shifts', kind: 'indirect', speaker: 'Janet Okafor' },
      { text: 'the union’s demands are unaffordable', kind: 'indirect', speaker: 'Hospital management' },
      { text: 'would force us to cut services.', kind: 'partial', speaker: 'Mark Feldman' },
      { text: 'a 15 percent raise “would force us to cut services.”', kind: 'indirect', speaker: 'Mark Feldman', optional: true },
      { text: 'They always find money for consultants', kind: 'direct', speaker: 'Janet Okafor' },
      { text: 'it was monitoring the situation and that patient care had not been affected', kind: 'indirect', speaker: 'state health department' },
    ],
  },
  {
    name: 'diplomacy',
    text: [
      'BEIJING — China’s foreign ministry on Monday urged Washington to "stop playing with fire" over Taiwan, after the U.S. approved a $2 billion arms sale to the island.',
      'Ministry spokesperson Mao Ning told a regular briefing that China would take "resolute and forceful measures" to defend its sovereignty.',
      'The State Department said the sale was consistent with long-standing U.S. policy. "Our commitment to Taiwan is rock-solid," a department spokesperson said, speaking on condition of anonymity.',
      'Taiwan’s President Lai Ching-te thanked Washington. "This sale will strengthen our ability to defend ourselves," Lai said in a post on Facebook.',
    ].join('\n'),
    quotes: [
      { text: 'stop playing with fire', kind: 'partial', speaker: 'foreign ministry' },
      { text: 'China would take "resolute and forceful measures" to defend its sovereignty', kind: 'indirect', speaker: 'Mao Ning', optional: true },
      { text: 'resolute and forceful measures', kind: 'partial', speaker: 'Mao Ning' },
      { text: 'the sale was consistent with long-standing U.S. policy', kind: 'indirect', speaker: 'State Department' },
      { text: 'Our commitment to Taiwan is rock-solid', kind: 'direct', speaker: 'department spokesperson' },
      { text: 'This sale will strengthen our ability to defend ourselves', kind: 'direct', speaker: 'Lai Ching-te' },
    ],
  },
  {
    name: 'trial',
    text: [
      'A jury on Thursday convicted former city treasurer Paul Brennan of embezzling $3.2 million in public funds.',
      '"Mr. Brennan treated the city’s bank account as his own," Assistant U.S. Attorney Lisa Grant told jurors in her closing argument.',
      'Brennan’s attorney, David Kessler, argued that his client had been "set up" by subordinates. Outside the courthouse, Kessler said he would appeal.',
      '"We respect the jury’s decision, but we believe the evidence was incomplete," he said.',
      'Sentencing is scheduled for March 12. Brennan faces up to 20 years in prison.',
    ].join('\n'),
    quotes: [
      { text: 'Mr. Brennan treated the city’s bank account as his own', kind: 'direct', speaker: 'Lisa Grant' },
      { text: 'his client had been "set up" by subordinates', kind: 'indirect', speaker: 'David Kessler', optional: true },
      { text: 'set up', kind: 'partial', speaker: 'David Kessler' },
      { text: 'he would appeal', kind: 'indirect', speaker: 'David Kessler' },
      { text: 'We respect the jury’s decision, but we believe the evidence was incomplete', kind: 'direct', speaker: 'David Kessler' },
    ],
  },
  // Round seven (first run: direct+partial F1 100% with speakers 91.7%, indirect F1 88.9% with speakers 75%).
  {
    name: 'senate debate',
    text: [
      'WASHINGTON (Reuters) - The U.S. Senate on Wednesday narrowly passed a $900 billion infrastructure bill after a marathon debate.',
      'Senate Majority Leader Chuck Schumer called the vote "a historic day for working families." Republican Senator Susan Collins, one of five Republicans to back the bill, said it would "fix roads and bridges that are literally crumbling."',
      '"I didn\'t come here to say no to everything," Collins told reporters after the vote.',
      'Minority Leader Mitch McConnell disagreed. "This bill spends money we do not have," he said in a floor speech. "Our grandchildren will pay for it."',
      'The White House said President Joe Biden would sign the bill on Friday.',
    ].join('\n'),
    quotes: [
      { text: 'a historic day for working families.', kind: 'partial', speaker: 'Chuck Schumer' },
      { text: 'fix roads and bridges that are literally crumbling.', kind: 'partial', speaker: 'Susan Collins' },
      { text: 'it would "fix roads and bridges that are literally crumbling."', kind: 'indirect', speaker: 'Susan Collins', optional: true },
      { text: 'I didn\'t come here to say no to everything', kind: 'direct', speaker: 'Susan Collins' },
      { text: 'This bill spends money we do not have', kind: 'direct', speaker: 'Mitch McConnell' },
      { text: 'Our grandchildren will pay for it.', kind: 'direct', speaker: 'Mitch McConnell' },
      { text: 'President Joe Biden would sign the bill on Friday', kind: 'indirect', speaker: 'White House' },
    ],
  },
  {
    name: 'startup founders',
    text: [
      'Priya Nair and her co-founder, Daniel Weiss, started the company in a Berlin garage in 2019.',
      'Nair, 34, handles the engineering. "I wanted to build something my grandmother could use," she said.',
      'Weiss, a former banker, runs sales. He said the company would be profitable by 2026.',
      '"We are not in a hurry to sell," he added. "But we listen to every offer."',
      'Investors are enthusiastic. "They are the best team I have seen this year," said Laura Kim, a partner at Northstar Ventures, which led the latest funding round.',
    ].join('\n'),
    quotes: [
      { text: 'I wanted to build something my grandmother could use', kind: 'direct', speaker: 'Priya Nair' },
      { text: 'the company would be profitable by 2026', kind: 'indirect', speaker: 'Daniel Weiss' },
      { text: 'We are not in a hurry to sell', kind: 'direct', speaker: 'Daniel Weiss' },
      { text: 'But we listen to every offer.', kind: 'direct', speaker: 'Daniel Weiss' },
      { text: 'They are the best team I have seen this year', kind: 'direct', speaker: 'Laura Kim' },
    ],
  },
  {
    name: 'earthquake',
    text: [
      'ISTANBUL — A magnitude 6.2 earthquake struck near Istanbul on Wednesday, injuring at least 150 people, Turkey’s disaster agency AFAD said.',
      'Interior Minister Ali Yerlikaya said there were no immediate reports of deaths. “Our teams are in the field,” he wrote on X.',
      'Residents rushed into the streets. “The whole building was swaying,” said Ayse Demir, 61, who lives in the Avcilar district.',
      'Seismologist Naci Gorur warned that a larger quake could still hit the city. “Istanbul must prepare,” he told broadcaster Haberturk.',
    ].join('\n'),
    quotes: [
      { text: 'A magnitude 6.2 earthquake struck near Istanbul on Wednesday, injuring at least 150 people', kind: 'indirect', speaker: 'AFAD' },
      { text: 'there were no immediate reports of deaths', kind: 'indirect', speaker: 'Ali Yerlikaya' },
      { text: 'Our teams are in the field', kind: 'direct', speaker: 'Ali Yerlikaya' },
      { text: 'The whole building was swaying', kind: 'direct', speaker: 'Ayse Demir' },
      { text: 'a larger quake could still hit the city', kind: 'indirect', speaker: 'Naci Gorur' },
      { text: 'Istanbul must prepare', kind: 'direct', speaker: 'Naci Gorur' },
    ],
  },
  // Round eight (first run: direct+partial F1 100% with speakers 77.8%, indirect F1 100% with speakers 75%).
  {
    name: 'local council',
    text: [
      'Springfield’s city council voted 7-2 on Monday to ban gas-powered leaf blowers starting in 2027.',
      'Council member Rosa Tran, who sponsored the measure, said the noise and fumes had become "a daily misery" for residents.',
      '"This is about public health," Tran said. "Landscaping crews breathe this stuff all day."',
      'Opponents argued the ban would hurt small businesses. Miguel Ortega, who runs a three-person landscaping company, said electric equipment costs twice as much.',
      '"I support clean air, but who is going to pay for this?" Ortega asked.',
      'The city will offer rebates of up to $500, according to a staff report.',
    ].join('\n'),
    quotes: [
      { text: 'the noise and fumes had become "a daily misery" for residents', kind: 'indirect', speaker: 'Rosa Tran', optional: true },
      { text: 'a daily misery', kind: 'partial', speaker: 'Rosa Tran' },
      { text: 'This is about public health', kind: 'direct', speaker: 'Rosa Tran' },
      { text: 'Landscaping crews breathe this stuff all day.', kind: 'direct', speaker: 'Rosa Tran' },
      { text: 'the ban would hurt small businesses', kind: 'indirect', speaker: 'Opponents' },
      { text: 'electric equipment costs twice as much', kind: 'indirect', speaker: 'Miguel Ortega' },
      { text: 'I support clean air, but who is going to pay for this?', kind: 'direct', speaker: 'Miguel Ortega' },
      { text: 'The city will offer rebates of up to $500', kind: 'indirect', speaker: 'staff report' },
    ],
  },
  {
    name: 'oil markets',
    text: [
      'LONDON, June 3 (Reuters) - Oil prices rose more than 2% on Tuesday after OPEC+ signalled it would keep output steady through the summer.',
      'Brent crude futures were up $1.64 at $66.27 a barrel by 1130 GMT.',
      '"The market had priced in another big increase, so this is a relief rally," said Tamas Varga, an analyst at PVM Oil Associates.',
      'Saudi Energy Minister Prince Abdulaziz bin Salman told reporters in Riyadh that the group would "act as needed."',
      'Goldman Sachs raised its forecast for Brent to $70 a barrel, citing tighter supplies.',
    ].join('\n'),
    quotes: [
      { text: 'it would keep output steady through the summer', kind: 'indirect', speaker: 'OPEC+', optional: true },
      { text: 'The market had priced in another big increase, so this is a relief rally', kind: 'direct', speaker: 'Tamas Varga' },
      { text: 'the group would "act as needed."', kind: 'indirect', speaker: 'Abdulaziz bin Salman', optional: true },
      { text: 'act as needed.', kind: 'partial', speaker: 'Abdulaziz bin Salman' },
    ],
  },
  {
    name: 'tennis',
    text: [
      'PARIS (AP) — Coco Gauff won her first French Open title on Saturday, beating Aryna Sabalenka 6-7 (5), 6-2, 6-4.',
      '"I don\'t even know what to say right now," Gauff said during the trophy ceremony, wiping away tears.',
      'Sabalenka, the world No. 1, was gracious in defeat. "She was the better player today," the Belarusian said. "She deserved it."',
      'Gauff said later that she had dreamed of winning in Paris since she was a child.',
    ].join('\n'),
    quotes: [
      { text: 'I don\'t even know what to say right now', kind: 'direct', speaker: 'Coco Gauff' },
      { text: 'She was the better player today', kind: 'direct', speaker: 'Aryna Sabalenka' },
      { text: 'She deserved it.', kind: 'direct', speaker: 'Aryna Sabalenka' },
      { text: 'she had dreamed of winning in Paris since she was a child', kind: 'indirect', speaker: 'Coco Gauff' },
    ],
  },
  // Round nine (first run: direct+partial F1 100% with speakers 100%, indirect P 66.7% R 40% F1 50%).
  {
    name: 'merger talks',
    text: [
      'NEW YORK (Reuters) - Paramount is in advanced talks to merge with Skydance Media, people familiar with the matter said on Monday.',
      'The deal could be announced as soon as next week, the Wall Street Journal reported earlier.',
      'Paramount declined to comment. Skydance did not respond to a request for comment.',
      'In an interview with CNBC, Skydance chief executive David Ellison said he was "very excited about the future of storytelling" but would not discuss specifics.',
      '"We have a lot of respect for the Paramount brand," Ellison said.',
    ].join('\n'),
    quotes: [
      { text: 'Paramount is in advanced talks to merge with Skydance Media', kind: 'indirect', speaker: 'people familiar with the matter' },
      { text: 'The deal could be announced as soon as next week', kind: 'indirect', speaker: 'Wall Street Journal' },
      { text: 'very excited about the future of storytelling', kind: 'partial', speaker: 'David Ellison' },
      { text: 'he was "very excited about the future of storytelling" but would not discuss specifics', kind: 'indirect', speaker: 'David Ellison', optional: true },
      { text: 'We have a lot of respect for the Paramount brand', kind: 'direct', speaker: 'David Ellison' },
    ],
  },
  {
    name: 'heat wave',
    text: [
      'ATHENS, Greece — Greece closed the Acropolis on Wednesday as temperatures topped 43 degrees Celsius (109 Fahrenheit), the culture ministry said.',
      '“It is simply too dangerous for visitors and staff,” Culture Minister Lina Mendoni said in a statement.',
      'Tourists waiting outside were disappointed. “We flew from Chicago just for this,” said Emily Park, 29. “But I understand.”',
      'Meteorologist Kostas Lagouvardos told state broadcaster ERT that the heat would ease by the weekend.',
    ].join('\n'),
    quotes: [
      { text: 'Greece closed the Acropolis on Wednesday as temperatures topped 43 degrees Celsius (109 Fahrenheit)', kind: 'indirect', speaker: 'culture ministry' },
      { text: 'It is simply too dangerous for visitors and staff', kind: 'direct', speaker: 'Lina Mendoni' },
      { text: 'We flew from Chicago just for this', kind: 'direct', speaker: 'Emily Park' },
      { text: 'But I understand.', kind: 'direct', speaker: 'Emily Park' },
      { text: 'the heat would ease by the weekend', kind: 'indirect', speaker: 'Kostas Lagouvardos' },
    ],
  },
  {
    name: 'school board',
    text: [
      'The Lincoln County school board on Tuesday approved a ban on student cellphones during class.',
      'Superintendent Karen Liu said teachers had "begged for help" after seeing grades fall.',
      'Not all parents agree. "My daughter needs to be able to reach me in an emergency," said Mark Fields, whose daughter is in ninth grade.',
      'Liu said phones would be stored in lockers and that emergency calls could be made from the front office.',
      '"We are not trying to punish anyone," she said.',
    ].join('\n'),
    quotes: [
      { text: 'begged for help', kind: 'partial', speaker: 'Karen Liu' },
      { text: 'teachers had "begged for help" after seeing grades fall', kind: 'indirect', speaker: 'Karen Liu', optional: true },
      { text: 'My daughter needs to be able to reach me in an emergency', kind: 'direct', speaker: 'Mark Fields' },
      { text: 'phones would be stored in lockers and that emergency calls could be made from the front office', kind: 'indirect', speaker: 'Karen Liu' },
      { text: 'We are not trying to punish anyone', kind: 'direct', speaker: 'Karen Liu' },
    ],
  },
  // Round ten (first run: direct+partial F1 80%, indirect F1 100%, speakers 100%).
  {
    name: 'vaccine policy',
    text: [
      'GENEVA (AP) — The World Health Organization on Thursday recommended that older adults receive a second booster shot this autumn.',
      'WHO chief scientist Jeremy Farrar said the recommendation was based on data from 40 countries.',
      'He warned that many countries had stopped collecting information on hospital admissions, making it harder to track the virus.',
      'Some experts questioned the timing. Dr. Anita Rao, an epidemiologist at Johns Hopkins University, said it was "a reasonable call, but late."',
      'The U.S. Centers for Disease Control and Prevention is expected to issue its own guidance next month, a spokesperson said.',
    ].join('\n'),
    quotes: [
      { text: 'older adults receive a second booster shot this autumn', kind: 'indirect', speaker: 'World Health Organization', optional: true },
      { text: 'the recommendation was based on data from 40 countries', kind: 'indirect', speaker: 'Jeremy Farrar' },
      { text: 'many countries had stopped collecting information on hospital admissions, making it harder to track the virus', kind: 'indirect', speaker: 'Jeremy Farrar' },
      { text: 'a reasonable call, but late.', kind: 'partial', speaker: 'Anita Rao' },
      { text: 'The U.S. Centers for Disease Control and Prevention is expected to issue its own guidance next month', kind: 'indirect', speaker: 'spokesperson' },
    ],
  },
  {
    name: 'transport strike',
    text: [
      'PARIS — Rail workers across France will walk off the job next Tuesday, the CGT union announced on Friday.',
      'Transport Minister Philippe Tabarot told France Info radio that he would meet union leaders on Monday to try to avert the strike.',
      'SNCF, the state rail operator, estimated that only one in three high-speed trains would run.',
      'Union official Fabien Villedieu accused management of "contempt" for workers. "They only listen when the trains stop," he said.',
    ].join('\n'),
    quotes: [
      { text: 'Rail workers across France will walk off the job next Tuesday', kind: 'indirect', speaker: 'CGT union' },
      { text: 'he would meet union leaders on Monday to try to avert the strike', kind: 'indirect', speaker: 'Philippe Tabarot' },
      { text: 'only one in three high-speed trains would run', kind: 'indirect', speaker: 'SNCF' },
      { text: 'contempt', kind: 'partial', speaker: 'Fabien Villedieu' },
      { text: 'They only listen when the trains stop', kind: 'direct', speaker: 'Fabien Villedieu' },
    ],
  },
];
