/**
 * Reads a PolNeAR split (BRAT standoff annotations) at run time and scores extractor output the
 * way ../shared/eval/score_polnear.py does, quote by quote, so training and the regression guard
 * need no Python. Nothing from the corpus is kept: only counts leave this module.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractedQuote } from '../../src/extraction/extraction.types.ts';

type Span = readonly [number, number];

export interface GoldItem {
  span: Span;
  sources: Span[];
  sourceText: string;
  /** Reported speech ("said", "told", "according to"), not belief or poll. */
  speech: boolean;
  /** The cue's words, for error reports. */
  cueText: string;
  /** Where the cue is (UTF-16), for error reports. */
  cues: Span[];
}

export interface GoldArticle {
  name: string;
  text: string;
  direct: GoldItem[];
  indirect: GoldItem[];
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The eval folder beside the repository (../shared/eval), or beside the worktree folder; null when absent. */
export function findEvalDir(): string | null {
  for (const candidate of [path.resolve(REPO, '../shared/eval'), path.resolve(REPO, '../../shared/eval')]) {
    if (existsSync(path.join(candidate, 'polnear'))) return candidate;
  }
  return null;
}

const SPEECH = new RegExp(
  String.raw`\b(sa(y|ys|id|ying)|told|tell(s|ing)?|according|add(s|ed)?|stat(e|es|ed)|declar|announc|explain|` +
    String.raw`argu|claim|insist|not(e|ed|es)|wr(ote|ite|ites|iting)|ask|repl|respon|warn|suggest|acknowledg|` +
    String.raw`admit|tweet|post|confirm|den(y|ied|ies)|predict|promis|vow|urg|call|describ|report|testif|recall|` +
    String.raw`remark|comment|conced|contend|maintain|emphasi|stress|point(ed)? out|complain|charg|alleg|accus|` +
    String.raw`quip|jok|boast|continu|conclud|reiterat|repeat|caution|assur|agre|object|counter|retort|pledg|` +
    String.raw`mention|express|deni|threaten|propos|recommend|advis|demand|criticiz|prais|thank|blam|` +
    String.raw`interview|statement|spokes)`,
  'i',
);
const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'mr', 'mrs', 'ms', 'dr', 'he', 'she', 'they', 'it', 'his', 'her',
  'their', 'its', 'said', 'who', 'that', 'this', 'to', 'in', 'for', 'on', 'at', 'by', 'with']);

/** Code-point index → UTF-16 index (BRAT offsets count code points). */
function codePointToUtf16(text: string): number[] {
  const map: number[] = [];
  let u = 0;
  for (const ch of text) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return map;
}

interface Annotation {
  spans: Map<string, { frags: [number, number][]; text: string }>;
  events: Map<string, string[]>[];
}

function parseAnn(file: string): Annotation {
  const spans: Annotation['spans'] = new Map();
  const events: Annotation['events'] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('T')) {
      const [id = '', mid = '', text = ''] = line.split('\t');
      const space = mid.indexOf(' ');
      if (space < 0) continue;
      const frags = mid.slice(space + 1).split(';').map((r) => r.trim().split(/\s+/u).map(Number) as [number, number]);
      spans.set(id, { frags, text });
    } else if (line.startsWith('E')) {
      const ev = new Map<string, string[]>();
      for (const part of (line.split('\t')[1] ?? '').split(/\s+/u).filter(Boolean)) {
        const [role = '', id = ''] = part.split(':');
        const key = role.replace(/\d+$/u, '');
        ev.set(key, [...(ev.get(key) ?? []), id]);
      }
      events.push(ev);
    }
  }
  return { spans, events };
}

/**
 * How the gold's quoted segments are read. 'official' is score_polnear.py: only “ and " mark a quotation.
 * 'doubled' also reads '' and `` as quotation marks (archive copy such as the NYT's uses them), so an
 * attribution in those marks counts as a quotation, as a reader sees it.
 */
export type MarkReading = 'official' | 'doubled';

/** Width of a quotation mark at chunk[i] (0 when there is none): 1 for “ ” ", 2 for '' and `` when read. */
function markAt(chunk: readonly string[], i: number, closing: boolean, reading: MarkReading): number {
  const ch = chunk[i];
  if (ch === (closing ? '”' : '“') || ch === '"') return 1;
  if (reading !== 'doubled') return 0;
  if (ch === "'" && chunk[i + 1] === "'") return 2;
  return !closing && ch === '`' && chunk[i + 1] === '`' ? 2 : 0;
}

