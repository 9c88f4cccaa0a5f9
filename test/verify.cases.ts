/**
 * Claims built from the seed article (seed/seoul-2025-05-08-victory-day.txt)
 * with the verdict a careful fact-checker would give. `speaker` is what the
 * claimant names (name, alias, slug; "#slug" means "the numeric id of slug").
 * `by` is the slug of the speaker the evidence (first match) must belong to.
 */
export interface VerifyCase {
  name: string;
  text: string;
  speaker?: string;
  date?: string;
  verdict: 'accurate' | 'partial' | 'altered' | 'misattributed' | 'paraphrase' | 'not_found';
  by?: string;
  flags?: string[];
  noFlags?: string[];
}

// The seed's quotes, verbatim (curly apostrophes as in the article).
const Q = {
  kremlinNotAttend: 'North Korean leader Kim Jong-un and his troops will not attend Russia’s May 9 Victory Day celebrations',
  ambassadorial: 'North Korea will be represented at the ambassadorial level',
  possibleMeeting: 'the possibility of a potential meeting between Kim and Russian President Vladimir Putin',
  anotherMeeting: 'But there will be another interesting meeting, which you’ll learn about a little later',
  leaders29: '29 foreign leaders will attend the Victory Day Parade in Moscow, including the leaders of Belarus, Brazil, China, Cuba, Egypt, Palestine, Venezuela and Vietnam, as well as leaders from African and Central Asian countries',
  ri2005: 'For the 60th anniversary in 2005, Ri Jong-san, chair of the Committee of Anti-Imperialist Veterans, was sent',
  neverAttended: 'Kim Jong-un, like his father, the late leader Kim Jong-il, has never attended a multilateral event, though the country’s late founder, Kim Il-sung, had a track record of participating in international multilateral gatherings',
  deployment: 'the deployment and casualties of North Korean troops fighting against Ukraine',
  troopsNot: 'North Korean troops will not take part in the military parade',
  named: 'I’ve named all the countries participating',
  countries13: '13 countries — including Belarus, China, Vietnam and others — are to participate in the parade',
  munitions: 'gave field guidance at major munitions enterprises under the Second Economy Commission to inspect shell production and the state of the machine-building industry',
  visits: 'Kim Jong-un’s visits to munitions factories can be seen as inspections aimed at strengthening logistical support system in the rear for future troop deployments and weapons supplies',
  highlighted: 'newly highlighted strategic importance of increasing artillery shell production and the machine-building industry',
  linked: 'This is undoubtedly inextricably linked to North Korea’s artillery shell support for Russia’s war in Ukraine and its cooperation with Russia in the military industrial sector',
  presentation: 'The presentation of mass production centered on artillery shells and the long-term development strategy of the machine industry (by Kim) is assessed as being intended to meet Russia’s war of attrition demand, to secure foreign currency and technology as a result and to prepare for a future of closer technological cooperation and exchange with Russia.',
  tankFactory: 'major tank factory',
  m2024: 'the M2024 tank revealed in the field guidance report is thought to be an improved version of the initial M2020 model updated to reflect combat experience from modern warfare such as the war in Ukraine.',
  heightened: 'The heightened emphasis on the importance of tanks in battles against Ukraine and the need to demonstrate mobility and combat readiness likely contributed to the recent increase in public appearances (of tanks)',
} as const;

const straight = (s: string) => s.replace(/’/g, "'").replace(/—/g, '-');

