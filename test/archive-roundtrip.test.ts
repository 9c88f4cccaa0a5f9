import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeQuotebankFile } from '../bench/quotebank/generate.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../src/extraction/confidence.ts';
import { inspectNdjson, readNdjson } from '../src/import/ndjson-input.ts';
import { archiveImport } from '../src/services/archive-import.service.ts';
import { runImport, type ImportBatch, type ImportTotals } from '../src/services/import-run.ts';
import { quotebankImport } from '../src/services/quotebank-import.service.ts';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { contents, dumpOf } from './support/dump.ts';
import { unique, useTestApp, type TestApp } from './support/test-app.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importInto(t: TestApp, file: string, make: (t: TestApp) => ImportBatch, format: 'ndjson' | 'quotebank'): Promise<ImportTotals> {
  const input = await inspectNdjson(file);
  const checkpoint = await t.repos.imports.find(input.key);
  return runImport(t.repos, { fileKey: input.key, path: file, format }, checkpoint?.done ? null : checkpoint, readNdjson(input).lines, make(t), { batchLines: 50 });
}

const problems: string[] = [];
const fromDump = (t: TestApp) => archiveImport(t.repos, (line, message) => problems.push(`${line}: ${message}`));

describe('a dump of one whosaid imported into another', () => {
  const a = useTestApp({ seed: true });
  const b = useTestApp();
  const c = useTestApp();

  it('when everything of A is dumped and imported into an empty B, then B dumps the same records: quotes (with their statuses), speakers, occurrences, relays, citations, documents', async () => {
    // A: the seed (relays, affiliations, Wikidata IDs, an organisation that speaks) plus quotes of the API and Quotebank.
    const speaker = await addSpeaker(a, { aliases: [`Alias ${unique()}`], affiliations: [{ organization: `Ministry ${unique()}`, role: 'minister', validFrom: '2020' }] });
    await addQuote(a, { speaker: speaker.slug, text: `Round trip words ${unique()}`, saidOn: '2024-02-03' });
    // A retracted quote travels with its status and the editor's note, and stays hidden in B.
    const retractedText = `Retracted round trip words ${unique()}`;
    const retracted = await addQuote(a, { speaker: speaker.slug, text: retractedText, saidOn: '2024-02-04' });
    await a.api().post(`/v1/quotes/${retracted}/retract`).send({ reason: 'misattributed in the source' }).expect(200);
    for (const layout of ['quote', 'article'] as const) {
      const file = path.join(dir, `${layout}.ndjson`);
      await writeQuotebankFile(file, { layout, quotes: 40, seed: Math.floor(Math.random() * 1e6), ambiguousEvery: 5 });
      await importInto(a, file, (t) => quotebankImport(t.repos, { minSpeakerProbability: DEFAULT_REVIEW_THRESHOLD, reviewBelow: DEFAULT_REVIEW_THRESHOLD }, () => undefined), 'quotebank');
    }
    const dumpA = await dumpOf(a);
    const records = contents(dumpA).map((l) => JSON.parse(l) as { type: string; occurrences?: string[]; citations?: string[]; organization?: unknown });
    expect(records.filter((r) => r.type === 'quote' && (r.occurrences ?? []).some((o) => o.includes('"relays":[{')))).not.toHaveLength(0);
    expect(records.filter((r) => r.type === 'quote' && (r.citations ?? []).length > 0)).not.toHaveLength(0);
    expect(records.filter((r) => r.type === 'speaker' && r.organization !== null)).not.toHaveLength(0);

    const file = path.join(dir, 'a.ndjson');
    writeFileSync(file, dumpA);
    const totals = await importInto(b, file, fromDump, 'ndjson');
    expect(problems).toEqual([]);
    expect(totals.failedRecords ?? 0).toBe(0);
    expect(contents(await dumpOf(b))).toEqual(contents(dumpA));
    expect(totals.statusesRestored).toBeGreaterThan(0);
    const inB = await b.api('reader').get('/v1/quotes').query({ q: `"${retractedText}"`, status: 'retracted' }).expect(200);
    expect(inB.body.items).toMatchObject([{ text: retractedText, status: 'retracted', statusNote: { reason: 'misattributed in the source' } }]);
    expect((await b.api('reader').get('/v1/quotes').query({ q: `"${retractedText}"` }).expect(200)).body.items).toEqual([]);

    // Provenance reads the same in B: the chain of each quote, by content.
    const quote = JSON.parse(dumpA.split('\n').find((l) => l.includes('"relays":[{')) as string) as { text: string; speaker: string };
    const chains = async (t: TestApp) => {
      const found = await t.api('reader').get('/v1/quotes').query({ q: `"${quote.text}"`, speaker: quote.speaker }).expect(200);
      const id = (found.body.items as { id: number; text: string }[]).find((i) => i.text === quote.text)?.id;
      const res = await t.api('reader').get(`/v1/quotes/${id}/provenance`).set('Accept', 'application/json').expect(200);
      const p = res.body as { chains: { hops: unknown; document: { sha256: string }; start: number; end: number; context: unknown; relays: { name: string }[] }[] };
      return p.chains.map((c) => ({ hops: c.hops, sha256: c.document.sha256, start: c.start, end: c.end, context: c.context, relays: c.relays.map((r) => r.name) }));
    };
    const inA = await chains(a);
    expect(inA.length).toBeGreaterThan(0);
    expect(await chains(b)).toEqual(inA);
  });

  it('when the same dump is imported twice, then the second import creates nothing and changes nothing', async () => {
    const file = path.join(dir, 'twice.ndjson');
    writeFileSync(file, await dumpOf(a));
    const first = await importInto(c, file, fromDump, 'ndjson');
    expect(first.quotesCreated).toBeGreaterThan(0);
    const before = await dumpOf(c);
    const again = path.join(dir, 'twice-again.ndjson');
    // Another file (a new checkpoint), the same records.
    writeFileSync(again, `${before}\n`);
    const totals = await importInto(c, again, fromDump, 'ndjson');
    expect(totals.documentsCreated ?? 0).toBe(0);
    expect(totals.speakersCreated ?? 0).toBe(0);
    expect(totals.quotesCreated ?? 0).toBe(0);
    expect(totals.occurrencesCreated ?? 0).toBe(0);
    expect(totals.citationsCreated ?? 0).toBe(0);
    expect(totals.quotesExisting).toBe(first.quotesCreated);
    expect(contents(await dumpOf(c))).toEqual(contents(before));
  });

  it('when a record is broken (a quote whose offsets do not hold its words), then it is reported and the others are imported', async () => {
    const dump = await dumpOf(a);
    const lines = dump.trimEnd().split('\n');
    const index = lines.findIndex((l) => l.includes('"type":"quote"') && l.includes('"occurrences":[{'));
    const quote = JSON.parse(lines[index] as string) as { text: string; occurrences: { start: number }[] };
    (quote.occurrences[0] as { start: number }).start += 1;
    quote.text = `${quote.text} ${unique()}`;
    lines[index] = JSON.stringify(quote);
    const file = path.join(dir, 'broken.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    problems.length = 0;
    const totals = await importInto(b, file, fromDump, 'ndjson');
    expect(totals.failedRecords).toBe(1);
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${index + 1}: quote: .*does not hold the quote`))]);
  });
});
