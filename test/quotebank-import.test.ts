import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import compressjs from 'compressjs';
import { afterAll, describe, expect, it } from 'vitest';
import { quotebankLines, writeQuotebankFile, type QuotebankOptions } from '../bench/quotebank/generate.ts';
import { importCommand } from '../src/cli/commands/import.command.ts';
import { parseQuotebankLine, quotebankQuote } from '../src/formats/quotebank.ts';
import { loadConfig } from '../src/config.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../src/extraction/confidence.ts';
import { inspectNdjson, readNdjson } from '../src/import/ndjson-input.ts';
import { createLogger } from '../src/logger.ts';
import { runImport, type ImportBatch } from '../src/services/import-run.ts';
import { quotebankImport } from '../src/services/quotebank-import.service.ts';
import { createStorage } from '../src/storage/index.ts';
import type { QuoteDetail } from '../src/domain/models.ts';
import { sqlRows } from './support/sql.ts';
import { useTestApp } from './support/test-app.ts';

class Collect extends Writable {
  data = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.data += chunk.toString('utf8');
    done();
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-quotebank-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seed = Math.floor(Math.random() * 1e6) * 10;
/** A generated file of its own (a new seed: new speakers, QIDs and words). */
async function generated(options: Omit<QuotebankOptions, 'seed'>, name = `qb-${seed}.ndjson`): Promise<{ file: string; lines: string[] }> {
  seed += 1;
  const file = path.join(dir, name);
  await writeQuotebankFile(file, { ...options, seed });
  return { file, lines: readFileSync(file, 'utf8').trimEnd().split('\n') };
}

const SETTINGS = { minSpeakerProbability: DEFAULT_REVIEW_THRESHOLD, reviewBelow: DEFAULT_REVIEW_THRESHOLD };

describe('Quotebank import', () => {
  const t = useTestApp();

  async function importFile(file: string, batchLines = 100, wrap: (batch: ImportBatch) => ImportBatch = (b) => b) {
    const input = await inspectNdjson(file);
    const checkpoint = await t.repos.imports.find(input.key);
    const problems: string[] = [];
    const batch = wrap(quotebankImport(t.repos, SETTINGS, (line, message) => problems.push(`${line}: ${message}`)));
    const totals = await runImport(t.repos, { fileKey: input.key, path: file, format: 'quotebank' }, checkpoint, readNdjson(input, checkpoint ?? undefined).lines, batch, { batchLines });
    return { totals, problems, key: input.key };
  }

  async function quotesSince(maxId: number): Promise<QuoteDetail[]> {
    return t.repos.archive.quotes(maxId, 100_000);
  }

  it('when a quotes-by-quote file is imported, then each attributed quotation is a quote cited at its URLs, its speaker has the Wikidata QID, ambiguous ones are under the review threshold', async () => {
    const { file, lines } = await generated({ layout: 'quote', quotes: 240, ambiguousEvery: 8, noSpeakerEvery: 30 });
    const records = lines.map((l) => JSON.parse(l) as { quotation: string; speaker: string; qids: string[]; urls: string[]; probas: [string, string][]; date: string; quoteID: string });
    const attributed = records.filter((r) => r.speaker !== 'None');
    const before = await t.repos.quotes.maxId();
    const { totals } = await importFile(file);
    expect(totals).toMatchObject({ lines: 240, quotesCreated: attributed.length, noSpeaker: 240 - attributed.length, citationsCreated: attributed.reduce((n, r) => n + r.urls.length, 0) });
    const ambiguous = attributed.filter((r) => Number(r.probas[0]?.[1]) < SETTINGS.minSpeakerProbability);
    expect(ambiguous.length).toBeGreaterThan(0);
    expect(totals.toReview).toBe(ambiguous.length);

    const stored = await quotesSince(before);
    expect(stored.map((q) => q.text).sort()).toEqual(attributed.map((r) => r.quotation).sort());
    const sample = attributed[1] as (typeof attributed)[number];
    const quote = stored.find((q) => q.text === sample.quotation) as QuoteDetail;
    const res = await t.api('reader').get(`/v1/quotes/${quote.id}`).expect(200);
    expect(res.body).toMatchObject({ occurrences: [], speaker: { name: sample.speaker } });
    expect((res.body as QuoteDetail).citations.map((c) => c.url).sort()).toEqual([...sample.urls].sort());
    expect((res.body as QuoteDetail).citations[0]).toMatchObject({ source: 'quotebank', sourceQuoteId: sample.quoteID, seenOn: sample.date.slice(0, 10) });
    const speaker = await t.api('reader').get(`/v1/speakers/${quote.speaker.slug}`).expect(200);
    expect(speaker.body.externalIds).toEqual([{ scheme: 'wikidata', value: sample.qids[0] }]);
    const confidences = new Map(stored.map((q) => [q.text, q.citations[0]?.confidence as number]));
    for (const r of ambiguous) expect(confidences.get(r.quotation)).toBeLessThan(SETTINGS.reviewBelow);

    const page = await t.api('reader').get(`/quotes/${quote.id}`).expect(200);
    expect(page.text).toContain('Cited at URL, text not held');
    expect(page.text).toContain(sample.urls[0]);
    const provenance = await t.api('reader').get(`/v1/quotes/${quote.id}/provenance`).set('Accept', 'application/json').expect(200);
    expect(provenance.body).toMatchObject({ chains: [] });
    expect((provenance.body as { citations: { url: string; source: string }[] }).citations.map((c) => [c.url, c.source]).sort()).toEqual(sample.urls.map((u) => [u, 'quotebank']).sort());
  });

  it('when a search asks for evidence=url or evidence=document, then it finds the cited quotes or the quotes held in documents', async () => {
    const { file, lines } = await generated({ layout: 'quote', quotes: 30 });
    await importFile(file);
    const words = (JSON.parse(lines[0] as string) as { quotation: string }).quotation;
    const q = `"${words}"`;
    const byUrl = await t.api('reader').get('/v1/quotes').query({ q, evidence: 'url' }).expect(200);
    expect(byUrl.body.items.map((i: { text: string }) => i.text)).toContain(words);
    const byDocument = await t.api('reader').get('/v1/quotes').query({ q, evidence: 'document' }).expect(200);
    expect(byDocument.body.items).toEqual([]);
    await t.api('reader').get('/v1/quotes').query({ evidence: 'rumour' }).expect(400);
  });

  it('when a quotes-by-article file is imported, then articles are documents holding each quotation at its offsets; a quotation whose offset does not hold it is reported and skipped', async () => {
    const { file, lines } = await generated({ layout: 'article', quotes: 150, mismatchEvery: 9, noSpeakerEvery: 40 });
    const articles = lines.map((l) => JSON.parse(l) as { content: string; quotations: { quotation: string; quotationOffset: number; globalTopSpeaker: string }[] });
    const quotations = articles.flatMap((a) => a.quotations.map((q) => ({ ...q, content: a.content })));
    const held = quotations.filter((q) => q.globalTopSpeaker !== 'None' && q.content.startsWith(q.quotation, q.quotationOffset));
    const mismatched = quotations.filter((q) => q.globalTopSpeaker !== 'None' && !q.content.startsWith(q.quotation, q.quotationOffset));
    expect(mismatched.length).toBeGreaterThan(0);
    const before = await t.repos.quotes.maxId();
    const { totals, problems } = await importFile(file, 7);
    expect(totals).toMatchObject({ lines: articles.length, offsetMismatches: mismatched.length, occurrencesCreated: held.length });
    expect(problems.filter((p) => p.includes('is not the quotation'))).toHaveLength(mismatched.length);
    const stored = await quotesSince(before);
    expect(stored.map((q) => q.text).sort()).toEqual(held.map((q) => q.quotation).sort());
    for (const quote of stored) {
      for (const o of quote.occurrences) {
        const doc = await t.repos.documents.findById(o.document.id);
        expect(doc?.text.slice(o.start, o.end)).toBe(quote.text);
      }
      expect(quote.occurrences[0]).toMatchObject({ attributedBy: 'extractor', extractorVersion: 'quotebank' });
    }
  });

  it('when two articles of one CLI batch quote the same words of one speaker, then one quote holds both occurrences and search finds it once under either outlet and under the earlier date', async () => {
    const name = `Ada Twice ${seed}`;
    const words = `twice reported words ${seed} about the harbour`;
    const article = (n: number, host: string, day: string) => {
      const content = `Lead ${n}. “${words},” ${name} said.`;
      return JSON.stringify({
        articleID: `${day}-${seed}-${n}`,
        url: `https://${host}/${seed}/${n}`,
        date: `${day} 00:00:00`,
        title: `Article ${n}`,
        content,
        quotations: [{ quoteID: `${seed}-q${n}`, quotation: words, quotationOffset: content.indexOf(words), globalTopSpeaker: name, globalProbas: [{ speaker: name, proba: 0.9, qids: [`Q${seed}7`] }] }],
      });
    };
    const file = path.join(dir, `twice-${seed}.ndjson`);
    writeFileSync(file, `${article(1, `late${seed}.example`, '2019-03-20')}\n${article(2, `early${seed}.example`, '2019-03-02')}\n`);
    const input = await inspectNdjson(file);
    const batch = quotebankImport(t.repos, SETTINGS, () => undefined, { bulk: true });
    const totals = await runImport(t.repos, { fileKey: input.key, path: file, format: 'quotebank' }, null, readNdjson(input).lines, batch, { batchLines: 100 });
    expect(totals).toMatchObject({ documentsCreated: 2, quotesCreated: 1, occurrencesCreated: 2 });
    const hits = async (query: Record<string, string>) => ((await t.api('reader').get('/v1/quotes').query({ q: `"${words}"`, ...query }).expect(200)).body.items as { id: number }[]).map((i) => i.id);
    const [id] = await hits({});
    expect(await hits({})).toEqual([id]);
    for (const outlet of [`late${seed}.example`, `early${seed}.example`]) expect(await hits({ outlet })).toEqual([id]);
    expect(await hits({ from: '2019-03-01', to: '2019-03-03' })).toEqual([id]);
    expect(await hits({ from: '2019-03-10' })).toEqual([]);
  });

  it('when a CLI batch of articles is imported, then each new document has one audit row of its creation by the CLI, and an article stored already gets none', async () => {
    const name = `Ada Audited ${seed}`;
    const article = (n: number) => {
      const words = `audited words ${seed} number ${n} about the port`;
      const content = `Lead ${n}. “${words},” ${name} said.`;
      return JSON.stringify({
        articleID: `audit-${seed}-${n}`,
        url: `https://audit${seed}.example/${n}`,
        date: '2019-04-01 00:00:00',
        content,
        quotations: [{ quoteID: `${seed}-a${n}`, quotation: words, quotationOffset: content.indexOf(words), globalTopSpeaker: name, globalProbas: [{ speaker: name, proba: 0.9, qids: [] }] }],
      });
    };
    const importLines = async (file: string, lines: string[]) => {
      writeFileSync(file, `${lines.join('\n')}\n`);
      const input = await inspectNdjson(file);
      const batch = quotebankImport(t.repos, SETTINGS, () => undefined, { bulk: true });
      return runImport(t.repos, { fileKey: input.key, path: file, format: 'quotebank' }, null, readNdjson(input).lines, batch, { batchLines: 100 });
    };
    expect(await importLines(path.join(dir, `audit-a-${seed}.ndjson`), [article(1), article(2)])).toMatchObject({ documentsCreated: 2 });
    // Article 2 again, in a batch with a new one: the stored document is found, not created.
    expect(await importLines(path.join(dir, `audit-b-${seed}.ndjson`), [article(3), article(2)])).toMatchObject({ documentsCreated: 1, documentsExisting: 1 });
    const audited = await sqlRows<{ url: string; via: string; action: string; apiKeyId: number | null }>(t, {
      sqlite: "SELECT d.url, a.via, a.action, a.apiKeyId FROM Document d JOIN AuditEvent a ON a.entityType = 'Document' AND a.entityId = d.id WHERE d.url LIKE ? ORDER BY a.id",
      postgres: `SELECT d.url, a.via, a.action, a.api_key_id AS "apiKeyId" FROM document d JOIN audit_event a ON a.entity_type = 'Document' AND a.entity_id = d.id WHERE d.url LIKE $1 ORDER BY a.id`,
    }, [`https://audit${seed}.example/%`]);
    expect(audited).toEqual([1, 2, 3].map((n) => ({ url: `https://audit${seed}.example/${n}`, via: 'cli', action: 'create', apiKeyId: null })));
  });

  it('when the file is gzip- or bzip2-compressed, then it is recognised by its first bytes and read line for line as the plain file', async () => {
    const { file, lines } = await generated({ layout: 'quote', quotes: 40 });
    const plain = readFileSync(file);
    const gz = path.join(dir, `gz-${seed}.json`);
    const bz = path.join(dir, `bz-${seed}.data`);
    writeFileSync(gz, gzipSync(plain));
    writeFileSync(bz, Buffer.from(compressjs.Bzip2.compressFile(plain)));
    for (const [compressed, compression] of [[gz, 'gzip'], [bz, 'bzip2']] as const) {
      const input = await inspectNdjson(compressed);
      expect(input.compression).toBe(compression);
      const read: string[] = [];
      for await (const line of readNdjson(input).lines) read.push(line.text);
      expect(read).toEqual(lines);
    }
    const { totals } = await importFile(bz);
    expect(totals.quotesCreated).toBe(40);
  });

  it('when an import stops after some batches, then running it again resumes after the last saved batch and the result is that of one whole run', async () => {
    for (const compressed of [false, true]) {
      const { file: plainFile, lines } = await generated({ layout: 'quote', quotes: 250 });
      const file = compressed ? `${plainFile}.gz` : plainFile;
      if (compressed) writeFileSync(file, gzipSync(readFileSync(plainFile)));
      const before = await t.repos.quotes.maxId();
      let batches = 0;
      const crashing = (batch: ImportBatch): ImportBatch => async (l, totals) => {
        if (++batches === 3) throw new Error('killed');
        await batch(l, totals);
      };
      await expect(importFile(file, 50, crashing)).rejects.toThrow('killed');
      const key = (await inspectNdjson(file)).key;
      expect(await t.repos.imports.find(key)).toMatchObject({ lines: 100, done: false, totals: { lines: 100, quotesCreated: 100 } });
      const { totals } = await importFile(file, 50);
      expect(totals).toMatchObject({ lines: 250, quotesCreated: 250 });
      const stored = await quotesSince(before);
      expect(stored.map((q) => q.text).sort()).toEqual(lines.map((l) => (JSON.parse(l) as { quotation: string }).quotation).sort());
      expect(await t.repos.imports.find(key)).toMatchObject({ lines: 250, done: true });
    }
  });
});

describe('whosaid import (CLI)', () => {
  const logger = createLogger({ logLevel: 'silent' });

  it('when given a Quotebank file, then it imports it with a summary on stdout; run again, it has nothing to do; with --again, it adds nothing', async () => {
    const database = path.join(dir, `cli-${seed}.db`);
    const config = loadConfig({ DATABASE_URL: `file:${database}`, SEED_ON_START: 'false' });
    const { file } = await generated({ layout: 'article', quotes: 60, noSpeakerEvery: 1000 });
    const run = async (...args: string[]) => {
      const stdout = new Collect();
      const stderr = new Collect();
      const code = await importCommand.run(args, { config, logger, stdout, stderr });
      return { code, stdout: stdout.data, stderr: stderr.data };
    };
    const first = await run('quotebank', file);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^occurrencesCreated: 60$/m);
    expect(first.stderr).toMatch(/100% \d+ lines/);
    const second = await run('quotebank', file);
    expect(second).toMatchObject({ code: 0 });
    expect(second.stderr).toContain('nothing to do');
    const again = await run('quotebank', file, '--again');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^documentsExisting: \d+$/m);
    expect(again.stdout).not.toMatch(/^documentsCreated/m);
    expect((await run('quotebank')).code).toBe(64);
    expect((await run('csv', file)).code).toBe(64);
    const storage = await createStorage(config, { prepared: true });
    try {
      expect(await storage.repos.quotes.maxId()).toBe(60);
    } finally {
      await storage.close();
    }
  });
});