/** Stretches inside quotation marks within the content fragments (code points). */
function quotedSegments(chars: string[], frags: [number, number][], reading: MarkReading): [number, number][] {
  const segs: [number, number][] = [];
  for (const [s, e] of frags) {
    const chunk = chars.slice(s, e);
    let i = 0;
    while (i < chunk.length) {
      const open = markAt(chunk, i, false, reading);
      if (open > 0) {
        let j = i + open;
        while (j < chunk.length && markAt(chunk, j, true, reading) === 0) j++;
        const innerStart = s + i + open;
        const innerEnd = s + Math.min(j, chunk.length);
        if (innerEnd - innerStart >= 3) segs.push([innerStart, innerEnd]);
        i = j + Math.max(1, markAt(chunk, j, true, reading));
      } else {
        i++;
      }
    }
  }
  return segs;
}

export function loadArticle(split: string, name: string, reading: MarkReading = 'official'): GoldArticle {
  const text = readFileSync(path.join(split, 'text', `${name}.txt`), 'utf8');
  const chars = [...text];
  const m = codePointToUtf16(text);
  const at = (i: number): number => m[i] ?? 0;
  const { spans, events } = parseAnn(path.join(split, 'attributions', `${name}.ann`));
  const direct: GoldItem[] = [];
  const indirect: GoldItem[] = [];
  for (const ev of events) {
    const get = (role: string) => (ev.get(role) ?? []).flatMap((id) => (spans.has(id) ? [spans.get(id) ?? { frags: [], text: '' }] : []));
    const sources = get('Source');
    const cueText = get('Cue').map((c) => c.text).join(' ');
    const cues = get('Cue').flatMap((c) => c.frags.map(([a, b]): Span => [at(a), at(b)]));
    const sourceSpans = sources.flatMap((s) => s.frags.map(([a, b]): Span => [at(a), at(b)]));
    const sourceText = sources.map((s) => s.text).join(' ');
    for (const content of get('Content')) {
      const segs = quotedSegments(chars, content.frags, reading);
      if (segs.length > 0) {
        for (const [s, e] of segs) direct.push({ span: [at(s), at(e)], sources: sourceSpans, sourceText, speech: true, cueText, cues });
      } else {
        for (const [s, e] of content.frags) indirect.push({ span: [at(s), at(e)], sources: sourceSpans, sourceText, speech: SPEECH.test(cueText), cueText, cues });
      }
    }
  }
  return { name, text, direct, indirect };
}

