import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search-query.ts';
import { normalizeQuoteText, sha256Hex } from '../../src/domain/text.ts';
import { createStorage, type Storage, type StorageConfig } from '../../src/storage/index.ts';
import type { NewDocument, NewSpeaker, PendingAttribution } from '../../src/storage/ports/index.ts';
import { minhashBuckets } from '../../src/verification/minhash.ts';
import { createDatabase, dropDatabase } from '../support/postgres-server.ts';
import { unique } from '../support/test-app.ts';

/**
 * The storage contract: what every backend must do, written against the
 * ports and the lifecycle only, each backend opened through createStorage on
 * a database of its own. A backend joins by an entry in BACKENDS; each test
 * project runs the suite on its own backend (vitest.config.ts).
 */
interface Backend {
  name: 'sqlite' | 'postgres';
  /** A configuration naming a new, empty database of this backend; `dispose` removes it. */
  fresh(): Promise<{ config: StorageConfig; dispose(): Promise<void> }>;
}

const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async fresh() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-contract-'));
      const file = path.join(dir, 'contract.db');
      return { config: { databasePath: file, databaseUrl: `file:${file}` }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async fresh() {
      // An empty database (no template): createStorage migrates it, as `npm start` does.
      const server = inject('postgresServer');
      const name = `contract_${randomBytes(4).toString('hex')}`;
      await createDatabase(server, name, null);
      return { config: { databasePath: '', databaseUrl: server.replace(/\/[^/]*$/, `/${name}`) }, dispose: () => dropDatabase(server, name) };
    },
  },
];

function documentOf(text: string, extra: Partial<NewDocument> = {}): NewDocument {
  return { outlet: 'Contract Wire', title: null, url: null, publishedOn: '2025-03-04', dateline: null, language: 'en', text, sha256: sha256Hex(text), ...extra };
}

function speakerOf(name: string, extra: Partial<NewSpeaker> = {}): NewSpeaker {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { slug, name, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [], ...extra };
}

function attributionOf(text: string, words: string, speakerSlug: string): PendingAttribution {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`"${words}" is not in the text`);
  const normalizedText = normalizeQuoteText(words);
  return {
    speakerSlug,
    aboutSpeakerId: null,
    text: words,
    normalizedText,
    normalizedHash: sha256Hex(normalizedText),
    kind: 'direct',
    saidOn: '2025-03-03',
    venue: null,
    start,
    end: start + words.length,
    cue: null,
    speakerMention: null,
    relays: [],
    confidence: 1,
    attributedBy: 'manual',
    extractorVersion: null,
  };
}