it('the generator writes the real field names of both layouts', () => {
  const [quote] = quotebankLines({ layout: 'quote', quotes: 1 });
  expect(Object.keys(JSON.parse(quote as string) as object)).toEqual(['quoteID', 'quotation', 'speaker', 'qids', 'date', 'numOccurrences', 'probas', 'urls', 'phase']);
  const [article] = quotebankLines({ layout: 'article', quotes: 1 });
  const parsed = JSON.parse(article as string) as { quotations: object[] };
  expect(Object.keys(parsed)).toEqual(['articleID', 'url', 'date', 'title', 'content', 'phase', 'quotations']);
  expect(Object.keys(parsed.quotations[0] as object)).toEqual(['quoteID', 'quotation', 'quotationOffset', 'globalTopSpeaker', 'globalProbas', 'numOccurrences']);
});

it('a quotes-by-quote line reads the same whether its shape is checked by hand or by the schema, and a malformed one is refused with the reason', () => {
  const [line] = quotebankLines({ layout: 'quote', quotes: 1, seed: 3 });
  const good = JSON.parse(line as string) as Record<string, unknown>;
  const viaSchema = quotebankQuote.parse(good);
  expect(parseQuotebankLine(line as string)).toEqual({ layout: 'quote', quote: viaSchema });
  const minimal = { quoteID: 'x', quotation: 'Words', speaker: 'A B', date: '2020-01-01 00:00:00' };
  expect(parseQuotebankLine(JSON.stringify(minimal))).toEqual({ layout: 'quote', quote: quotebankQuote.parse(minimal) });
  const broken: [string, unknown][] = [
    ['quotation', ''],
    ['speaker', 7],
    ['qids', 'Q1'],
    ['date', '31/08/2015'],
    ['numOccurrences', 1.5],
    ['probas', [['A B']]],
    ['probas', [{ speaker: 'A B' }]],
    ['urls', ['']],
    ['phase', 5],
  ];
  for (const [field, value] of broken) {
    const parsed = parseQuotebankLine(JSON.stringify({ ...good, [field]: value }));
    expect(parsed, field).toMatchObject({ error: expect.stringContaining(field), code: 'validation_failed' });
    expect(quotebankQuote.safeParse({ ...good, [field]: value }).success, field).toBe(false);
  }
  expect(parseQuotebankLine('{"quoteID":')).toEqual({ error: 'not JSON', code: 'malformed_json' });
});