export function articleNames(split: string): string[] {
  return readdirSync(path.join(split, 'text'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();
}

function overlap(a: Span, b: Span): number {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  return inter / Math.max(1, Math.max(a[1] - a[0], b[1] - b[0]));
}

function words(s: string): Set<string> {
  return new Set((s.toLowerCase().match(/[a-z][a-z'-]+/gu) ?? []).filter((t) => !STOP.has(t) && t.length > 2));
}

export function speakerOk(q: ExtractedQuote, gold: GoldItem): boolean {
  return speakerMatches(q.speaker.mention, q.speaker.name, gold);
}

/** As score_polnear.py: the mention overlaps the gold source, or the names share a word. */
export function speakerMatches(mention: { start: number; end: number } | null, name: string, gold: GoldItem): boolean {
  if (mention !== null && gold.sources.some((g) => overlap([mention.start, mention.end], g) > 0)) return true;
  const goldWords = words(gold.sourceText);
  return [...words(name)].some((w) => goldWords.has(w));
}

/** Greedy one-to-one matching by overlap, as the Python scorer does (ties: later prediction, later gold first). */
export function match(preds: readonly ExtractedQuote[], golds: readonly GoldItem[], threshold: number): Map<ExtractedQuote, GoldItem> {
  const candidates: [number, number, number][] = [];
  preds.forEach((p, i) => golds.forEach((g, j) => {
    const o = overlap([p.start, p.end], g.span);
    if (o >= threshold) candidates.push([o, i, j]);
  }));
  candidates.sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]);
  const pairs = new Map<ExtractedQuote, GoldItem>();
  const usedGold = new Set<number>();
  for (const [, i, j] of candidates) {
    const p = preds[i];
    const g = golds[j];
    if (p === undefined || g === undefined || pairs.has(p) || usedGold.has(j)) continue;
    pairs.set(p, g);
    usedGold.add(j);
  }
  return pairs;
}

export interface Counts {
  directGold: number;
  directPred: number;
  directMatched: number;
  speakerRight: number;
  indirectGold: number;
  indirectPred: number;
  indirectMatched: number;
  speechGold: number;
  speechMatched: number;
}

export const zeroCounts = (): Counts => ({
  directGold: 0, directPred: 0, directMatched: 0, speakerRight: 0, indirectGold: 0, indirectPred: 0, indirectMatched: 0, speechGold: 0, speechMatched: 0,
});

/** Counts for one article, and whether each extracted quote is right (found, with the right speaker). */
export function scoreArticle(gold: GoldArticle, quotes: readonly ExtractedQuote[]): { counts: Counts; right: Map<ExtractedQuote, boolean> } {
  const direct = quotes.filter((q) => q.kind !== 'indirect');
  const indirect = quotes.filter((q) => q.kind === 'indirect');
  const dPairs = match(direct, gold.direct, 0.5);
  const iPairs = match(indirect, gold.indirect, 0.3);
  const right = new Map<ExtractedQuote, boolean>();
  for (const q of quotes) {
    const g = dPairs.get(q) ?? iPairs.get(q);
    right.set(q, g !== undefined && speakerOk(q, g));
  }
  return {
    right,
    counts: {
      directGold: gold.direct.length,
      directPred: direct.length,
      directMatched: dPairs.size,
      speakerRight: [...dPairs].filter(([q, g]) => speakerOk(q, g)).length,
      indirectGold: gold.indirect.length,
      indirectPred: indirect.length,
      indirectMatched: iPairs.size,
      speechGold: gold.indirect.filter((g) => g.speech).length,
      speechMatched: [...iPairs.values()].filter((g) => g.speech).length,
    },
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  const out = zeroCounts();
  for (const k of Object.keys(out) as (keyof Counts)[]) out[k] = a[k] + b[k];
  return out;
}

export type Prf = [precision: number, recall: number, f1: number];

function prf(tp: number, predicted: number, gold: number, goldTp = tp): Prf {
  const p = predicted === 0 ? 0 : tp / predicted;
  const r = gold === 0 ? 0 : goldTp / gold;
  return [p, r, p + r === 0 ? 0 : (2 * p * r) / (p + r)];
}

/** The measures score_polnear.py prints. */
export function measures(c: Counts) {
  return {
    direct: prf(c.directMatched, c.directPred, c.directGold),
    speakerAccuracy: c.directMatched === 0 ? 0 : c.speakerRight / c.directMatched,
    attribution: prf(c.speakerRight, c.directPred, c.directGold),
    indirect: prf(c.indirectMatched, c.indirectPred, c.indirectGold),
    reportedSpeech: prf(c.indirectMatched, c.indirectPred, c.speechGold, c.speechMatched),
  };
}

export interface SplitReport {
  overall: { articles: number; measures: ReturnType<typeof measures> };
  byPublisher: [string, { articles: number; measures: ReturnType<typeof measures> }][];
  reliability: { from: number; to: number; count: number; accuracy: number; meanConfidence: number }[];
  /** Expected calibration error over ten equal-width bins. */
  ece: number;
  flagged(threshold: number): { flagged: number; flaggedShare: number; settledAccuracy: number; flaggedAccuracy: number };
}

/** Runs `extract` on every article of a split and scores it (publisher: the file name up to the first "_"). */
export function evaluateSplit(split: string, extract: (text: string) => readonly ExtractedQuote[], reading: MarkReading = 'official'): SplitReport {
  const byPublisher = new Map<string, { articles: number; counts: Counts }>();
  let total = zeroCounts();
  const scored: { confidence: number; right: boolean }[] = [];
  const names = articleNames(split);
  for (const name of names) {
    const gold = loadArticle(split, name, reading);
    const quotes = extract(gold.text);
    const { counts, right } = scoreArticle(gold, quotes);
    total = addCounts(total, counts);
    const publisher = name.split('_')[0] ?? name;
    const entry = byPublisher.get(publisher) ?? { articles: 0, counts: zeroCounts() };
    byPublisher.set(publisher, { articles: entry.articles + 1, counts: addCounts(entry.counts, counts) });
    for (const q of quotes) scored.push({ confidence: q.confidence, right: right.get(q) === true });
  }
  const reliability = Array.from({ length: 10 }, (_, i) => {
    const from = i / 10;
    const to = (i + 1) / 10;
    const inBin = scored.filter((s) => s.confidence >= from && (s.confidence < to || (i === 9 && s.confidence <= 1)));
    const count = inBin.length;
    return {
      from,
      to,
      count,
      accuracy: count === 0 ? 0 : inBin.filter((s) => s.right).length / count,
      meanConfidence: count === 0 ? 0 : inBin.reduce((a, s) => a + s.confidence, 0) / count,
    };
  });
  const ece = reliability.reduce((e, b) => e + (b.count / Math.max(1, scored.length)) * Math.abs(b.accuracy - b.meanConfidence), 0);
  return {
    overall: { articles: names.length, measures: measures(total) },
    byPublisher: [...byPublisher].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { articles: v.articles, measures: measures(v.counts) }]),
    reliability,
    ece,
    flagged(threshold) {
      const low = scored.filter((s) => s.confidence < threshold);
      const high = scored.filter((s) => s.confidence >= threshold);
      const acc = (xs: typeof scored) => (xs.length === 0 ? 0 : xs.filter((s) => s.right).length / xs.length);
      return { flagged: low.length, flaggedShare: low.length / Math.max(1, scored.length), settledAccuracy: acc(high), flaggedAccuracy: acc(low) };
    },
  };
}
