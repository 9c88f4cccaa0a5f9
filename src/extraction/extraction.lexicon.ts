/**
 * The extractor's knowledge of English news prose, as data. Code elsewhere
 * compiles these lists into patterns; tuning the extractor should mostly mean
 * editing this file, not the algorithms.
 */

/** Finite reporting verbs: "X said", "said X", "X has confirmed that …". */
export const REPORTING_VERBS: readonly string[] = [
  'said', 'says', 'say', 'added', 'adds', 'explained', 'explains', 'noted', 'notes', 'replied', 'replies',
  'stated', 'states', 'confirmed', 'confirms', 'announced', 'announces', 'wrote', 'writes', 'argued', 'argues',
  'warned', 'warns', 'insisted', 'insists', 'claimed', 'claims', 'asked', 'asks', 'stressed', 'stresses',
  'emphasized', 'emphasised', 'acknowledged', 'acknowledges', 'admitted', 'admits', 'declared', 'declares',
  'continued', 'concluded', 'observed', 'remarked', 'commented', 'suggested', 'suggests', 'recalled', 'recalls',
  'predicted', 'cautioned', 'urged', 'tweeted', 'posted', 'reported', 'countered', 'responded', 'answered',
  'maintained', 'contended', 'asserted', 'vowed', 'pledged', 'promised', 'denied', 'denies', 'estimated',
  'disclosed', 'revealed', 'mentioned', 'conceded', 'complained', 'lamented', 'quipped', 'joked', 'shouted',
  'told', 'tells', 'agreed', 'objected', 'alleged', 'alleges', 'informed', 'assured', 'boasted', 'whispered',
  'yelled', 'predicts', 'believes', 'reiterated', 'affirmed', 'underlined', 'underscored', 'highlighted',
  'indicated', 'signalled', 'signaled', 'hinted', 'speculated', 'forecast', 'elaborated', 'summed up', 'called',
  'described', 'labeled', 'labelled', 'branded', 'termed', 'dismissed', 'accused', 'blamed', 'praised',
  'criticized', 'criticised', 'condemned', 'welcomed', 'rejected', 'hailed', 'calls', 'vows', 'urges', 'pledges',
  'promises', 'slams', 'blasts', 'argue', 'claim', 'warn', 'insist', 'note', 'contend', 'suggest', 'fumed', 'interjected', 'sighed', 'gushed', 'emailed', 'texted', 'retorted',
  'exclaimed', 'chanted', 'tweets', 'wondered', 'questioned', 'mused', 'scoffed', 'snapped', 'proclaimed',
  'proclaims', 'recounted', 'opined', 'bragged', 'thundered', 'demanded', 'pleaded', 'implored', 'mocked',
  'groused', 'griped', 'marveled', 'marvelled', 'reflected', 'cracked', 'charged', 'shot back', 'fired back',
  'chimed in', 'wrote in', 'explains', 'insists', 'replies', 'continues', 'concludes', 'recalls', 'jokes', 'quips',
  'laments', 'boasts', 'predicts', 'testified', 'screamed', 'cried', 'ranted', 'raged', 'conceded', 'acknowledged',
  'shouts', 'announced', 'clarified', 'pressed', 'challenged', 'interrupted', 'responds', 'answers', 'counters',
  // Voiced and written: "“This is fantastic!” beamed Hartley", "Clinton decried the “systemic racism”".
  'blasted', 'slammed', 'lambasted', 'decried', 'bemoaned', 'denounced', 'vented', 'barked', 'confessed', 'echoed',
  'protested', 'beamed', 'boomed', 'jeered', 'thanked', 'retweeted', 'surmised', 'scolded', 'chided', 'ridiculed',
  'derided', 'lashed out', 'railed', 'growled', 'sneered', 'murmured', 'muttered', 'stammered', 'hissed', 'grumbled',
  'bellowed', 'roared', 'gasped', 'touted', 'mocks', 'decries', 'denounces', 'touts',
  // The present of commentary and analysis ("…, Blackwell maintains"; "critics concede that …").
  'maintains', 'contends', 'asserts', 'observes', 'remarks', 'concedes', 'complains', 'reiterates', 'cautions',
  'emphasizes', 'emphasises', 'acknowledge', 'concede', 'maintain', 'assert', 'allege', 'predict', 'complain', 'caution',
  // Written words: "“…,” read the sign", "The email reads, “…”".
  'read', 'reads', 'emails', 'posts',
  // Speech acts named by their content (see OBJECT_CUES).
  'proposed', 'proposes', 'demands', 'criticizes', 'criticises', 'praises', 'accuses', 'blames', 'condemns', 'describes', 'repeated', 'threatened', 'threatens', 'welcomes', 'repeats', 'recommended', 'recommends', 'advised', 'testifies',
];

