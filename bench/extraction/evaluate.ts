/**
 * Scores the extractor on a PolNeAR split (default: dev, read from ../shared/eval at run time):
 * every measure of score_polnear.py overall and per publisher, the reliability of the confidence
 * (table and expected calibration error) and what the review threshold flags.
 *
 *   npx tsx bench/extraction/evaluate.ts [--doubled-marks] [SPLIT_DIR]
 *
 * --doubled-marks reads '' and `` in the gold as quotation marks too (score_polnear.py reads only “ and "),
 * so quotations in archive copy that uses them count as quotations.
 */
import path from 'node:path';
import { DEFAULT_REVIEW_THRESHOLD } from '../../src/extraction/confidence.ts';
import { extractQuotes } from '../../src/extraction/quote.extractor.ts';
import { evaluateSplit, findEvalDir, type MarkReading, type Prf } from './polnear.ts';

const args = process.argv.slice(2);
const reading: MarkReading = args.includes('--doubled-marks') ? 'doubled' : 'official';
const evalDir = findEvalDir();
const split = args.find((a) => !a.startsWith('--')) ?? (evalDir === null ? null : path.join(evalDir, 'polnear', 'dev'));
if (split === null) {
  console.error('evaluate: ../shared/eval not found; pass a split folder as an argument');
  process.exit(2);
}

const report = evaluateSplit(split, (text) => extractQuotes(text).quotes, reading);
console.log(`${path.basename(split)}, quotation marks read: ${reading === 'official' ? 'as score_polnear.py (“ and ")' : "“, \", '' and ``"}\n`);
const f = (x: number) => x.toFixed(3);
const p = (m: Prf) => `${f(m[0])} / ${f(m[1])} / ${f(m[2])}`;
console.log(`| publisher | articles | direct P/R/F1 | speaker acc. | attribution P/R/F1 | reported speech P/R/F1 |`);
console.log(`|---|---|---|---|---|---|`);
for (const [publisher, r] of [...report.byPublisher, ['**all**', report.overall] as const]) {
  console.log(`| ${publisher} | ${r.articles} | ${p(r.measures.direct)} | ${f(r.measures.speakerAccuracy)} | ${p(r.measures.attribution)} | ${p(r.measures.reportedSpeech)} |`);
}
console.log(`\nall unquoted attributions (beliefs and polls included) P/R/F1: ${p(report.overall.measures.indirect)}\n`);
console.log(`| confidence | attributions | right | mean confidence |`);
console.log(`|---|---|---|---|`);
for (const b of report.reliability) console.log(`| ${b.from.toFixed(1)}–${b.to.toFixed(1)} | ${b.count} | ${f(b.accuracy)} | ${f(b.meanConfidence)} |`);
console.log(`\nECE: ${f(report.ece)} over ${report.reliability.reduce((s, b) => s + b.count, 0)} attributions`);
console.log(`\n| review threshold | flagged | right among the settled | right among the flagged |`);
console.log(`|---|---|---|---|`);
for (const threshold of [0.5, 0.6, 0.7, DEFAULT_REVIEW_THRESHOLD, 0.9].sort()) {
  const flagged = report.flagged(threshold);
  const mark = threshold === DEFAULT_REVIEW_THRESHOLD ? '**' : '';
  console.log(`| ${mark}${threshold}${mark} | ${(flagged.flaggedShare * 100).toFixed(0)}% | ${f(flagged.settledAccuracy)} | ${f(flagged.flaggedAccuracy)} |`);
}