describe.each(BACKENDS.filter((b) => b.name === inject('backend')))('storage contract: $name', (backend) => {
  let storage: Storage;
  let database: Awaited<ReturnType<Backend['fresh']>>;
  beforeAll(async () => {
    database = await backend.fresh();
    storage = await createStorage(database.config);
  });
  afterAll(async () => {
    await storage.close();
    await database.dispose();
  });

  /** Stores one article with one quote by a new speaker; returns what the ports said. */
  async function storeQuote(words: string) {
    const speaker = speakerOf(`Contract ${unique('sp')}`);
    const text = `Officials met on Monday. "${words}," ${speaker.name} said.`;
    const stored = await storage.repos.writes.ingestDocument(documentOf(text), [speaker], [attributionOf(text, words, speaker.slug)]);
    const saved = stored.saved[0];
    if (saved === undefined) throw new Error('nothing saved');
    return { stored, saved, speaker, text };
  }

  it('when the database is new, then it is migrated, reachable and consistent', async () => {
    expect(await storage.repos.health.ping()).toBe(true);
    expect((await storage.repos.health.schemaVersion()).appliedMigrations).toBeGreaterThan(0);
    expect(await storage.checkIntegrity()).toBe('ok');
  });

  it('when a document is ingested, then its document, speaker and quote read back whole', async () => {
    const word = unique('zorb');
    const { stored, saved, speaker } = await storeQuote(`We will build the ${word} bridge by spring`);
    expect(stored).toMatchObject({ created: true, speakers: [{ slug: speaker.slug, created: true }] });
    expect(saved).toMatchObject({ quoteCreated: true, occurrenceCreated: true });
    expect(await storage.repos.documents.findBySha256(stored.document.sha256)).toMatchObject({ id: stored.document.id, outlet: 'Contract Wire' });
    expect(await storage.repos.speakers.findByRef(speaker.slug)).toMatchObject({ name: speaker.name, quoteCount: 1 });
    expect(await storage.repos.speakers.resolveIds(speaker.name)).toEqual([stored.speakers[0]?.id]);
    const quote = await storage.repos.quotes.findById(saved.quoteId);
    expect(quote).toMatchObject({ text: `We will build the ${word} bridge by spring`, kind: 'direct', saidOn: '2025-03-03' });
    expect(quote?.occurrences).toHaveLength(1);
    expect(await storage.repos.quotes.maxId()).toBeGreaterThanOrEqual(saved.quoteId);
  });

  /** An article of `count` quotes by one new speaker, each quote's words unique. */
  function longArticle(count: number) {
    const speaker = speakerOf(`Contract ${unique('long')}`);
    const tag = unique('w');
    const lines = Array.from({ length: count }, (_, i) => `Item ${i} of ${tag} stays open`);
    const text = lines.map((l) => `"${l}," ${speaker.name} said.`).join('\n');
    return { speaker, text, attributions: lines.map((l) => attributionOf(text, l, speaker.slug)) };
  }

  it('when a document has more quotes than one write step takes, then it is stored whole, and reads meanwhile see none of it', async () => {
    const { speaker, text, attributions } = longArticle(1_000);
    const writing = storage.repos.writes.ingestDocument(documentOf(text), [speaker], attributions);
    // Reads served while the write is under way see the database as it was, never part of the article.
    let partial = false;
    const reading = (async () => {
      for (let i = 0; i < 50; i++) {
        const seen = await storage.repos.speakers.findByRef(speaker.slug);
        if (seen !== null && seen.quoteCount !== attributions.length) partial = true;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const stored = await writing;
    await reading;
    expect(partial).toBe(false);
    expect(stored.saved).toHaveLength(attributions.length);
    expect(stored.saved.every((s) => s.quoteCreated)).toBe(true);
    expect(await storage.repos.speakers.findByRef(speaker.slug)).toMatchObject({ quoteCount: attributions.length });
    expect(await storage.checkIntegrity()).toBe('ok');
  });

  it('when one quote of a long document fails, then nothing of the document is stored', async () => {
    const { speaker, text, attributions } = longArticle(700);
    // The 600th names a speaker the call does not bring: the write fails well after its first steps.
    const broken = attributions.map((a, i) => (i === 600 ? { ...a, speakerSlug: 'nobody-in-this-call' } : a));
    await expect(storage.repos.writes.ingestDocument(documentOf(text), [speaker], broken)).rejects.toThrow();
    expect(await storage.repos.documents.findBySha256(sha256Hex(text))).toBeNull();
    expect(await storage.repos.speakers.findByRef(speaker.slug)).toBeNull();
    // And the writer is free: the same document, whole, is stored next.
    expect((await storage.repos.writes.ingestDocument(documentOf(text), [speaker], attributions)).saved).toHaveLength(700);
  });

  it('when the same text is ingested again, then nothing is written and the stored document is returned', async () => {
    const { stored, text, speaker } = await storeQuote(`Nothing changes for ${unique('w')} today`);
    const again = await storage.repos.writes.ingestDocument(documentOf(text), [speaker], []);
    expect(again).toMatchObject({ created: false, document: { id: stored.document.id }, saved: [] });
  });

  it('when a document with a stored text is created, then it is refused with document_exists', async () => {
    const { text } = await storeQuote(`A line about ${unique('w')} again`);
    await expect(storage.repos.writes.createDocument(documentOf(text))).rejects.toMatchObject({ code: 'document_exists' });
  });

  it('when a quote is stored, then search finds it at once, estimates it, and counts its facets', async () => {
    const word = unique('quux');
    const { saved } = await storeQuote(`The ${word} plan stays on the table`);
    const scope = { query: null, filters: {}, maxId: await storage.repos.quotes.maxId() };
    const rows = await storage.repos.quotes.search({ ...scope, query: parse(word), order: 'relevance', limit: 5, offset: 0 });
    expect(rows.map((r) => r.id)).toEqual([saved.quoteId]);
    expect(rows[0]?.score).not.toBeNull();
    expect(await storage.repos.quotes.estimateMatches({ query: parse(word), filters: {} }, 1000)).toEqual({ count: 1, more: false });
    const facets = await storage.repos.quotes.facets({ ...scope, query: parse(word) }, ['kind'], 100);
    expect(facets).toMatchObject({ basedOn: 1, sampled: false, counts: { kind: [{ key: 'direct', count: 1 }] } });
  });

  it('when more quotes match than the caller counts to, then the estimate says "more than" the caller\'s number', async () => {
    const word = unique('many');
    await storeQuote(`First ${word} remark`);
    await storeQuote(`Second ${word} remark`);
    await storeQuote(`Third ${word} remark`);
    expect(await storage.repos.quotes.estimateMatches({ query: parse(word), filters: {} }, 2)).toEqual({ count: 2, more: true });
  });

  it('when a quote is corrected, then reads and search filters see the correction', async () => {
    const word = unique('fix');
    const { saved } = await storeQuote(`The ${word} figures were wrong`);
    expect(await storage.repos.writes.updateQuote(saved.quoteId, { kind: 'partial', venue: 'a briefing' })).toBe(true);
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ kind: 'partial', venue: 'a briefing' });
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect(await storage.repos.quotes.search({ ...page, filters: { kind: 'partial' } })).toHaveLength(1);
    expect(await storage.repos.quotes.search({ ...page, filters: { kind: 'direct' } })).toHaveLength(0);
    expect(await storage.repos.writes.updateQuote(999_999_999, { kind: 'direct' })).toBe(false);
  });

  it('when a quote is deleted, then no read, search or verification lookup finds it', async () => {
    const word = unique('gone');
    const words = `The ${word} treaty is signed and sealed today`;
    const { saved } = await storeQuote(words);
    const hash = sha256Hex(normalizeQuoteText(words));
    expect(await storage.repos.verify.idsByNormalizedHash(hash)).toEqual([saved.quoteId]);
    expect(await storage.repos.writes.deleteQuote(saved.quoteId)).toBe(true);
    expect(await storage.repos.quotes.findById(saved.quoteId)).toBeNull();
    const page = { query: parse(word), filters: {}, maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect(await storage.repos.quotes.search(page)).toEqual([]);
    expect(await storage.repos.verify.idsByNormalizedHash(hash)).toEqual([]);
    expect(await storage.repos.verify.idsByLshBuckets(minhashBuckets(words), 10, 10)).not.toContain(saved.quoteId);
    expect(await storage.repos.writes.deleteQuote(saved.quoteId)).toBe(false);
  });

  it('when a quote was just stored, then every verification lookup finds it (no wait by the caller)', async () => {
    const word = unique('veri');
    const words = `Our ${word} reserves will last until the winter ends`;
    const { saved } = await storeQuote(words);
    expect(await storage.repos.verify.idsByLshBuckets(minhashBuckets(words), 10, 10)).toContain(saved.quoteId);
    expect(await storage.repos.verify.idsByAnyTerm([word], 10)).toContain(saved.quoteId);
    expect(await storage.repos.verify.idsByAllTerms([word, 'reserves'], 10)).toContain(saved.quoteId);
    expect(await storage.repos.verify.idsWithAllTerms([word, 'winter'], 10)).toContain(saved.quoteId);
    expect((await storage.repos.verify.documentFrequencies([word], 5)).get(word)).toBe(1);
    expect(await storage.repos.verify.quoteCountEstimate()).toBeGreaterThanOrEqual(1);
    expect(await storage.repos.verify.quotes([saved.quoteId])).toMatchObject([{ id: saved.quoteId, text: words }]);
    expect(await storage.repos.verify.provenance(saved.quoteId)).toMatchObject({ documents: 1, earliest: { outlet: 'Contract Wire' } });
  });

  it('when a word is in more quotes than asked about, then its frequency reports one more than the limit', async () => {
    const word = unique('freq');
    for (let i = 0; i < 3; i++) await storeQuote(`Remark ${i} on ${word} matters`);
    expect((await storage.repos.verify.documentFrequencies([word], 2)).get(word)).toBe(3);
  });

  it('when a speaker is upserted again, then new aliases join the same speaker', async () => {
    const speaker = speakerOf(`Upsert ${unique('sp')}`);
    const first = await storage.repos.writes.upsertSpeaker(speaker);
    const alias = `Alias ${unique('a')}`;
    const second = await storage.repos.writes.upsertSpeaker({ ...speaker, aliases: [alias] });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, speaker: { id: first.speaker.id } });
    expect(await storage.repos.speakers.resolveIds(alias)).toEqual([first.speaker.id]);
    await expect(storage.repos.writes.createSpeaker(speaker)).rejects.toMatchObject({ code: 'speaker_exists' });
  });

  it('when an API key is created and revoked, then lookups by prefix follow', async () => {
    const prefix = unique('k').slice(0, 12).padEnd(12, 'x');
    const created = await storage.repos.apiKeys.create({ prefix, hash: 'ab'.repeat(32), name: 'contract', role: 'reader' });
    expect(await storage.repos.apiKeys.findByPrefix(prefix)).toMatchObject({ id: created.id, hash: 'ab'.repeat(32), role: 'reader', revokedAt: null });
    expect((await storage.repos.apiKeys.list()).map((k) => k.id)).toContain(created.id);
    expect((await storage.repos.apiKeys.revoke(created.id))?.revokedAt).not.toBeNull();
    expect(await storage.repos.apiKeys.revoke(999_999_999)).toBeNull();
  });

  it('when reindexed, then the search index is rebuilt from the data and still finds every quote', async () => {
    const word = unique('rebuilt');
    const { saved } = await storeQuote(`A ${word} index`);
    const report = await storage.reindex();
    expect(report.searchIndexed).toBeGreaterThanOrEqual(1);
    expect(report.verifyIndex.complete).toBe(true);
    const page = { query: parse(word), filters: {}, maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect((await storage.repos.quotes.search(page)).map((r) => r.id)).toEqual([saved.quoteId]);
  });

  // PostgreSQL backups (pg_dump / pg_basebackup wrapped by `whosaid backup`) are not built yet (issue #18, item 6).
  it.skipIf(backend.name === 'postgres')('when backed up, then the copy is complete and checked, and an existing file is never overwritten', async () => {
    await storeQuote(`Backed up ${unique('w')} words`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-contract-backup-'));
    try {
      const report = await storage.backup(path.join(dir, 'copy'));
      expect(report.integrity).toBe('ok');
      expect(report.tables.Quote).toBeGreaterThanOrEqual(1);
      await expect(storage.backup(path.join(dir, 'copy'))).rejects.toThrow(/exists/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A one-word query, as the service's parser makes it. */
function parse(word: string) {
  return parseSearchQuery(word);
}