/** Multiword cues, matched before single verbs (longest first). */
export const REPORTING_PHRASES: readonly string[] = [
  'did not rule out', "didn't rule out", 'would not rule out', "wouldn't rule out", 'could not rule out',
  'does not rule out', 'do not rule out', 'refused to rule out', 'declined to rule out', 'ruled out',
  'pointed out', 'points out', 'went on to say', 'went on', 'made clear', 'made it clear', 'spelled out',
  'declined to comment', 'said in a statement', 'called for', 'calls for', 'has called for', 'have called for',
  'called on', 'calls on', 'called upon', 'calls upon',
];

/** -ing forms that report speech of the clause's subject: "…, adding that …". */
export const PARTICIPLE_CUES: readonly string[] = [
  'saying', 'adding', 'stating', 'noting', 'explaining', 'arguing', 'warning', 'insisting', 'claiming',
  'stressing', 'telling', 'declaring', 'confirming', 'suggesting', 'asserting', 'acknowledging',
];

/**
 * -ing forms that name what their subject said in the words quoted after them ("…, calling him “a loser”",
 * "…, writing “Allow me …”"): cues of quotations only, never of reported speech ("calling for calm" reports nothing).
 */
export const LABEL_PARTICIPLES: readonly string[] = [
  'calling', 'describing', 'labeling', 'labelling', 'branding', 'dubbing', 'terming', 'accusing', 'praising', 'mocking',
  'slamming', 'blasting', 'denouncing', 'deriding', 'ridiculing', 'chiding', 'portraying', 'hailing', 'dismissing',
  'lamenting', 'decrying', 'touting', 'writing', 'tweeting', 'remarking', 'recalling', 'quipping', 'joking', 'boasting',
  'complaining', 'promising', 'vowing', 'pledging', 'urging', 'asking', 'demanding', 'proclaiming', 'announcing',
  'shouting', 'yelling', 'conceding', 'admitting', 'replying', 'responding', 'predicting', 'declaring', 'characterizing',
];

/**
 * Progressive forms, as running news copy writes speech ("Cruz is calling for rivals to drop out", "Sanders
 * is thanking Nevadans"), with the finite verb whose behaviour they share.
 */
export const PROGRESSIVE_CUES: Readonly<Record<string, string>> = {
  saying: 'says', telling: 'tells', arguing: 'argues', warning: 'warns', insisting: 'insists', claiming: 'claims',
  predicting: 'predicts', suggesting: 'suggests', promising: 'promises', vowing: 'vows', pledging: 'pledges',
  'calling for': 'calls for', urging: 'urges', asking: 'asks', announcing: 'announces', criticizing: 'criticizes',
  criticising: 'criticises', praising: 'praises', accusing: 'accuses', blaming: 'blames', thanking: 'thanks',
  assuring: 'assures', acknowledging: 'acknowledges', denying: 'denies', stressing: 'stresses', noting: 'notes',
  demanding: 'demands', proposing: 'proposes', touting: 'touts', complaining: 'complains', tweeting: 'tweets',
};

/** Words allowed between a speaker and the cue verb; they become part of the cue span. */
export const CUE_PREFIXES: readonly string[] = [
  'has', 'have', 'had', 'was', 'were', 'is', 'are', 'would', 'will', 'also', 'later', 'earlier', 'then',
  'again', 'publicly', 'previously', 'repeatedly', 'recently', 'separately', 'further', 'once', 'flatly',
  'firmly', 'simply', 'only', 'quickly', 'subsequently', 'initially', 'reportedly', 'privately', 'openly',
  'explicitly', 'bluntly', 'frankly', 'angrily', 'calmly', 'jokingly', 'not', 'never', 'did', 'does', 'do',
  'still', 'now', 'just', 'even', 'often', 'long', 'strongly', 'already', 'first', 'since', 'always',
  'could', 'can', 'may', 'might', 'must', 'should', '’ve', "'ve", 'been',
];

/** Nouns ending in -ly, which the adverb prefix of a cue ("strongly suggested") must not swallow. */
export const LY_NOUNS: readonly string[] = ['family', 'ally', 'assembly', 'rally', 'supply', 'monopoly', 'anomaly', 'bully', 'tally', 'daily', 'weekly', 'monthly', 'quarterly', 'homily'];

