/**
 * Buckets the reported speech the extractor misses on a PolNeAR split (default: train, read from
 * ../shared/eval at run time) by the shape of its cue, so rules are fixed where the most generalising
 * misses are. Prints counts, the commonest cue words per bucket and, with --show BUCKET, examples.
 * Nothing from the corpus is written anywhere.
 *
 *   npx tsx bench/extraction/missed-speech.ts [SPLIT_DIR] [--show BUCKET] [--limit N]
 */
import path from 'node:path';
import { findCues } from '../../src/extraction/cue.patterns.ts';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';
import { articleNames, findEvalDir, loadArticle, match, type GoldItem } from './polnear.ts';

const args = process.argv.slice(2);
const option = (name: string): string | null => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  const value = args[i + 1] ?? null;
  args.splice(i, 2);
  return value;
};
const show = option('--show');
const limit = Number(option('--limit') ?? 40);
const evalDir = findEvalDir();
const split = args[0] ?? (evalDir === null ? null : path.join(evalDir, 'polnear', 'train'));
if (split === null) {
  console.error('missed-speech: ../shared/eval not found; pass a split folder as an argument');
  process.exit(2);
}

const PRONOUN = /^(?:he|she|they|it|we|i|you|who|which)$/iu;
const NOMINAL = /(?:[’']s\s|\bthe\s|\b(?:statement|interview|announcement|remarks|comments?|testimony|allegations?|assertions?|arguments?|suggestion|proposal|criticism|message|speech|claims?|promises?|warnings?|letter|op-ed|post|tweet|memo|report|book)\b)/iu;
const SAY_FORMS = /\b(?:sa(?:y|ys|id|ying)|told|tells?|telling)\b/iu;
const BELIEF = /\b(?:believ|think|thought|feel|felt|expect|hope|fear|know|knew|see|saw|seem|appear|show|find|found|want|plan|poll|survey|consider|view|recogni|understand|doubt|worr|convinc|sure|aware|argu(?:ment)?s?\b)/iu;

interface Miss {
  name: string;
  /** What the extractor reported over the same words, if anything. */
  predicted: string[];
  gold: GoldItem;
  bucket: string;
  cueKnown: boolean;
  source: 'pronoun' | 'none' | 'named';
}

const misses: Miss[] = [];
let speechGold = 0;
const classify = (text: string, g: GoldItem, overlapped: boolean): string => {
  const cue = g.cueText.toLowerCase();
  const content = text.slice(...g.span);
  const cueStart = Math.min(...g.cues.map((c) => c[0]));
  const cueEnd = Math.max(...g.cues.map((c) => c[1]));
  if (overlapped) return 'found-bounds';
  if (/\?\s*["”]?\s*$/u.test(content) || /\bask/u.test(cue)) return 'question';
  if (/according/u.test(cue)) return 'according-to';
  if (!SAY_FORMS.test(cue) && NOMINAL.test(cue)) return 'nominal';
  if (BELIEF.test(cue) && !SAY_FORMS.test(cue)) return 'belief-like';
  if (g.cues.length === 0) return 'no-cue';
  if (g.span[1] <= cueStart) return /\btold\b|\btells?\b/u.test(cue) ? 'told-trailing' : 'trailing-cue';
  if (g.span[0] < cueStart && g.span[1] > cueEnd) return 'cue-inside';
  const between = text.slice(cueEnd, g.span[0]).trim().toLowerCase();
  const told = /\btold\b|\btells?\b|\btelling\b/u.test(cue);
  const lead = told ? 'told' : /\bsays?\b/u.test(cue) ? 'says' : /\bsaid\b/u.test(cue) ? 'said' : 'other-verb';
  if (between === '' ) return `${lead}:no-that`;
  if (/^that$/u.test(between)) return `${lead}:that`;
  if (/\bthat$/u.test(between)) return `${lead}:phrase-that`;
  if (/^(?:to|on|about|for|of|with|from|in|over|against)\b/u.test(between) || /\b(?:to|on|about|for|of|with|from|in|over|against)$/u.test(between)) return `${lead}:object/prep`;
  return `${lead}:phrase`;
};

for (const name of articleNames(split)) {
  const gold = loadArticle(split, name, 'doubled');
  const text = gold.text;
  const indirect = extractQuotes(text).quotes.filter((q) => q.kind === 'indirect');
  const found = new Set(match(indirect, gold.indirect, 0.3).values());
  const cues = findCues(text, 0, text.length, []);
  for (const g of gold.indirect) {
    if (!g.speech) continue;
    speechGold++;
    if (found.has(g)) continue;
    const overlapped = indirect.some((q) => q.start < g.span[1] && q.end > g.span[0]);
    const cueKnown = g.cues.some(([a, b]) => cues.some((c) => c.start < b && c.end > a));
    const source = g.sourceText.trim() === '' ? 'none' : PRONOUN.test(g.sourceText.trim()) ? 'pronoun' : 'named';
    const predicted = indirect.filter((q) => q.start < g.span[1] && q.end > g.span[0]).map((q) => `«${q.text.slice(0, 120)}» ${q.speaker.name} cue=${q.cue?.text ?? '-'}`);
    misses.push({ name, predicted, gold: g, bucket: classify(text, g, overlapped), cueKnown, source });
  }
}

const count = new Map<string, Miss[]>();
for (const m of misses) count.set(m.bucket, [...(count.get(m.bucket) ?? []), m]);
console.log(`${path.basename(split)}: ${speechGold} reported-speech items, ${misses.length} missed (${((misses.length / speechGold) * 100).toFixed(1)}%)\n`);
console.log('| bucket | missed | cue in lexicon | pronoun source | no source | commonest cues |');
console.log('|---|---|---|---|---|---|');
for (const [bucket, ms] of [...count].sort((a, b) => b[1].length - a[1].length)) {
  const cueWords = new Map<string, number>();
  for (const m of ms) {
    const key = m.gold.cueText.toLowerCase().replace(/\s+/gu, ' ').trim();
    cueWords.set(key, (cueWords.get(key) ?? 0) + 1);
  }
  const top = [...cueWords].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([w, n]) => `${w} ${n}`).join(', ');
  const n = (f: (m: Miss) => boolean) => ms.filter(f).length;
  console.log(`| ${bucket} | ${ms.length} | ${n((m) => m.cueKnown)} | ${n((m) => m.source === 'pronoun')} | ${n((m) => m.source === 'none')} | ${top} |`);
}

if (show !== null) {
  const oneLine = (s: string) => s.replace(/\s+/gu, ' ');
  for (const m of (count.get(show) ?? []).slice(0, limit)) {
    const text = loadArticle(split, m.name, 'doubled').text;
    const from = Math.min(m.gold.span[0], ...m.gold.cues.map((c) => c[0]));
    const to = Math.max(m.gold.span[1], ...m.gold.cues.map((c) => c[1]));
    console.log(`\n${m.name} cue=[${m.gold.cueText}] by [${m.gold.sourceText}] lexicon=${m.cueKnown}`);
    console.log(`  ${oneLine(text.slice(Math.max(0, from - 100), from))}⟦${oneLine(text.slice(from, to))}⟧${oneLine(text.slice(to, to + 60))}`);
    console.log(`  content: «${oneLine(text.slice(...m.gold.span)).slice(0, 160)}»`);
    for (const p of m.predicted) console.log(`  predicted: ${oneLine(p)}`);
  }
}
