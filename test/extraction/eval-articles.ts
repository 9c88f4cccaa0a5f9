/**
 * Evaluation articles: invented news stories in common wire styles, annotated
 * by hand before the extractor was run on them (their first score is the
 * honest estimate for unseen text; see BENCHMARKS.md). Quotes are given by
 * text; the scorer finds the offsets.
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
      { text: 'it had already received 150,000 pre-orders, a figure Patel called “impressive for a first attempt.”', kind: 'indirect', speaker: 'Norcell', optional: true },
      { text: 'impressive for a first attempt.', kind: 'partial', speaker: 'Sam Patel' },
    ],
  },
];
