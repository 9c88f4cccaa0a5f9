/**
 * Prints the extractor's errors on a PolNeAR split (default: train, read from ../shared/eval at run
 * time) so rules are tuned on train only: wrong speakers, missed and spurious quotations, missed
 * reported speech. Output goes to stdout only; nothing from the corpus is written to the repository.
 *
 *   npx tsx bench/extraction/errors.ts [SPLIT_DIR] [speaker|missed|spurious|speech|speech-fp]...
 */
import path from 'node:path';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';
import { articleNames, findEvalDir, loadArticle, match, speakerOk } from './polnear.ts';

const evalDir = findEvalDir();
const args = process.argv.slice(2);
const split = args[0]?.includes('/') === true ? (args.shift() ?? '') : evalDir === null ? null : path.join(evalDir, 'polnear', 'train');
if (split === null) {
  console.error('errors: ../shared/eval not found; pass a split folder as an argument');
  process.exit(2);
}
const want = new Set(args.length === 0 ? ['speaker', 'missed', 'spurious', 'speech'] : args);
const oneLine = (s: string, n = 160) => s.replace(/\s+/gu, ' ').slice(0, n);

for (const name of articleNames(split)) {
  const gold = loadArticle(split, name, 'doubled');
  const t = gold.text;
  const quotes = extractQuotes(t).quotes;
  const direct = quotes.filter((q) => q.kind !== 'indirect');
  const pairs = match(direct, gold.direct, 0.5);
  const context = (start: number, end: number) => oneLine(t.slice(Math.max(0, start - 120), Math.min(t.length, end + 120)), 400);
  for (const [q, g] of pairs) {
    if (!want.has('speaker') || speakerOk(q, g)) continue;
    console.log(`SPEAKER ${name}\n  got ${q.speaker.name} [${q.speaker.mention?.text ?? '-'}] cue=${q.cue?.text ?? '-'} conf=${q.confidence}\n  gold ${g.sourceText}\n  ${context(q.start, q.end)}`);
  }
  const matchedGold = new Set(pairs.values());
  if (want.has('missed')) for (const g of gold.direct) if (!matchedGold.has(g)) console.log(`MISSED ${name} «${oneLine(t.slice(...g.span), 100)}» by ${g.sourceText}\n  ${context(...g.span)}`);
  if (want.has('spurious')) for (const q of direct) if (!pairs.has(q)) console.log(`SPURIOUS ${name} «${oneLine(q.text, 100)}» ${q.speaker.name}\n  ${context(q.start, q.end)}`);
  const indirect = quotes.filter((q) => q.kind === 'indirect');
  const ipairs = match(indirect, gold.indirect, 0.3);
  const ifound = new Set(ipairs.values());
  if (want.has('speech')) for (const g of gold.indirect) if (g.speech && !ifound.has(g)) console.log(`SPEECH ${name} cue=[${g.cueText}] «${oneLine(t.slice(...g.span), 120)}» by ${g.sourceText}\n  ${context(...g.span)}`);
  if (want.has('speech-fp')) for (const q of indirect) if (!ipairs.has(q)) console.log(`SPEECH-FP ${name} «${oneLine(q.text, 120)}» ${q.speaker.name} cue=${q.cue?.text ?? '-'}\n  ${context(q.start, q.end)}`);
}