/** Verbs that usually take the reported content as a direct object, no "that" needed. */
export const OBJECT_CUES: readonly string[] = [
  'did not rule out', "didn't rule out", 'would not rule out', "wouldn't rule out", 'could not rule out',
  'does not rule out', 'do not rule out', 'refused to rule out', 'declined to rule out', 'ruled out',
  'confirmed', 'confirms', 'announced', 'announces', 'acknowledged', 'acknowledges', 'denied', 'denies',
  'predicted', 'predicts', 'revealed', 'disclosed',
  // Speech acts whose content is what they name: "criticized Clinton for her emails", "called for a recount".
  'criticized', 'criticised', 'criticizes', 'criticises', 'praised', 'praises', 'accused', 'accuses', 'blamed',
  'blames', 'called for', 'calls for', 'thanks', 'assures', 'touts', 'condemned', 'condemns', 'mentioned', 'described', 'describes', 'repeated',
  'promised', 'promises', 'vowed', 'vows', 'pledged', 'pledges', 'proposed', 'proposes', 'demanded', 'demands',
  'recalled', 'welcomed', 'hailed', 'rejected', 'dismissed',
];

/** Object cues whose content may be a to-infinitive ("vowed to fight on", "promised to release them"). */
export const PROMISE_CUES: ReadonlySet<string> = new Set(['promised', 'promises', 'vowed', 'vows', 'pledged', 'pledges', 'proposed', 'proposes', 'demanded', 'demands', 'threatened', 'threatens']);

/** Verbs that take a clause without "that" ("He said the plan failed"). */
export const CLAUSE_CUES: readonly string[] = [
  'said', 'says', 'told', 'tells', 'added', 'adds', 'noted', 'notes', 'argued', 'argues', 'warned', 'warns',
  'insisted', 'insists', 'claimed', 'claims', 'stated', 'states', 'explained', 'wrote', 'writes', 'believes',
  'estimated', 'suggested', 'reported', 'stressed', 'emphasized', 'emphasised', 'maintained', 'contended',
  'asserted', 'admitted', 'conceded', 'predicted', 'alleged', 'reiterated', 'agreed', 'acknowledged',
  // Plural and first-person subjects: "Democrats say they have …", "critics argue the plan …".
  'say', 'argue', 'claim', 'warn', 'insist', 'note', 'believe', 'contend', 'suggest', 'maintain',
  'recalled', 'recalls', 'promised', 'vowed', 'pledged', 'announced', 'declared', 'explains', 'continued',
  'complained', 'boasted', 'testified', 'tweeted', 'posted', 'replied', 'responded', 'countered',
];

/** After "according to": the relayed-through noun phrase introducers. */
export const ACCORDING_TO = /\baccording to(?:\s+(?:data|figures|a statement|statements|a report|reports|documents|estimates|statistics|a survey|a study|an analysis|a transcript|a readout|a post|a summary|a copy)\s+(?:(?:provided|released|published|compiled|issued|obtained|posted|shared|seen)\s+by|from|by))?/giu;

/** Honorifics and office titles that may precede a name and are not part of it. */
export const TITLE_WORDS: ReadonlySet<string> = new Set([
  'President', 'Vice', 'Prime', 'Minister', 'Deputy', 'Secretary', 'Senator', 'Sen.', 'Rep.', 'Representative',
  'Gov.', 'Governor', 'Mayor', 'Chancellor', 'Dr.', 'Dr', 'Prof.', 'Professor', 'Mr.', 'Mrs.', 'Ms.', 'Mr', 'Mrs',
  'Ms', 'Miss', 'General', 'Gen.', 'Col.', 'Colonel', 'Lt.', 'Lieutenant', 'Maj.', 'Major', 'Capt.', 'Captain',
  'Adm.', 'Admiral', 'Sgt.', 'Judge', 'Justice', 'King', 'Queen', 'Prince', 'Princess', 'Pope', 'Cardinal',
  'Bishop', 'Rev.', 'Reverend', 'Father', 'Sister', 'Sheikh', 'Ambassador', 'Commissioner', 'Chairman',
  'Chairwoman', 'Chair', 'Chief', 'Executive', 'Officer', 'Director', 'Spokesman', 'Spokeswoman', 'Spokesperson',
  'Speaker', 'Leader', 'Treasurer', 'Foreign', 'Defense', 'Defence', 'Finance', 'Interior', 'Health', 'Trade', 'Justice',
  'Attorney', 'Economy', 'Education', 'Energy', 'State', 'Premier', 'Supreme', 'Commander', 'Marshal',
  'Lord', 'Lady', 'Sir', 'Dame', 'Chief', 'CEO', 'Coach', 'Manager', 'Inspector', 'Superintendent', 'Detective',
  'Officer', 'Sheriff', 'Councillor', 'Councilor', 'Councilman', 'Councilwoman', 'Assemblyman', 'MP', 'Sen',
]);