export const VERIFY_CASES: VerifyCase[] = [
  // Exact words.
  { name: 'exact, canonical name', text: Q.ambassadorial, speaker: 'Yury Ushakov', verdict: 'accurate', by: 'yury-ushakov', noFlags: ['typography_differs'] },
  { name: 'exact, slug', text: Q.named, speaker: 'yury-ushakov', verdict: 'accurate', by: 'yury-ushakov' },
  { name: 'exact, numeric id', text: Q.anotherMeeting, speaker: '#yury-ushakov', verdict: 'accurate', by: 'yury-ushakov' },
  { name: 'exact, no speaker claimed', text: Q.heightened, verdict: 'accurate', by: 'hong-min' },
  { name: 'exact, long quote', text: Q.presentation, speaker: 'Lim Eul-chul', verdict: 'accurate', by: 'lim-eul-chul' },
  { name: 'exact, quoted fragment of reported speech', text: Q.highlighted, speaker: 'lim-eul-chul', verdict: 'accurate', by: 'lim-eul-chul' },
  { name: 'exact, fragment, no speaker', text: Q.visits, verdict: 'accurate', by: 'lim-eul-chul' },
  { name: 'exact, Hong', text: Q.m2024, speaker: 'Hong Min', verdict: 'accurate', by: 'hong-min' },
  // Speaker given by alias.
  { name: 'alias "Ushakov"', text: Q.anotherMeeting, speaker: 'Ushakov', verdict: 'accurate', by: 'yury-ushakov' },
  { name: 'alias "Yuri Ushakov"', text: Q.ambassadorial, speaker: 'Yuri Ushakov', verdict: 'accurate', by: 'yury-ushakov' },
  { name: 'alias "Lim" is Lim Eul-chul', text: Q.linked, speaker: 'Lim', verdict: 'accurate', by: 'lim-eul-chul' },
  { name: 'alias "Hong"', text: Q.m2024, speaker: 'Hong', verdict: 'accurate', by: 'hong-min' },
  { name: 'name folded: "lim eul chul"', text: Q.linked, speaker: 'lim eul chul', verdict: 'accurate', by: 'lim-eul-chul' },
  // Typography only.
  { name: 'straight apostrophe', text: straight(Q.anotherMeeting), speaker: 'Ushakov', verdict: 'accurate', flags: ['typography_differs'] },
  { name: 'upper case', text: Q.ambassadorial.toUpperCase(), speaker: 'Ushakov', verdict: 'accurate', flags: ['typography_differs'] },
  { name: 'curly quotes around, trailing period', text: `“${Q.linked}.”`, speaker: 'Lim', verdict: 'accurate' },
  { name: 'line breaks and double spaces', text: Q.heightened.replace(/ the /g, '  the\n'), speaker: 'Hong Min', verdict: 'accurate' },
  { name: 'straight quotes, no final period', text: `"${straight(Q.presentation).replace(/\.$/, '')}"`, speaker: 'Lim', verdict: 'accurate' },
  { name: 'comma dropped', text: Q.anotherMeeting.replace(',', ''), speaker: 'Ushakov', verdict: 'accurate', flags: ['punctuation_differs'] },
  // Truncations.
  { name: 'first half of a quote', text: 'This is undoubtedly inextricably linked to North Korea’s artillery shell support', speaker: 'Lim', verdict: 'partial', by: 'lim-eul-chul', flags: ['truncated'], noFlags: ['truncation_changes_meaning'] },
  { name: 'middle of a quote', text: 'to secure foreign currency and technology as a result', speaker: 'Lim', verdict: 'partial', flags: ['truncated'], noFlags: ['truncation_changes_meaning'] },
  { name: 'opening words', text: 'the M2024 tank revealed in the field guidance report', speaker: 'Hong Min', verdict: 'partial', flags: ['truncated'], noFlags: ['truncation_changes_meaning'] },
  { name: 'leading "But" dropped', text: 'There will be another interesting meeting', speaker: 'Ushakov', verdict: 'partial', flags: ['truncated'] },
  { name: 'cut drops a hedge ("likely")', text: 'contributed to the recent increase in public appearances (of tanks)', speaker: 'Hong', verdict: 'partial', flags: ['truncated', 'truncation_changes_meaning'] },
  { name: 'cut drops "is thought to be"', text: 'an improved version of the initial M2020 model', speaker: 'Hong Min', verdict: 'partial', flags: ['truncation_changes_meaning'] },
  { name: 'cut drops "never"', text: 'attended a multilateral event', speaker: 'Unification Ministry', verdict: 'partial', flags: ['truncation_changes_meaning'] },
  { name: 'cut drops "not"', text: 'take part in the military parade', speaker: 'Ushakov', verdict: 'partial', flags: ['truncation_changes_meaning'] },
  { name: 'partial, no speaker', text: 'the need to demonstrate mobility and combat readiness', verdict: 'partial', by: 'hong-min' },
  // Single-word swaps.
  { name: 'ambassadorial → ministerial', text: 'North Korea will be represented at the ministerial level', speaker: 'Ushakov', verdict: 'altered', flags: ['words_changed'], noFlags: ['negation_added', 'number_changed'] },
  { name: 'interesting → important', text: 'But there will be another important meeting, which you’ll learn about a little later', speaker: 'Ushakov', verdict: 'altered', flags: ['words_changed'] },
  { name: 'participating → attending', text: 'I’ve named all the countries attending', speaker: 'Ushakov', verdict: 'altered' },
  { name: 'tanks → drones', text: Q.heightened.replace('importance of tanks', 'importance of drones'), speaker: 'Hong', verdict: 'altered', flags: ['words_changed'] },
  { name: 'currency → oil', text: Q.presentation.replace('foreign currency', 'foreign oil'), speaker: 'Lim', verdict: 'altered' },
  // Negation flips.
  { name: 'negation added ("will not be represented")', text: 'North Korea will not be represented at the ambassadorial level', speaker: 'Ushakov', verdict: 'altered', flags: ['negation_added'] },
  { name: 'negation added ("will not be another")', text: 'But there will not be another interesting meeting, which you’ll learn about a little later', speaker: 'Ushakov', verdict: 'altered', flags: ['negation_added'] },
  { name: 'undoubtedly → not', text: Q.linked.replace('undoubtedly', 'not'), speaker: 'Lim', verdict: 'altered', flags: ['negation_added'] },
  { name: '99% similar, negation added to a long quote', text: Q.presentation.replace('is assessed', 'is not assessed'), speaker: 'Lim', verdict: 'altered', flags: ['negation_added'] },
  { name: 'negation added with a contraction', text: Q.m2024.replace('is thought', "isn't thought"), speaker: 'Hong', verdict: 'altered', flags: ['negation_added'] },
  { name: 'negation removed from reported speech', text: 'North Korean troops will take part in the military parade', speaker: 'Ushakov', verdict: 'altered', flags: ['negation_removed'] },
  { name: 'negation removed (Kremlin)', text: Q.kremlinNotAttend.replace('will not attend', 'will attend'), speaker: 'Kremlin', verdict: 'altered', flags: ['negation_removed'] },
  { name: '"has never attended" → "has attended"', text: Q.neverAttended.replace('has never attended', 'has attended'), verdict: 'altered', flags: ['negation_removed'] },
  // Numbers and dates.
  { name: '29 → 30 leaders', text: Q.leaders29.replace('29', '30'), speaker: 'Ushakov', verdict: 'altered', flags: ['number_changed'] },
  { name: '13 → 12 countries', text: Q.countries13.replace('13', '12'), speaker: 'Ushakov', verdict: 'altered', flags: ['number_changed'] },
  { name: 'M2024 → M2025', text: Q.m2024.replace('M2024', 'M2025'), speaker: 'Hong', verdict: 'altered', flags: ['number_changed'] },
  { name: '60th → 50th anniversary', text: Q.ri2005.replace('60th', '50th'), verdict: 'altered', flags: ['number_changed'], noFlags: ['date_changed'] },
  { name: 'May 9 → May 8', text: Q.kremlinNotAttend.replace('May 9', 'May 8'), speaker: 'the Kremlin', verdict: 'altered', flags: ['date_changed'], noFlags: ['number_changed'] },
  { name: '2005 → 2004', text: Q.ri2005.replace('2005', '2004'), speaker: 'Unification Ministry', verdict: 'altered', flags: ['date_changed'] },
  // Named entities swapped.
  { name: 'China → Japan in a list', text: Q.leaders29.replace('China', 'Japan'), speaker: 'Ushakov', verdict: 'altered', flags: ['entity_changed'] },
  { name: 'Putin → Xi Jinping', text: 'the possibility of a potential meeting between Kim and Chinese President Xi Jinping', speaker: 'Ushakov', verdict: 'altered', flags: ['entity_changed'] },
  { name: 'Ukraine → Syria', text: Q.linked.replace('war in Ukraine', 'war in Syria'), speaker: 'Lim', verdict: 'altered', flags: ['entity_changed'] },
  { name: 'Kim Jong-un → Kim Jong-il', text: Q.visits.replace('Jong-un', 'Jong-il'), speaker: 'Lim', verdict: 'altered', flags: ['entity_changed'] },
  // Wrong speaker.
  { name: "Lim's words given to Hong", text: Q.linked, speaker: 'Hong Min', verdict: 'misattributed', by: 'lim-eul-chul', flags: ['different_speaker'] },
  { name: "Ushakov's words given to Putin", text: Q.ambassadorial, speaker: 'Putin', verdict: 'misattributed', by: 'yury-ushakov' },
  { name: "Hong's words given to Lim (alias)", text: Q.m2024, speaker: 'Lim', verdict: 'misattributed', by: 'hong-min' },
  { name: 'state media about Kim is not Kim', text: Q.munitions, speaker: 'Kim Jong-un', verdict: 'misattributed', by: 'north-korean-state-media', flags: ['about_not_by'] },
  { name: 'state-media phrase, "Kim"', text: Q.tankFactory, speaker: 'Kim', verdict: 'misattributed', by: 'north-korean-state-media', flags: ['about_not_by'] },
  { name: 'altered and given to the wrong speaker', text: Q.heightened.replace('tanks in battles', 'drones in battles'), speaker: 'Lim', verdict: 'misattributed', by: 'hong-min', flags: ['different_speaker', 'words_changed'] },
  { name: 'ministry words given to Kim Jong-il', text: Q.neverAttended, speaker: 'Kim Jong-il', verdict: 'misattributed', by: 'unification-ministry' },
  { name: 'reported speech given to Kim', text: Q.deployment, speaker: 'Kim Jong Un', verdict: 'misattributed' },
  { name: 'the uncued paragraph is Lim\'s, not Kim\'s', text: Q.presentation, speaker: 'Kim', verdict: 'misattributed', by: 'lim-eul-chul', noFlags: ['about_not_by'] },
  { name: 'analyst words about Kim are not Kim\'s', text: Q.visits, speaker: 'Kim Jong-un', verdict: 'misattributed', by: 'lim-eul-chul' },
  { name: 'ministry words given to Kim Il-sung', text: Q.neverAttended, speaker: 'Kim Il-sung', verdict: 'misattributed', by: 'unification-ministry' },
  { name: 'ministry words given to Kim Yong-nam', text: Q.ri2005, speaker: 'Kim Yong-nam', verdict: 'misattributed', by: 'unification-ministry' },
  { name: 'part of a quote, wrong speaker', text: 'the need to demonstrate mobility and combat readiness', speaker: 'Ushakov', verdict: 'misattributed', by: 'hong-min', flags: ['truncated'] },
  // Reported speech.
  { name: 'reported speech, exact', text: Q.troopsNot, speaker: 'Ushakov', verdict: 'paraphrase', by: 'yury-ushakov', flags: ['indirect_speech'] },
  { name: 'reported speech, Putin', text: Q.deployment, speaker: 'Putin', verdict: 'paraphrase', by: 'vladimir-putin' },
  { name: 'same reported speech, state media', text: Q.deployment, speaker: 'North Korean state media', verdict: 'paraphrase', by: 'north-korean-state-media' },
  { name: 'Kremlin statement', text: Q.kremlinNotAttend, speaker: 'the Kremlin', verdict: 'paraphrase', by: 'kremlin' },
  { name: 'reported speech with a contraction', text: 'North Korean troops won’t take part in the military parade', speaker: 'Ushakov', verdict: 'paraphrase', noFlags: ['negation_removed', 'negation_added'] },
  { name: 'part of reported speech', text: 'a potential meeting between Kim and Russian President Vladimir Putin', speaker: 'Ushakov', verdict: 'paraphrase' },
  { name: 'reported speech, first clause', text: '29 foreign leaders will attend the Victory Day Parade in Moscow', speaker: 'Ushakov', verdict: 'paraphrase' },
  // Fabricated, in the same style.
  { name: 'fabricated Ushakov', text: 'North Korea will send a delegation of senior military officers to Moscow next week', speaker: 'Ushakov', verdict: 'not_found' },
  { name: 'fabricated Kremlin', text: 'Pyongyang had requested a seat in the reviewing stand next to President Putin', speaker: 'Kremlin', verdict: 'not_found' },
  { name: 'fabricated Kim', text: 'Kim Jong-un will personally inspect the new submarine base in Sinpo before the end of the month', speaker: 'Kim', verdict: 'not_found' },
  { name: 'fabricated Lim', text: 'These artillery exports are primarily a source of hard currency for the regime rather than a sign of a lasting alliance', speaker: 'Lim', verdict: 'not_found' },
  { name: 'fabricated Hong', text: 'Tanks remain central to the ground forces despite the rise of drone warfare', speaker: 'Hong Min', verdict: 'not_found' },
  { name: 'fabricated parade detail', text: 'The parade will feature troops from 13 countries marching alongside Russian soldiers', verdict: 'not_found' },
  { name: 'unrelated famous line', text: 'We choose to go to the Moon in this decade and do the other things', verdict: 'not_found' },
  { name: 'short slogan', text: 'Victory will be ours', verdict: 'not_found' },
  // Two real quotes mixed.
  { name: 'two Ushakov quotes joined', text: `${Q.ambassadorial}, ${Q.named}`, speaker: 'Ushakov', verdict: 'altered', flags: ['spliced'] },
  { name: 'two Lim quotes joined', text: 'This is undoubtedly inextricably linked to North Korea’s artillery shell support, to secure foreign currency and technology as a result', speaker: 'Lim', verdict: 'altered', flags: ['spliced'] },
  { name: 'Hong and Lim joined', text: 'The heightened emphasis on the importance of tanks in battles against Ukraine is undoubtedly inextricably linked to North Korea’s artillery shell support', speaker: 'Hong', verdict: 'altered', flags: ['spliced'] },
  // Dates.
  { name: 'claimed before it was said', text: Q.ambassadorial, speaker: 'Ushakov', date: '2025-05-01', verdict: 'accurate', flags: ['earlier_than_record'] },
  { name: 'claimed on the day it was said', text: Q.ambassadorial, speaker: 'Ushakov', date: '2025-05-06', verdict: 'accurate', noFlags: ['earlier_than_record', 'said_on_differs'] },
  { name: 'claimed before first publication', text: Q.linked, speaker: 'Lim', date: '2024-12-31', verdict: 'accurate', flags: ['earlier_than_record'] },
  { name: 'claimed after the recorded date', text: Q.ambassadorial, speaker: 'Ushakov', date: '2025-05-20', verdict: 'accurate', flags: ['said_on_differs'], noFlags: ['earlier_than_record'] },
];
