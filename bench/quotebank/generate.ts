import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { Random, Zipf } from '../corpus/random.ts';
import { familyNames, personName, vocabulary } from '../corpus/vocabulary.ts';

/**
 * Synthetic Quotebank files in either layout, with the real field names and shapes (never real data):
 * quotes-by-quote (quoteID, quotation, speaker, qids, date, numOccurrences, probas as [name, "p"] pairs,
 * urls, phase) and quotes-by-article (articleID, url, date, title, content, phase, quotations with
 * quotationOffset, globalTopSpeaker, globalProbas). Deterministic for a seed. Some quotations are made the
 * way real data is imperfect: an ambiguous top speaker (`ambiguousEvery`), no speaker ("None"), a
 * quotation whose offset does not hold it (`mismatchEvery`, article layout).
 */
export interface QuotebankOptions {
  layout: 'quote' | 'article';
  /** Quotations to write (about; an article holds several). */
  quotes: number;
  seed?: number;
  ambiguousEvery?: number;
  noSpeakerEvery?: number;
  mismatchEvery?: number;
}

export interface GeneratedSpeaker {
  name: string;
  qid: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The lines of a file, each a JSON object followed by a line feed. */
export function* quotebankLines(options: QuotebankOptions): Generator<string> {
  const seed = options.seed ?? 20201123;
  const random = new Random(seed);
  const words = vocabulary(random, 5_000);
  const wordZipf = new Zipf(words.length, 1.07, random);
  const families = familyNames(random, 200);
  const speakers: GeneratedSpeaker[] = Array.from({ length: Math.max(20, Math.round(options.quotes / 50)) }, (_, i) => ({
    name: `${personName(random, families).name} ${i}`,
    qid: `Q${seed}${pad(i, 6)}`,
  }));
  const speakerZipf = new Zipf(speakers.length, 0.9, random);
  const sentence = (n: number) => Array.from({ length: n }, () => words[wordZipf.draw()]).join(' ');
  const day = (i: number) => new Date(Date.UTC(2015, 0, 1) + (i % 1800) * 86_400_000).toISOString().slice(0, 10);
  let made = 0;
  let serial = 0;
  const attribution = () => {
    serial++;
    const top = speakers[speakerZipf.draw()] as GeneratedSpeaker;
    const other = speakers[speakerZipf.draw()] as GeneratedSpeaker;
    if (options.noSpeakerEvery !== undefined && serial % options.noSpeakerEvery === 0) {
      return { name: 'None', qids: [] as string[], probas: [['None', '0.7'], [top.name, '0.3']] as [string, string][] };
    }
    const p = options.ambiguousEvery !== undefined && serial % options.ambiguousEvery === 0 ? 0.41 : 0.9;
    const probas: [string, string][] = [[top.name, p.toFixed(4)], [other.name, (1 - p).toFixed(4)]];
    return { name: top.name, qids: [top.qid], probas };
  };
  if (options.layout === 'quote') {
    while (made < options.quotes) {
      const date = day(made);
      const who = attribution();
      const urls = Array.from({ length: random.int(1, 3) }, (_, k) => `https://news${random.int(1, 40)}.example/${date}/${made}-${k}`);
      yield `${JSON.stringify({
        quoteID: `${date}-${pad(made, 6)}`,
        quotation: `${sentence(random.int(6, 20))} ${made}`,
        speaker: who.name,
        qids: who.qids,
        date: `${date} 00:00:00`,
        numOccurrences: urls.length,
        probas: who.probas,
        urls,
        phase: 'E',
      })}\n`;
      made++;
    }
    return;
  }
  let article = 0;
  while (made < options.quotes) {
    const date = day(article);
    const parts: string[] = [];
    let length = 0;
    const quotations: Record<string, unknown>[] = [];
    for (let k = random.int(3, 8); k > 0 && made < options.quotes; k--) {
      const who = attribution();
      const quotation = `${sentence(random.int(6, 20))} ${made}`;
      const lead = `${sentence(random.int(5, 12))}. `;
      const offset = length + lead.length + 1;
      const part = `${lead}“${quotation},” ${who.name === 'None' ? 'an official' : who.name} said. `;
      parts.push(part);
      length += part.length;
      // Offset so as not to fall on the quotations given no speaker (every noSpeakerEvery-th).
      const mismatched = options.mismatchEvery !== undefined && (made + 3) % options.mismatchEvery === 0;
      quotations.push({
        quoteID: `${date}-${pad(made, 6)}`,
        quotation,
        quotationOffset: mismatched ? offset + 3 : offset,
        globalTopSpeaker: who.name,
        globalProbas: who.probas.map(([speaker, proba]) => ({ speaker, proba: Number(proba), qids: speaker === who.name ? who.qids : [] })),
        numOccurrences: 1,
      });
      made++;
    }
    yield `${JSON.stringify({
      articleID: `${date}-${pad(article, 6)}`,
      url: `https://news${random.int(1, 40)}.example/${date}/article-${article}`,
      date: `${date} 00:00:00`,
      title: sentence(6),
      content: parts.join(''),
      phase: 'E',
      quotations,
    })}\n`;
    article++;
  }
}

/** Writes a file (gzip-compressed when `gzip`), returning the lines written. */
export async function writeQuotebankFile(file: string, options: QuotebankOptions & { gzip?: boolean }): Promise<number> {
  const out = createWriteStream(file);
  const gzip = options.gzip === true ? createGzip() : null;
  if (gzip !== null) gzip.pipe(out);
  const sink: Writable = gzip ?? out;
  let lines = 0;
  for (const line of quotebankLines(options)) {
    lines++;
    if (!sink.write(line)) await once(sink, 'drain');
  }
  sink.end();
  await once(out, 'finish');
  return lines;
}