/** Capitalised words that start sentences or name times and are never people. */
export const NOT_NAMES: ReadonlySet<string> = new Set([
  'The', 'A', 'An', 'In', 'On', 'At', 'By', 'For', 'From', 'To', 'Of', 'With', 'Without', 'After', 'Before',
  'During', 'While', 'When', 'Where', 'Why', 'How', 'What', 'Who', 'Which', 'That', 'This', 'These', 'Those',
  'But', 'And', 'Or', 'So', 'Yet', 'However', 'Meanwhile', 'Still', 'Also', 'Asked', 'If', 'As', 'Although',
  'Though', 'Because', 'Since', 'Despite', 'Amid', 'Under', 'Over', 'Earlier', 'Later', 'Last', 'Next', 'Now',
  'Then', 'Today', 'Yesterday', 'Tomorrow', 'It', 'He', 'She', 'They', 'We', 'I', 'You', 'His', 'Her', 'Its',
  'Their', 'Our', 'My', 'Your', 'There', 'Here', 'Such', 'Some', 'Many', 'Most', 'Several', 'Both', 'All', 'No',
  'Not', 'One', 'Two', 'Three', 'Another', 'Other', 'Each', 'Every', 'Monday', 'Tuesday', 'Wednesday',
  'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July',
  'August', 'September', 'October', 'November', 'December', 'Jan.', 'Feb.', 'Aug.', 'Sept.', 'Oct.', 'Nov.',
  'Dec.', 'According', 'Speaking', 'Writing', 'Instead', 'Indeed', 'Even', 'Only', 'Just', 'Like', 'Unlike',
  'Among', 'Between', 'Against', 'Through', 'Until', 'Once', 'Further', 'Furthermore', 'Moreover', 'Separately',
  'Additionally', 'Nevertheless', 'Nonetheless', 'Yes', 'Well', 'Oh', 'Mr', 'Please', 'Thanks',
  // Openers of a clause or an aside, never a name: "Unless rivals quit, …", "Wait, it gets better".
  'Unless', 'Whether', 'Wait', 'Otherwise', 'Overall', 'Again', 'Plus', 'Perhaps', 'Maybe', 'Nor', 'Thus', 'Hence',
  'Therefore', 'Likewise', 'Similarly', 'Whatever', 'Whenever', 'Wherever',
  // Counts and spans of time opening a sentence: "Four hours earlier, …", "Hours later, …".
  'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten', 'Dozens', 'Hundreds', 'Thousands', 'Minutes', 'Hours', 'Days',
  'Weeks', 'Months', 'Years',
]);

/** Words that make a capitalised run an organisation rather than a person. */
export const ORGANIZATION_HEADS: ReadonlySet<string> = new Set([
  'Ministry', 'Kremlin', 'Department', 'Office', 'Agency', 'Institute', 'University', 'Commission', 'Council',
  'Committee', 'Party', 'Police', 'Army', 'Navy', 'Bank', 'Fund', 'Group', 'Corp', 'Corp.', 'Inc', 'Inc.',
  'Company', 'Co.', 'Ltd', 'Ltd.', 'Association', 'Union', 'Court', 'Parliament', 'Assembly', 'Senate',
  'Congress', 'House', 'Pentagon', 'Government', 'Administration', 'Authority', 'Board', 'Bureau', 'Service',
  'Services', 'Center', 'Centre', 'Foundation', 'Organization', 'Organisation', 'Federation', 'Forces',
  'Command', 'Cabinet', 'Secretariat', 'Presidium', 'Reuters', 'TASS', 'Xinhua', 'KCNA', 'Yonhap', 'AFP',
  'Bloomberg', 'BBC', 'CNN', 'NHK', 'Interfax', 'Times', 'Post', 'News', 'Journal', 'Press', 'Radio',
  'Television', 'Network', 'Herald', 'Telegraph', 'Guardian', 'NATO', 'UN', 'EU', 'FBI', 'CIA', 'IMF', 'WHO',
  'OPEC', 'Nations', 'Pyongyang', 'Beijing', 'Moscow', 'Washington', 'Kyiv', 'Seoul', 'Tokyo', 'Tehran',
  'Secretariat', 'Club', 'Team', 'Airlines', 'Motors', 'Technologies', 'Systems', 'Labs', 'Media',
]);

/** A dateline opening a story: "ROTTERDAM (Reuters) - ", "ATHENS, Greece — ", "LONDON, June 3 (Reuters) - ". */
export const DATELINE = /^\p{Lu}{2,}[\p{Lu}\s.'’-]*(?:,\s*[\p{L}\p{N}.\s]{2,30})?(?:\s*\([^)]{1,40}\))?\s*[-–—]\s+/u;

/** Common-noun speakers ("the ministry said", "state media reported"). */
export const COMMON_SPEAKER_HEADS: readonly string[] = [
  'state media', 'state-run media', 'state television', 'state TV', 'state news agency', 'news agency',
  'ministry', 'government', 'company', 'police', 'spokesperson', 'spokesman', 'spokeswoman', 'statement',
  'report', 'officials', 'official', 'authorities', 'authority', 'port authority', 'military', 'army', 'agency', 'court', 'prosecutors',
  'prosecutor', 'investigators', 'analysts', 'analyst', 'experts', 'expert', 'observers', 'lawyers', 'lawyer',
  'researchers', 'organizers', 'organisers', 'residents', 'witnesses', 'sources', 'source', 'diplomats',
  'diplomat', 'administration', 'campaign', 'White House', 'firm', 'regulator', 'union', 'party', 'embassy',
  'commission', 'committee', 'council', 'foundation', 'group', 'newspaper', 'broadcaster', 'website',
  'security service', 'service', 'institute', 'department', 'office', 'bureau', 'watchdog', 'management',
  'leadership', 'executives', 'spokespeople', 'organisers', 'mayor’s office', 'release', 'press release',
  'editorial board', 'editorial', 'memo', 'letter', 'filing', 'lawsuit', 'complaint', 'ad', 'advertisement', 'post',
  'tweet', 'email', 'website', 'article', 'column', 'op-ed', 'transcript', 'indictment', 'ruling', 'poll', 'survey',
  'study', 'document', 'documents', 'records', 'results', 'data', 'figures', 'supporters', 'critics', 'protesters', 'voters', 'delegates', 'aides', 'advisers', 'allies',
  'network', 'board', 'city', 'town', 'county', 'school', 'university', 'hospital', 'bank', 'team', 'league', 'club', 'airline', 'charity',
];

/** Speakers that are news outlets: when they pass on someone else's words they are relays. */
export const OUTLET_WORDS: ReadonlySet<string> = new Set([
  'Reuters', 'TASS', 'Xinhua', 'KCNA', 'Yonhap', 'AFP', 'AP', 'Bloomberg', 'BBC', 'CNN', 'NHK', 'Interfax',
  'RIA', 'Novosti', 'Kyodo', 'NPR', 'Fox', 'ABC', 'CBS', 'NBC', 'MSNBC', 'Axios', 'Politico', 'Times', 'Post',
  'Journal', 'News', 'Press', 'Radio', 'Television', 'TV', 'Network', 'Herald', 'Telegraph', 'Guardian',
  'Agency', 'Sinmun', 'Tribune', 'Gazette', 'Daily', 'Monitor', 'Wire', 'agency', 'media', 'newspaper',
  'broadcaster', 'television', 'outlet', 'Ledger', 'Chronicle', 'Observer', 'Standard', 'Independent', 'Mail',
  'Express', 'Mirror', 'Examiner', 'Inquirer', 'Courier', 'Dispatch', 'Bulletin', 'Magazine', 'Atlantic',
  'Breitbart', 'HuffPost', 'Newsweek', 'Bild', 'Spiegel', 'Asahi', 'Hankyoreh', 'Haaretz', 'Al Jazeera',
]);

/** Lower-case addressees after "told" that are not relays: "told reporters". */
export const TOLD_AUDIENCES =
  /^(?:reporters|journalists|the press|the media|lawmakers|legislators|parliament|the court|the jury|a (?:news|press) conference|an? (?:audience|crowd|rally|meeting|briefing|forum|summit|gathering|hearing|conference)|supporters|students|delegates|colleagues|him|her|them|us|me|the committee|the panel|investigators|police)\b/u;

/** Personal pronouns usable as speakers, by the gender they imply. */
export const PRONOUNS: Readonly<Record<string, 'male' | 'female' | 'plural' | 'neuter' | 'first'>> = {
  he: 'male', she: 'female', they: 'plural', it: 'neuter', we: 'first', i: 'first',
};

/** Adjunct phrases between a cue and its content ("said on Tuesday that …"). */
export const CUE_ADJUNCT =
  /^(?:,?\s*(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\w+\s+\d{1,2}|X|Twitter|Facebook|Telegram|social media|television|TV|state television|the radio)|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|last\s+(?:week|month|year|night)|this\s+(?:week|month|year|morning)|yesterday|today|earlier|later|recently|previously|in\s+(?:an?|the|his|her|its|their)\s+(?:[\w’'-]+\s+){0,3}?(?:statement|interview|briefing|speech|post|email|e-mail|letter|report|address|message|video|tweet|op-ed|column|filing|conference|session|hearing|broadcast)|at\s+(?:an?|the)\s+(?:[\w’'-]+\s+){0,3}?(?:conference|briefing|meeting|summit|event|rally|hearing|forum|session|ceremony)|to\s+(?:reporters|journalists|lawmakers|the press)|during\s+(?:an?|the|his|her)\s+(?:[\w’'-]+\s+){0,3}?(?:visit|meeting|interview|speech|briefing|trip|debate|hearing)|(?:late|early)\s+(?:on\s+)?\w+day|in\s+(?:Moscow|Washington|Beijing|Seoul|London|Paris|Kyiv|Tokyo|Brussels|Geneva|Berlin))\s*,?)/iu;

/** Where reported content is cut off: trailing clauses that are the reporter's, not the speaker's. */
export const CONTENT_CUT = new RegExp(
  // "…, telling Stephanopoulos that “…”": a participle of speech starts the reporter's account of another utterance.
  // "insists the party must change, and has championed …": a second predicate of the speaker is the reporter's account.
  `\\s+on\\s+(?:the\\s+)?condition\\s+(?:of|that)\\b|,\\s+(?:(?:${[...PARTICIPLE_CUES, ...LABEL_PARTICIPLES].join('|')})\\b|even\\s+(?:though|as|if)\\b|although|whereas|but\\s+(?:for|in|on|at|among|with)\\b|despite|amid|however|according to|without|citing|referring|prompting|sparking|as\\s+(?:he|she|they|it)\\b|in\\s+an?\\s+(?:interview|statement|briefing|speech|post)|(?:he|she|they|it)\\s+(?:said|added|told|noted|says)|while\\s+(?:he|she|they|it)\\b|(?:and|but)\\s+(?:then\\s+|also\\s+|later\\s+)?(?:he|she)\\s+(?:\\p{Ll}+ed|has|had|was|is)\\b|(?:and|but)\\s+(?:has|have)\\s+(?:also\\s+|since\\s+|long\\s+)?\\p{Ll}+ed\\b)`,
  'iu',
);

/** Words right before a quotation mark that mark a title or name, not speech. */
export const TITLE_INTRODUCERS =
  /(?:\b(?:so-called|dubbed|(?:an?|the)\s+[\p{L}-]+\s+called|nicknamed|titled|entitled|named|known as|book|novel|film|movie|documentary|song|album|series|show|podcast|segment|episode|programme|program|operation|Operation|campaign|slogan|headline|hashtag|phrase|term|word|words|motto|label|brand|codenamed|code-named)\s*,?\s*)$/u;

/** A few demonyms whose country an affiliation should name. */
export const DEMONYMS: Readonly<Record<string, string>> = {
  Russian: 'Russia', American: 'United States', 'U.S.': 'United States', US: 'United States', Chinese: 'China',
  'North Korean': 'North Korea', 'South Korean': 'South Korea', Korean: 'Korea', British: 'United Kingdom',
  French: 'France', German: 'Germany', Ukrainian: 'Ukraine', Japanese: 'Japan', Israeli: 'Israel',
  Iranian: 'Iran', Indian: 'India', Turkish: 'Turkey', Italian: 'Italy', Spanish: 'Spain', Canadian: 'Canada',
  Australian: 'Australia', Brazilian: 'Brazil', Mexican: 'Mexico', Palestinian: 'Palestine', Syrian: 'Syria',
  Egyptian: 'Egypt', Saudi: 'Saudi Arabia', Polish: 'Poland', Belarusian: 'Belarus', Taiwanese: 'Taiwan',
  Vietnamese: 'Vietnam', Pakistani: 'Pakistan', Afghan: 'Afghanistan', Iraqi: 'Iraq', European: 'European Union',
};

/** Common masculine and feminine given names, for "he"/"she" agreement when a title does not tell. */
export const MALE_HINTS: ReadonlySet<string> = new Set([
  'Mr.', 'Mr', 'King', 'Prince', 'Father', 'Sir', 'Lord', 'Pope', 'John', 'James', 'Robert', 'Michael', 'David',
  'William', 'Richard', 'Joseph', 'Thomas', 'Charles', 'Daniel', 'Mark', 'Paul', 'Peter', 'George', 'Donald',
  'Joe', 'Vladimir', 'Yury', 'Yuri', 'Sergei', 'Sergey', 'Dmitry', 'Xi', 'Emmanuel', 'Olaf', 'Boris', 'Keir',
  'Volodymyr', 'Benjamin', 'Recep', 'Narendra', 'Ali', 'Mohammed', 'Muhammad', 'Ahmed', 'Hassan', 'Omar',
  'Jean', 'Pierre', 'Hans', 'Carlos', 'Luis', 'Jose', 'Juan', 'Antonio', 'Kevin', 'Brian', 'Steven', 'Andrew',
]);
export const FEMALE_HINTS: ReadonlySet<string> = new Set([
  'Mrs.', 'Ms.', 'Mrs', 'Ms', 'Miss', 'Queen', 'Princess', 'Sister', 'Lady', 'Dame', 'Mary', 'Patricia',
  'Jennifer', 'Linda', 'Elizabeth', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Nancy', 'Lisa', 'Margaret', 'Anna',
  'Maria', 'Angela', 'Ursula', 'Kamala', 'Hillary', 'Theresa', 'Giorgia', 'Marine', 'Emily', 'Emma', 'Olivia',
  'Sophie', 'Laura', 'Julia', 'Helen', 'Catherine', 'Claire', 'Anne', 'Maria', 'Elena', 'Natalia', 'Olga',
  'Yulia', 'Irina', 'Svetlana', 'Kaja', 'Annalena', 'Christine', 'Janet', 'Nikki', 'Rachel', 'Rebecca',
]);

/**
 * Endings of nouns that name a person by role ("the investor", "the Christie supporter", "one aide"):
 * such a description before a cue is the speaker, referring back to someone named or to nobody in particular.
 */
export const PERSON_NOUN =
  /^(?:\p{Ll}[\p{Ll}-]*(?:er|or|ist|ian|ant|ent)|(?:\p{Ll}[\p{Ll}-]*)?(?:man|woman|person|surgeon|employee|trustee|appointee|refugee|attorney|judge|secretary|chair|coach|pastor|priest|bishop|sheriff|nurse|victim|survivor|suspect|widow|patient|guard|aunt|uncle|cousin|neighbou?r|aide|chief|source|insider|staffer|mogul|host|anchor|veteran|nominee|rival|friend|ally|critic|fan|guy|wife|husband|son|daughter|mom|dad|mother|father|sister|brother|colleague|hopeful|contender|candidate|frontrunner|front-runner|incumbent|ex|star|celebrity|entrepreneur|tycoon|billionaire|millionaire|magnate|executive|representative|delegate|strategist|operative|pundit|commentator|activist|advocate|expert|analyst|official|adviser|advisor|attendee|protester|protestor|voter|resident|student|worker|pollster|surrogate)s?)$/u;

/* Words the mention finder reads names and descriptions with. */

/** Lower-case words that may join the parts of one name ("Ministry of Defence", "Ursula von der Leyen"). */
export const CONNECTORS: ReadonlySet<string> = new Set(['of', 'for', 'on', 'de', 'van', 'von', 'der', 'den', 'al', 'bin', 'ibn', 'da', 'di', 'du', 'la', 'le', 'del', 'dos', 'das', '&']);
/** Connectors that only join organisation names ("Institute for …"), never a person to a place ("Patel of Bernstein"). */
export const ORG_CONNECTORS: ReadonlySet<string> = new Set(['of', 'for', 'on', '&']);
/** Determiners that may open a common-noun speaker ("the ministry", "its spokesman"). */
export const DETERMINERS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'its', 'his', 'her', 'their', 'this', 'that', 'one', 'another']);
/** Words of a role before a name ("Russian presidential aide Yury Ushakov"): read as the affiliation. */
export const ROLE_WORDS: ReadonlySet<string> = new Set([
  'aide', 'adviser', 'advisor', 'spokesman', 'spokeswoman', 'spokesperson', 'minister', 'leader', 'president',
  'presidential', 'professor', 'analyst', 'official', 'secretary', 'chief', 'director', 'ambassador', 'envoy',
  'lawmaker', 'senator', 'economist', 'researcher', 'fellow', 'senior', 'deputy', 'foreign', 'defense', 'defence',
  'prime', 'vice', 'former', 'chairman', 'chairwoman', 'chair', 'head', 'commander', 'general', 'governor', 'mayor',
  'executive', 'ceo', 'founder', 'co-founder', 'coach', 'manager', 'strategist', 'expert', 'scholar', 'lawyer',
  'attorney', 'judge', 'prosecutor', 'negotiator', 'diplomat', 'candidate', 'activist', 'author', 'writer', 'editor',
  'reporter', 'correspondent', 'officer', 'colonel', 'representative', 'member', 'national', 'security',
  'intelligence', 'military', 'top', 'late', 'opposition', 'party', 'union', 'campaign', 'white', 'house', 'state',
  'health', 'finance', 'trade', 'interior', 'justice', 'economy', 'council', 'parliamentary', 'speaker',
  'premier', 'chancellor', 'king', 'queen', 'pope', 'cardinal', 'rabbi', 'imam', 'spokesperson', 'press',
  'government', 'assistant', 'associate', 'research', 'staff', 'policy', 'board', 'company',
]);
/** Nouns that, after "the", describe someone already named rather than a new speaker. */
export const DESCRIPTOR_HEADS: ReadonlySet<string> = new Set([
  'coach', 'manager', 'player', 'striker', 'captain', 'star', 'veteran', 'singer', 'actor', 'actress', 'billionaire',
  'mother', 'father', 'woman', 'man', 'boy', 'girl', 'president', 'minister', 'chancellor', 'premier', 'senator',
  'lawmaker', 'economist', 'scientist', 'professor', 'author', 'former', 'incumbent', 'candidate', 'chief', 'executive',
  'founder', 'owner', 'driver', 'champion', 'winner', 'official', 'diplomat', 'general', 'leader', 'defender',
  'midfielder', 'forward', 'goalkeeper', 'quarterback', 'pitcher', 'rookie', 'teenager', 'youngster', 'pensioner',
  'retiree', 'widow', 'grandmother', 'grandfather', 'nurse', 'doctor', 'teacher', 'lawyer', 'attorney', 'mayor',
  'governor', 'judge', 'prosecutor', 'ambassador', 'envoy', 'activist', 'novelist', 'director', 'analyst',
]);
/** After "the", nouns that point back to an organisation already named. */
export const ORG_DESCRIPTOR_HEADS: ReadonlySet<string> = new Set([
  'company', 'firm', 'carmaker', 'automaker', 'retailer', 'lender', 'insurer', 'startup', 'manufacturer', 'chipmaker',
  'airline', 'broadcaster', 'conglomerate', 'brand', 'club', 'group',
]);
/** Words that end a mention read rightwards: a clause begins. */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set([
  'in', 'at', 'to', 'from', 'by', 'with', 'that', 'who', 'which', 'and', 'or', 'but', 'as', 'after', 'before',
  'during', 'while', 'when', 'because', 'if', 'is', 'was', 'are', 'were', 'has', 'had', 'have', 'will', 'would',
]);
/** Modifiers of a common-noun speaker ("senior officials", "the state news agency"). */
export const COMMON_MODIFIERS: ReadonlySet<string> = new Set([
  'senior', 'top', 'local', 'federal', 'foreign', 'defense', 'defence', 'health', 'interior', 'finance', 'justice',
  'state', 'military', 'government', 'administration', 'company', 'police', 'national', 'regional', 'provincial',
  'city', 'chief', 'former', 'other', 'two', 'three', 'several', 'some', 'many', 'western', 'independent', 'outside',
  'security', 'intelligence', 'defence', 'economic', 'political', 'legal', 'unnamed', 'anonymous', 'official',
  'presidential', 'ruling', 'opposition', 'central', 'public', 'private', 'energy', 'trade', 'education', 'health',
  'state-run', 'state-owned', 'pro-government', 'news', 'u.s.', 'israeli', 'russian', 'chinese', 'department',
  'ministry', 'agency', 'embassy', 'party', 'campaign', 'union', 'hospital', 'school', 'university', 'county',
  'team', 'club', 'airline', 'bank', 'white', 'house', 'kremlin', 'pentagon', 'military', 'army', 'navy', 'staff',
  'culture', 'environment', 'transport', 'agriculture', 'labor', 'labour', 'housing', 'science', 'tourism', 'industry',
  'communications', 'information', 'emergency', 'disaster', 'fire', 'weather', 'statistics', 'election', 'electoral',
]);
export const UNNAMED_SOURCE =
  /(?:^|\s)(?:(?:a|an|the|two|three|several|other)\s+)?(?:people|persons?|sources?|officials?|insiders?|diplomats?)\s+(?:familiar with|with (?:direct )?knowledge of|briefed on|close to|involved in|aware of|with access to)\s+[\p{L}\p{N}\s’'-]{2,60}?\s*$/iu;
export const TIME_BEFORE_VERB =
  /\s+(?:(?:late|early)\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)\s+\d{1,2}|yesterday|today|last\s+(?:week|month|year|night)|this\s+(?:week|morning|month))\s*$/u;
export const APPOSITIVE_STARTERS = /^(?:a|an|the|who|whose|which|one|its|his|her|their|now|then|also|however|meanwhile|too|himself|herself|\d+)$/iu;

/** Capitalised words before a name that are a party or a description, not part of it ("Republican Donald Trump"). */
export const PARTY_AND_DESCRIPTOR_WORDS: ReadonlySet<string> = new Set([
  'Republican', 'Republicans', 'Democrat', 'Democratic', 'GOP', 'Independent', 'Libertarian', 'Conservative',
  'Labour', 'Liberal', 'Tory', 'Green', 'Comedian', 'Billionaire', 'Businessman', 'Businesswoman', 'Actor', 'Actress',
  'Singer', 'Rapper', 'Pastor', 'Evangelist', 'Pollster', 'Columnist', 'Commentator', 'Host', 'Anchor', 'Candidate',
  'Nominee', 'Frontrunner', 'Front-runner', 'Mogul', 'Tycoon', 'Activist', 'Former', 'Then-candidate',
]);
