import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search-query.ts';
import { QUOTE_STATUSES } from '../../src/domain/status.ts';
import { normalizeQuoteText, sha256Hex, slugify } from '../../src/domain/text.ts';
import { createStorage, type Storage, type StorageConfig } from '../../src/storage/index.ts';
import { withReadPosition } from '../../src/storage/read-position.ts';
import type { NewDocument, NewSpeaker, PendingAttribution } from '../../src/storage/ports/index.ts';
import { createDatabase, dropDatabase, pgDumpUnable } from '../support/postgres-server.ts';
import { alteredShapes, claimProbe } from '../../src/services/verify-probe.ts';
import { analyseClaim } from '../../src/verification/compare.ts';
import { attribution } from '../support/ingest-fixtures.ts';
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

/** The attribution of `words` in `text` to `speakerSlug`, said on the day before the article. */
const attributionOf = (text: string, words: string, speakerSlug: string): PendingAttribution => attribution(text, words, speakerSlug, { saidOn: '2025-03-03' });

const NOTE = { reason: 'contract test correction' };

/** What the verification service tells storage of a claim with these words. */
const probeOf = (words: string) => claimProbe(analyseClaim(words));

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

  /** Stores one quote by a new speaker from an attribution of this confidence (below the review threshold: unreviewed). */
  async function storeUnreviewed(words: string, confidence: number) {
    const speaker = speakerOf(`Review ${unique('sp')}`);
    const text = `Officials met. "${words}," ${speaker.name} said.`;
    const stored = await storage.repos.writes.ingestDocument(documentOf(text), [speaker], [{ ...attributionOf(text, words, speaker.slug), confidence }]);
    const saved = stored.saved[0];
    if (saved === undefined) throw new Error('nothing saved');
    return { speaker, words, text, stored, saved };
  }

  it('when the database is new, then it is migrated, reachable and consistent', async () => {
    expect(await storage.repos.health.ping()).toBe(true);
    expect((await storage.repos.health.schemaVersion()).appliedMigrations).toBeGreaterThan(0);
    expect(await storage.checkIntegrity()).toBe('ok');
  });

  it('when no replica is configured, then the status names the backend and no replica', async () => {
    expect(await storage.repos.health.status()).toEqual({ backend: backend.name, replica: null });
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

  it("when a request reads the names' version, stores a quote and takes a snapshot, then the snapshot holds the quote; a snapshot is read afresh each time", async () => {
    await withReadPosition(null, async () => {
      await storage.repos.speakers.namesVersion();
      const { saved } = await storeQuote(`The ${unique('snap')} ledger closes tonight`);
      expect(await storage.repos.quotes.maxId()).toBeGreaterThanOrEqual(saved.quoteId);
    });
    await withReadPosition(null, async () => {
      await storage.repos.speakers.namesVersion();
      const first = await storage.repos.quotes.maxId();
      const { saved } = await withReadPosition(null, () => storeQuote(`The ${unique('snap')} ledger opens at dawn`));
      expect(saved.quoteId).toBeGreaterThan(first);
      expect(await storage.repos.quotes.maxId()).toBeGreaterThanOrEqual(saved.quoteId);
    });
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

  /** Stores one more article by a stored speaker, with these words linked as a variant of `variantOf`. */
  async function storeVariant(speaker: NewSpeaker, words: string, variantOf: number) {
    const text = `${unique('Later')}: "${words}," ${speaker.name} said.`;
    const stored = await storage.repos.writes.ingestDocument(documentOf(text), [speaker], [{ ...attributionOf(text, words, speaker.slug), variantOf }]);
    const saved = stored.saved[0];
    if (saved === undefined) throw new Error('nothing saved');
    return saved;
  }

  it('when near-duplicate words are stored as variants, then each is its own quote linked to the root, and links never chain', async () => {
    const word = unique('span');
    const { saved: root, speaker } = await storeQuote(`The ${word} bridge opens to traffic in May`);
    const second = await storeVariant(speaker, `The ${word} bridge opens to trucks in May`, root.quoteId);
    expect(second).toMatchObject({ quoteCreated: true, variantOf: root.quoteId });
    // Named after the variant, linked to its root.
    const third = await storeVariant(speaker, `The ${word} bridge opens to trucks in June`, second.quoteId);
    expect(third).toMatchObject({ quoteCreated: true, variantOf: root.quoteId });
    // The same words again: the stored quote, whatever the caller names.
    const again = await storeVariant(speaker, `The ${word} bridge opens to trucks in May`, third.quoteId);
    expect(again).toMatchObject({ quoteCreated: false, quoteId: second.quoteId, variantOf: root.quoteId });

    const rootText = `The ${word} bridge opens to traffic in May`;
    expect(await storage.repos.quotes.variantLinks(root.quoteId)).toEqual({
      variantOf: null,
      variants: [
        { id: second.quoteId, text: `The ${word} bridge opens to trucks in May` },
        { id: third.quoteId, text: `The ${word} bridge opens to trucks in June` },
      ],
    });
    expect(await storage.repos.quotes.variantLinks(third.quoteId)).toEqual({ variantOf: { id: root.quoteId, text: rootText }, variants: [] });
    expect(await storage.repos.quotes.variantLinks(2 ** 40)).toEqual({ variantOf: null, variants: [] });
    expect((await storage.repos.quotes.findById(second.quoteId))?.occurrences).toHaveLength(2);
  });

  it('when the root of variants is deleted, then its variants stay, unlinked', async () => {
    const word = unique('root');
    const { saved: root, speaker } = await storeQuote(`The ${word} tunnel will be finished next year`);
    const variant = await storeVariant(speaker, `The ${word} tunnel will be finished this year`, root.quoteId);
    expect(await storage.repos.writes.deleteQuote(root.quoteId)).toBe(true);
    expect(await storage.repos.quotes.variantLinks(variant.quoteId)).toEqual({ variantOf: null, variants: [] });
    expect((await storage.repos.quotes.findById(variant.quoteId))?.occurrences).toHaveLength(1);
  });

  it("when a variant would link to another speaker's quote, then it is stored unlinked", async () => {
    const { saved: other } = await storeQuote(`Someone else's ${unique('w')} words`);
    const { speaker } = await storeQuote(`My own ${unique('w')} words`);
    const saved = await storeVariant(speaker, `My own ${unique('w')} other words`, other.quoteId);
    expect(saved).toMatchObject({ quoteCreated: true, variantOf: null });
    expect(await storage.repos.quotes.variantLinks(saved.quoteId)).toEqual({ variantOf: null, variants: [] });
  });

  it('when an attribution\'s offsets do not hold its words, then every write path refuses it with evidence_mismatch and writes nothing', async () => {
    const { stored, speaker, text } = await storeQuote(`I will ${unique('w')} not resign`);
    const maxId = await storage.repos.quotes.maxId();
    const pending = attributionOf(text, 'Officials met on Monday', speaker.slug);
    const wrong = { ...pending, text: 'Officials met on Sunday', normalizedText: 'officials met on sunday', normalizedHash: sha256Hex('officials met on sunday') };
    const speakerId = stored.speakers[0]?.id as number;
    await expect(storage.repos.writes.saveAttributions([{ ...wrong, speakerId, documentId: stored.document.id }])).rejects.toMatchObject({
      code: 'evidence_mismatch',
    });
    // A right attribution with a wrong one: neither is written.
    await expect(
      storage.repos.writes.saveAttributions([
        { ...pending, speakerId, documentId: stored.document.id },
        { ...pending, start: pending.start + 1, end: pending.end + 1, speakerId, documentId: stored.document.id },
      ]),
    ).rejects.toMatchObject({ code: 'evidence_mismatch' });
    const past = { ...pending, start: text.length - 2, end: text.length + 5, speakerId, documentId: stored.document.id };
    await expect(storage.repos.writes.saveAttributions([past])).rejects.toMatchObject({ code: 'evidence_mismatch' });
    await expect(storage.repos.writes.saveAttributions([{ ...pending, speakerId, documentId: 2 ** 40 }])).rejects.toMatchObject({ code: 'unknown_reference' });

    const other = `Reporters waited. "I will now resign," ${speaker.name} said.`;
    const misplaced = { ...attributionOf(other, 'I will now resign', speaker.slug), text: 'I will not resign', normalizedText: 'i will not resign', normalizedHash: sha256Hex('i will not resign') };
    await expect(storage.repos.writes.ingestDocument(documentOf(other), [speaker], [misplaced])).rejects.toMatchObject({ code: 'evidence_mismatch' });
    expect(await storage.repos.documents.findBySha256(sha256Hex(other))).toBeNull();
    expect(await storage.repos.quotes.maxId()).toBe(maxId);
    expect((await storage.repos.quotes.findById(maxId))?.occurrences).toHaveLength(1);
  });

  it('when a quote is corrected, then reads and search filters see the correction', async () => {
    const word = unique('fix');
    const { saved } = await storeQuote(`The ${word} figures were wrong`);
    const note = { reason: 'The source paraphrases.' };
    expect(await storage.repos.writes.updateQuote(saved.quoteId, { kind: 'partial', venue: 'a briefing' }, note)).toBe(true);
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ kind: 'partial', venue: 'a briefing' });
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect(await storage.repos.quotes.search({ ...page, filters: { kind: 'partial' } })).toHaveLength(1);
    expect(await storage.repos.quotes.search({ ...page, filters: { kind: 'direct' } })).toHaveLength(0);
    expect(await storage.repos.writes.updateQuote(999_999_999, { kind: 'direct' }, note)).toBe(false);
  });

  it('when a quote is corrected, then its history holds one revision per correction, newest first, with before, after and why', async () => {
    const { saved } = await storeQuote(`The ${unique('hist')} numbers are final`);
    await storage.repos.writes.updateQuote(saved.quoteId, { kind: 'partial' }, { reason: 'Only a fragment is quoted.' });
    await storage.repos.writes.updateQuote(saved.quoteId, { venue: 'a press briefing', kind: 'partial' }, { reason: 'The wire names the venue.' });
    const history = await storage.repos.revisions.history('quote', saved.quoteId, { limit: 10 });
    expect(history.map((r) => [r.action, r.changes, r.reason])).toEqual([
      ['updated', { venue: { before: null, after: 'a press briefing' } }, 'The wire names the venue.'],
      ['updated', { kind: { before: 'direct', after: 'partial' }, status: { before: 'active', after: 'corrected' } }, 'Only a fragment is quoted.'],
    ]);
    expect(history[0]?.actor).toEqual({ keyId: null, name: 'cli', via: 'cli' });
    const older = await storage.repos.revisions.history('quote', saved.quoteId, { limit: 10, beforeId: history[0]?.id as number });
    expect(older.map((r) => r.id)).toEqual([history[1]?.id]);
    expect(await storage.repos.revisions.findById(history[1]?.id as number)).toEqual(history[1]);
    expect(await storage.repos.revisions.findById(999_999_999)).toBeNull();
  });

  it('when a correction has a blank reason, then it is refused and nothing changes', async () => {
    const { saved } = await storeQuote(`The ${unique('blank')} count stands`);
    await expect(storage.repos.writes.updateQuote(saved.quoteId, { kind: 'indirect' }, { reason: '  ' })).rejects.toMatchObject({ code: 'reason_required' });
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ kind: 'direct' });
    expect(await storage.repos.revisions.history('quote', saved.quoteId, { limit: 10 })).toEqual([]);
  });

  it('when a revision is undone, then its fields are back, the undo is a revision naming it, and it cannot be undone twice', async () => {
    const word = unique('undo');
    const { saved } = await storeQuote(`The ${word} deal is off`);
    await storage.repos.writes.updateQuote(saved.quoteId, { kind: 'indirect' }, { reason: 'Reported speech.' });
    const [change] = await storage.repos.revisions.history('quote', saved.quoteId, { limit: 1 });
    const undo = await storage.repos.writes.undoRevision(change?.id as number, { reason: 'It is in quotation marks after all.' });
    expect(undo).toMatchObject({ action: 'undo', revertsRevisionId: change?.id, changes: { kind: { before: 'indirect', after: 'direct' }, status: { after: 'active' } } });
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ kind: 'direct' });
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect(await storage.repos.quotes.search({ ...page, filters: { kind: 'direct' } })).toHaveLength(1);
    expect(await storage.repos.revisions.findById(change?.id as number)).toMatchObject({ revertedByRevisionId: undo.id });
    await expect(storage.repos.writes.undoRevision(change?.id as number, { reason: 'again' })).rejects.toMatchObject({ code: 'already_undone' });
    await expect(storage.repos.writes.undoRevision(999_999_999, { reason: 'none' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('when a quote is retracted, then it is kept with its note, out of the default search, found by status, and restored to what it was', async () => {
    const word = unique('retr');
    const { saved } = await storeQuote(`The ${word} figures are final`);
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    const retracted = await storage.repos.writes.changeQuoteStatus(saved.quoteId, 'retract', { reason: 'Misattributed.' });
    expect(retracted).toMatchObject({ action: 'retracted', changes: { status: { before: 'active', after: 'retracted' } } });
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ status: 'retracted', statusNote: { reason: 'Misattributed.', changedBy: 'cli' } });
    expect(await storage.repos.quotes.search({ ...page, filters: {} })).toEqual([]);
    expect((await storage.repos.quotes.search({ ...page, filters: { statuses: ['retracted'] } })).map((r) => r.id)).toEqual([saved.quoteId]);
    expect((await storage.repos.quotes.search({ ...page, query: null, filters: { statuses: ['active', 'retracted'] } })).map((r) => r.id)).toContain(saved.quoteId);
    await expect(storage.repos.writes.changeQuoteStatus(saved.quoteId, 'retract', { reason: 'Again.' })).rejects.toMatchObject({ code: 'already_retracted' });
    await storage.repos.writes.changeQuoteStatus(saved.quoteId, 'restore', { reason: 'Confirmed.' });
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ status: 'active' });
    expect((await storage.repos.quotes.search({ ...page, filters: {} })).map((r) => r.id)).toEqual([saved.quoteId]);
    await expect(storage.repos.writes.changeQuoteStatus(999_999_999, 'retract', { reason: 'x' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('when withdrawn and unreviewed quotes match, then every way of reading pages leaves them out and shows the others once each, in order', async () => {
    const word = unique('view');
    const shown: number[] = [];
    // Standing quotes oldest and newest; between them more quotes out of view than a one-row page's
    // window holds, ranked first (the word twice), so reading ranked pages one row at a time meets a
    // window with none to show.
    for (const n of ['one', 'two']) shown.push((await storeQuote(`The ${word} report number ${n} is out`)).saved.quoteId);
    for (let i = 0; i < 10; i++) {
      const { saved } = await storeQuote(`The ${word} report, ${word} retracted ${i}`);
      await storage.repos.writes.changeQuoteStatus(saved.quoteId, 'retract', { reason: 'Misattributed.' });
      await storeUnreviewed(`The ${word} report, ${word} unreviewed ${i}`, 0.3);
    }
    shown.push((await storeQuote(`The ${word} report number three is out`)).saved.quoteId);
    const maxId = await storage.repos.quotes.maxId();
    const query = parse(word);
    for (const order of ['relevance', 'recent', 'date'] as const) {
      for (const filters of [{}, { kind: 'direct' as const }, { from: '2000-01-01', to: '2100-12-31' }]) {
        const scope = { query, filters, maxId, order };
        // Deeper than any screened page: the statuses are excluded by the index or checked on each row.
        const all = (await storage.repos.quotes.search({ ...scope, limit: 501, offset: 0 })).map((r) => r.id);
        expect([...all].sort((a, b) => a - b), `${order} ${JSON.stringify(filters)}`).toEqual(shown);
        const paged: number[] = [];
        for (let offset = 0; offset <= shown.length; offset++) paged.push(...(await storage.repos.quotes.search({ ...scope, limit: 1, offset })).map((r) => r.id));
        expect(paged, `${order} ${JSON.stringify(filters)}, one row a page`).toEqual(all);
        expect((await storage.repos.quotes.search({ ...scope, limit: 2, offset: 0 })).map((r) => r.id)).toEqual(all.slice(0, 2));
      }
    }
    const facets = await storage.repos.quotes.facets({ query, filters: {}, maxId }, ['kind'], 100);
    expect(facets).toMatchObject({ basedOn: 3, sampled: false, counts: { kind: [{ key: 'direct', count: 3 }] } });
    const everything = await storage.repos.quotes.facets({ query, filters: { statuses: QUOTE_STATUSES }, maxId }, ['kind'], 100);
    expect(everything).toMatchObject({ basedOn: 23 });
  });

  it('when an attribution below the review threshold is saved, then it waits in the queue; rejected, it is tombstoned against saving it again', async () => {
    const { speaker, words, text, stored, saved } = await storeUnreviewed(`The ${unique('rev')} harbour will reopen`, 0.3);
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ status: 'needs_review', occurrences: [{ status: 'needs_review' }] });
    expect(await storage.repos.quotes.occurrenceStatus(saved.occurrenceId)).toEqual({ quoteId: saved.quoteId, status: 'needs_review' });
    expect(await storage.repos.quotes.occurrenceStatus(999_999_999)).toBeNull();
    const queue = await storage.repos.quotes.reviewQueue({ limit: 10, documentId: stored.document.id });
    expect(queue.map((i) => [i.occurrenceId, i.quote.id, i.confidence])).toEqual([[saved.occurrenceId, saved.quoteId, 0.3]]);
    expect(await storage.repos.quotes.reviewQueue({ limit: 10, documentId: stored.document.id, minConfidence: 0.5 })).toEqual([]);
    expect(await storage.repos.quotes.reviewQueue({ limit: 10, documentId: stored.document.id, afterId: saved.occurrenceId })).toEqual([]);

    const rejected = await storage.repos.writes.reviewOccurrence(saved.occurrenceId, 'reject', { reason: 'A headline, not a quote.' });
    expect(rejected).toMatchObject({ action: 'rejected', entityId: saved.quoteId });
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ status: 'rejected', occurrences: [{ status: 'rejected' }] });
    expect(await storage.repos.quotes.reviewQueue({ limit: 10, documentId: stored.document.id })).toEqual([]);
    await expect(storage.repos.writes.reviewOccurrence(saved.occurrenceId, 'accept', { reason: 'x' })).rejects.toMatchObject({ code: 'already_rejected' });
    const speakerId = stored.speakers[0]?.id as number;
    const again = await storage.repos.writes.saveAttributions([{ ...attributionOf(text, words, speaker.slug), speakerId, documentId: stored.document.id }]);
    expect(again).toEqual([{ quoteId: saved.quoteId, occurrenceId: saved.occurrenceId, quoteCreated: false, variantOf: null, occurrenceCreated: false, withdrawn: true }]);
  });

  it('when an attribution in review is fixed, then the correction and the acceptance are one revision', async () => {
    const { saved } = await storeUnreviewed(`The ${unique('fix')} bridge stays shut`, 0.5);
    const fixed = await storage.repos.writes.reviewOccurrence(saved.occurrenceId, 'accept', { reason: 'Fragment.' }, { kind: 'partial' });
    expect(fixed).toMatchObject({
      action: 'fixed',
      changes: { kind: { before: 'direct', after: 'partial' }, status: { before: 'needs_review', after: 'corrected' }, [`occurrence:${saved.occurrenceId}:status`]: { before: 'needs_review', after: 'active' } },
    });
    await expect(storage.repos.writes.reviewOccurrence(saved.occurrenceId, 'accept', { reason: 'x' })).rejects.toMatchObject({ code: 'not_in_review' });
  });

  it('when a later revision changed the same field, then undoing the earlier one is refused and nothing changes', async () => {
    const { saved } = await storeQuote(`The ${unique('later')} plan holds`);
    await storage.repos.writes.updateQuote(saved.quoteId, { venue: 'a rally' }, { reason: 'First guess.' });
    await storage.repos.writes.updateQuote(saved.quoteId, { venue: 'a summit' }, { reason: 'The transcript says summit.' });
    const [later, earlier] = await storage.repos.revisions.history('quote', saved.quoteId, { limit: 2 });
    await expect(storage.repos.writes.undoRevision(earlier?.id as number, { reason: 'Back.' })).rejects.toMatchObject({
      code: 'revision_superseded',
      details: { fields: ['venue'], laterRevisions: [later?.id] },
    });
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ venue: 'a summit' });
    expect(await storage.repos.revisions.history('quote', saved.quoteId, { limit: 10 })).toHaveLength(2);
  });

  it('when a quote is deleted, then no read, search or verification lookup finds it', async () => {
    const word = unique('gone');
    const words = `The ${word} treaty is signed and sealed today`;
    const { saved } = await storeQuote(words);
    const probe = probeOf(words);
    expect(await storage.repos.verify.sameText(probe)).toEqual([saved.quoteId]);
    expect(await storage.repos.writes.deleteQuote(saved.quoteId)).toBe(true);
    expect(await storage.repos.quotes.findById(saved.quoteId)).toBeNull();
    const page = { query: parse(word), filters: {}, maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect(await storage.repos.quotes.search(page)).toEqual([]);
    expect(await storage.repos.verify.sameText(probe)).toEqual([]);
    expect(await storage.repos.verify.similarWording(probe, { perKey: 10, total: 10 })).not.toContain(saved.quoteId);
    expect(await storage.repos.verify.sameShape(probe, 10)).not.toContain(saved.quoteId);
    expect(await storage.repos.writes.deleteQuote(saved.quoteId)).toBe(false);
  });

  it('when a quote was just stored, then every verification lookup finds it (no wait by the caller)', async () => {
    const word = unique('veri');
    const words = `Our ${word} reserves will last until the winter ends`;
    const { saved, stored } = await storeQuote(words);
    const probe = probeOf(words);
    const limit = { ranked: 10, perPair: 10 };
    expect(await storage.repos.verify.sameText(probe)).toEqual([saved.quoteId]);
    expect(await storage.repos.verify.similarWording(probe, { perKey: 10, total: 10 })).toContain(saved.quoteId);
    expect(await storage.repos.verify.sameShape(probe, 10)).toContain(saved.quoteId);
    expect(await storage.repos.verify.sharedWords({ any: [word], all: [], pairs: [] }, limit)).toContain(saved.quoteId);
    expect(await storage.repos.verify.sharedWords({ any: [], all: [word, 'reserves'], pairs: [] }, limit)).toContain(saved.quoteId);
    expect(await storage.repos.verify.sharedWords({ any: [], all: [], pairs: [[word, 'winter']] }, limit)).toContain(saved.quoteId);
    expect(await storage.repos.verify.sharedPhrases([`${word} reserves`], 10)).toContain(saved.quoteId);
    expect(await storage.repos.verify.termRarity([word], 5)).toEqual(new Map([[word, { quotes: 1, more: false }]]));
    expect(await storage.repos.verify.speakerRecords({ speakerIds: [stored.speakers[0]?.id as number], organizationIds: [] }, [word], 10)).toEqual([saved.quoteId]);
    expect(await storage.repos.verify.quoteCountEstimate()).toBeGreaterThanOrEqual(1);
    expect(await storage.repos.verify.quotes([saved.quoteId])).toMatchObject([{ id: saved.quoteId, text: words }]);
    expect(await storage.repos.verify.provenance(saved.quoteId)).toMatchObject({ documents: 1, earliest: { outlet: 'Contract Wire' } });
  });

  it('when a word is in more quotes than asked about, then its rarity says "more than" the limit; a word in none counts none', async () => {
    const word = unique('freq');
    const absent = unique('absent');
    for (let i = 0; i < 3; i++) await storeQuote(`Remark ${i} on ${word} matters`);
    expect(await storage.repos.verify.termRarity([word, absent], 2)).toEqual(
      new Map([
        [word, { quotes: 2, more: true }],
        [absent, { quotes: 0, more: false }],
      ]),
    );
    expect((await storage.repos.verify.termRarity([word], 3)).get(word)).toEqual({ quotes: 3, more: false });
  });

  it('when several quotes share a claim\'s words, then the same text comes oldest first, and similar wording counts only the oldest quotes of each key, most keys shared first', async () => {
    const word = unique('same');
    const words = `The ${word} pipeline will carry gas from the eastern fields to the northern coast by early autumn next year`;
    // Older than the others, with one word more: it shares most of the claim's keys (all but about 1 in 10^6 times), not all.
    const longer = (await storeQuote(`${words} regardless`)).saved.quoteId;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await storeQuote(words)).saved.quoteId);
    const probe = probeOf(words);
    expect(await storage.repos.verify.sameText(probe)).toEqual(ids);
    expect(await storage.repos.verify.similarWording(probe, { perKey: 10, total: 10 })).toEqual([...ids, longer]);
    expect(await storage.repos.verify.similarWording(probe, { perKey: 10, total: 2 })).toEqual(ids.slice(0, 2));
    // Each key counts its two oldest quotes only: the newest of the same words holds every key, but is never among them.
    const capped = await storage.repos.verify.similarWording(probe, { perKey: 2, total: 10 });
    expect(capped[0]).toBe(ids[0]);
    expect(capped).not.toContain(ids[2]);
  });

  it('when a claim keeps a quote\'s shape with other words, or adds a word to it, then the shape lookups find the quote', async () => {
    const [a, b] = [unique('shape'), unique('form')];
    const { saved } = await storeQuote(`The ${a} council will not approve the ${b} budget before the spring vote`);
    const replaced = probeOf(`The ${unique('x')} minister will not sign the ${unique('y')} treaty before the summer break`);
    expect(await storage.repos.verify.sameShape(replaced, 10)).toContain(saved.quoteId);
    expect(await storage.repos.verify.sameText(replaced)).toEqual([]);
    const added = probeOf(`The ${a} city council will not approve the ${b} budget before the spring vote`);
    expect(await storage.repos.verify.sameShape(added, 10)).not.toContain(saved.quoteId);
    const shapes = await alteredShapes(analyseClaim(`The ${a} city council will not approve the ${b} budget before the spring vote`));
    const found = await Promise.all(shapes.map((shape) => storage.repos.verify.alteredShape(shape, 10)));
    expect(found.flat()).toContain(saved.quoteId);
    expect(await storage.repos.verify.alteredShape([], 10)).toEqual([]);
    const short = `${a} said no`;
    expect(probeOf(short).fingerprint.shape).toBeNull();
    expect(await alteredShapes(analyseClaim(short))).toEqual([]);
    expect(await storage.repos.verify.sameShape(probeOf(short), 10)).toEqual([]);
  });

  it('when words are looked up, then any-word matches come first, then all-word ones, then pair by pair, each quote once; a phrase needs its words in order', async () => {
    const [a, b, c] = [unique('wa'), unique('wb'), unique('wc')];
    const first = (await storeQuote(`The ${a} harbour stays open`)).saved.quoteId;
    const second = (await storeQuote(`The ${b} and ${c} harbours close`)).saved.quoteId;
    const both = (await storeQuote(`The ${a} harbour and the ${c} harbour and the ${b} one`)).saved.quoteId;
    const limit = { ranked: 10, perPair: 10 };
    const found = await storage.repos.verify.sharedWords({ any: [a], all: [], pairs: [[b, c]] }, limit);
    expect(found).toHaveLength(3);
    expect(new Set(found.slice(0, 2))).toEqual(new Set([first, both]));
    expect(found[2]).toBe(second);
    expect(await storage.repos.verify.sharedWords({ any: [], all: [b, c], pairs: [] }, limit)).toHaveLength(2);
    expect(await storage.repos.verify.sharedWords({ any: [], all: [], pairs: [[b, c]] }, { ranked: 10, perPair: 1 })).toEqual([second]);
    expect(await storage.repos.verify.sharedWords({ any: [], all: [], pairs: [] }, limit)).toEqual([]);
    expect(await storage.repos.verify.sharedPhrases([`${b} and ${c}`, `${a} harbour`], 10)).toEqual([second, first, both]);
    expect(await storage.repos.verify.sharedPhrases([`${c} and ${b}`], 10)).toEqual([]);
  });

  it('when a speaker\'s records are asked for, then their quotes and those of people speaking for their organisation are found, nobody else\'s', async () => {
    const word = unique('rec');
    const organization = { name: `Ministry ${unique('org')}`, kind: 'ministry' };
    const affiliation = { organization, role: 'spokesperson', asStated: null, validFrom: null, validTo: null, sourceDocumentId: null };
    const member = speakerOf(`Member ${unique('sp')}`, { affiliations: [affiliation] });
    const text = `Officials met. "The ${word} levy stays," ${member.name} said.`;
    const stored = await storage.repos.writes.ingestDocument(documentOf(text), [member], [attributionOf(text, `The ${word} levy stays`, member.slug)]);
    const memberId = stored.speakers[0]?.id as number;
    const quoteId = stored.saved[0]?.quoteId as number;
    const other = await storeQuote(`The ${word} levy goes`);
    const organizationId = (await storage.repos.speakers.affiliations(memberId))[0]?.organization.id as number;
    expect(await storage.repos.verify.speakerRecords({ speakerIds: [memberId], organizationIds: [] }, [word], 10)).toEqual([quoteId]);
    expect(await storage.repos.verify.speakerRecords({ speakerIds: [], organizationIds: [organizationId] }, [word], 10)).toEqual([quoteId]);
    expect(await storage.repos.verify.speakerRecords({ speakerIds: [other.stored.speakers[0]?.id as number], organizationIds: [] }, [word], 10)).toEqual([other.saved.quoteId]);
    expect(await storage.repos.verify.speakerRecords({ speakerIds: [], organizationIds: [] }, [word], 10)).toEqual([]);
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

  it('when an import names speakers, then one QID is one person whatever the name, a homonym with another QID gets a slug of its own, a name without a QID is its slug', async () => {
    const name = `Imported ${unique('sp')}`;
    const [q1, q2] = [unique('Q'), unique('Q')] as [string, string];
    const [first, homonym, again, noQid, renamed] = await storage.repos.writes.resolveImportedSpeakers([
      { name, qid: q1 },
      { name, qid: q2 },
      { name, qid: q1 },
      { name, qid: null },
      { name: `${name} Jr`, qid: q2 },
    ]);
    expect(first).toMatchObject({ created: true, speaker: { slug: slugify(name), name } });
    expect(homonym).toMatchObject({ created: true, speaker: { slug: `${slugify(name)}-${q2.toLowerCase()}` } });
    expect(again).toEqual({ created: false, speaker: first?.speaker });
    expect(noQid).toEqual({ created: false, speaker: first?.speaker });
    expect(renamed).toEqual({ created: false, speaker: homonym?.speaker });
    expect((await storage.repos.speakers.findByRef(slugify(name)))?.externalIds).toEqual([{ scheme: 'wikidata', value: q1 }]);
    expect((await storage.repos.speakers.findByRef(homonym?.speaker.slug as string))?.externalIds).toEqual([{ scheme: 'wikidata', value: q2 }]);
    // The QID's holder gains no alias from a name it is not stored under.
    expect(await storage.repos.speakers.resolveIds(`${name} Jr`)).toEqual([]);
  });

  it('when a quote known only from citations is saved, then it reads back with them, waits for review below the threshold, is searchable by evidence=url and verifiable, and saving again adds nothing', async () => {
    const speaker = (await storage.repos.writes.upsertSpeaker(speakerOf(`Cited ${unique('sp')}`))).speaker;
    const word = unique('cited');
    const words = `The ${word} harvest will be late this year`;
    const normalizedText = normalizeQuoteText(words);
    const citations = [
      { url: `https://news.example/${word}/2`, seenOn: '2016-05-02', confidence: 0.6, source: 'quotebank', sourceQuoteId: '2016-05-02-000001' },
      { url: `https://news.example/${word}/1`, seenOn: '2016-05-01', confidence: 0.6, source: 'quotebank', sourceQuoteId: '2016-05-02-000001' },
    ];
    const quote = { speakerId: speaker.id, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct' as const, saidOn: null, venue: null, citations };
    const [saved] = await storage.repos.writes.saveCitedQuotes([quote]);
    expect(saved).toMatchObject({ quoteCreated: true, citationsCreated: 2 });
    const id = saved?.quoteId as number;
    const read = await storage.repos.quotes.findById(id);
    expect(read).toMatchObject({ text: words, occurrences: [], speaker: { id: speaker.id } });
    expect(read?.citations.map((c) => c.url)).toEqual([citations[1]?.url, citations[0]?.url]);
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'date' as const, limit: 5, offset: 0 };
    // 0.6 is below the review threshold: the quote waits for review, as an attribution that uncertain would.
    expect(read?.status).toBe('needs_review');
    expect(await storage.repos.quotes.search({ ...page, filters: { evidence: 'url' } })).toEqual([]);
    const found = await storage.repos.quotes.search({ ...page, filters: { evidence: 'url', statuses: ['needs_review'] } });
    expect(found.map((r) => [r.id, r.filedOn])).toEqual([[id, '2016-05-01']]);
    expect(await storage.repos.quotes.search({ ...page, filters: { evidence: 'document', statuses: ['needs_review'] } })).toEqual([]);
    expect(await storage.repos.verify.sameText(probeOf(words))).toEqual([id]);
    expect(await storage.repos.writes.saveCitedQuotes([quote])).toEqual([{ quoteId: id, quoteCreated: false, citationsCreated: 0 }]);
  });

  it('when quotes known only from citations are saved in bulk, then they read back, are searchable at once, and saving again adds nothing', async () => {
    const speaker = (await storage.repos.writes.upsertSpeaker(speakerOf(`Bulk ${unique('sp')}`))).speaker;
    const word = unique('bulk');
    const quotes = [`The ${word} canal opens`, `The ${word} canal closes`].map((words, i) => {
      const normalizedText = normalizeQuoteText(words);
      const citations = [{ url: `https://news.example/${word}/${i}`, seenOn: '2016-07-01', confidence: 0.9, source: 'quotebank', sourceQuoteId: null }];
      return { speakerId: speaker.id, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct' as const, saidOn: null, venue: null, citations };
    });
    const saved = await storage.repos.writes.saveCitedQuotes(quotes, { bulk: true });
    expect(saved.map((s) => [s.quoteCreated, s.citationsCreated])).toEqual([[true, 1], [true, 1]]);
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'date' as const, limit: 5, offset: 0 };
    expect((await storage.repos.quotes.search({ ...page, filters: { evidence: 'url' } })).map((r) => r.id).sort()).toEqual(saved.map((s) => s.quoteId).sort());
    expect(await storage.repos.writes.saveCitedQuotes(quotes, { bulk: true })).toEqual(saved.map((s) => ({ quoteId: s.quoteId, quoteCreated: false, citationsCreated: 0 })));
  });

  it('when a quote known only from citations is as certain as the review threshold, then it is stored active and found by default', async () => {
    const speaker = (await storage.repos.writes.upsertSpeaker(speakerOf(`Cited ${unique('sp')}`))).speaker;
    const word = unique('sure');
    const words = `The ${word} bridge opens in spring`;
    const normalizedText = normalizeQuoteText(words);
    const citations = [{ url: `https://news.example/${word}`, seenOn: '2016-06-01', confidence: 0.8, source: 'quotebank', sourceQuoteId: null }];
    const quote = { speakerId: speaker.id, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct' as const, saidOn: null, venue: null, citations };
    const [saved] = await storage.repos.writes.saveCitedQuotes([quote]);
    expect((await storage.repos.quotes.findById(saved?.quoteId as number))?.status).toBe('active');
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'date' as const, limit: 5, offset: 0 };
    expect((await storage.repos.quotes.search({ ...page, filters: { evidence: 'url' } })).map((r) => r.id)).toEqual([saved?.quoteId]);
  });

  it('when an imported quote is given the status its dump records, then it reads back with it and search follows; the same again changes nothing', async () => {
    const word = unique('imported');
    const { saved } = await storeQuote(`The ${word} dam holds`);
    const note = { reason: 'withdrawn by the wire', changedAt: '2025-01-02 03:04:05', changedBy: 'desk' };
    expect(await storage.repos.writes.restoreStatuses([{ quoteId: saved.quoteId, status: 'retracted', statusNote: note }], [])).toBe(1);
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ status: 'retracted', statusNote: note });
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect(await storage.repos.quotes.search({ ...page, filters: {} })).toEqual([]);
    expect((await storage.repos.quotes.search({ ...page, filters: { statuses: ['retracted'] } })).map((r) => r.id)).toEqual([saved.quoteId]);
    expect(await storage.repos.writes.restoreStatuses([{ quoteId: saved.quoteId, status: 'retracted', statusNote: note }], [])).toBe(0);
  });

  it('when documents written in one transaction quote a speaker with a dated affiliation, and one who gains an affiliation there, then each new quote is filed under the organisations held when it was said', async () => {
    const word = unique('grp');
    const member = (name: string, validFrom: string | null, validTo: string | null) => ({ organization: { name, kind: null }, role: 'member', asStated: null, validFrom, validTo, sourceDocumentId: null });
    const dated = speakerOf(`Dated ${unique('sp')}`, { affiliations: [member(`Board ${word}`, '2020', '2020')] });
    const late = speakerOf(`Late ${unique('sp')}`);
    const joined = { ...late, affiliations: [member(`Union ${word}`, null, null)] };
    const ingest = (n: number, who: NewSpeaker, publishedOn: string) => {
      const words = `The ${word} item ${n} matters`;
      const text = `Report. "${words}," ${who.name} said.`;
      return storage.repos.writes.ingestDocument(documentOf(text, { publishedOn }), [who], [{ ...attributionOf(text, words, who.slug), saidOn: null }]);
    };
    // Submitted in one turn: one group commit, one transaction.
    const [in2020, in2023, before, after] = await Promise.all([ingest(1, dated, '2020-05-01'), ingest(2, dated, '2023-05-01'), ingest(3, late, '2021-01-01'), ingest(4, joined, '2021-02-01')]);
    const quoteOf = (r: Awaited<ReturnType<typeof ingest>>) => r.saved[0]?.quoteId as number;
    const organization = async (slug: string) => (await storage.repos.speakers.findByRef(slug))?.affiliations[0]?.organization.id as number;
    const scope = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 10, offset: 0 };
    const filedUnder = async (organizationId: number) => (await storage.repos.quotes.search({ ...scope, filters: { organizationIds: [organizationId] } })).map((r) => r.id).sort((a, b) => a - b);
    expect(await filedUnder(await organization(dated.slug))).toEqual([quoteOf(in2020)]);
    expect(await filedUnder(await organization(late.slug))).toEqual([quoteOf(before), quoteOf(after)].sort((a, b) => a - b));
    expect(quoteOf(in2023)).toBeGreaterThan(0);
  });

  it('when an imported occurrence is given the status its dump records, then it reads back with it, leaves the review queue, and a rejected one is tombstoned', async () => {
    const { speaker, words, text, stored, saved } = await storeUnreviewed(`The ${unique('occ')} ferry runs again`, 0.4);
    const accepted = { reason: 'Accepted in review.', changedAt: '2025-03-04 05:06:07', changedBy: 'desk' };
    expect(await storage.repos.writes.restoreStatuses([], [{ occurrenceId: saved.occurrenceId, status: 'active', statusNote: accepted }])).toBe(1);
    expect(await storage.repos.quotes.findById(saved.quoteId)).toMatchObject({ occurrences: [{ status: 'active', statusNote: accepted }] });
    expect(await storage.repos.quotes.reviewQueue({ limit: 10, documentId: stored.document.id })).toEqual([]);
    expect(await storage.repos.writes.restoreStatuses([], [{ occurrenceId: saved.occurrenceId, status: 'active', statusNote: accepted }])).toBe(0);

    const rejected = { reason: 'A headline, not a quote.', changedAt: '2025-03-05 05:06:07', changedBy: 'desk' };
    const note = { ...rejected };
    expect(await storage.repos.writes.restoreStatuses([{ quoteId: saved.quoteId, status: 'rejected', statusNote: note }], [{ occurrenceId: saved.occurrenceId, status: 'rejected', statusNote: rejected }])).toBe(2);
    const speakerId = stored.speakers[0]?.id as number;
    const again = await storage.repos.writes.saveAttributions([{ ...attributionOf(text, words, speaker.slug), speakerId, documentId: stored.document.id }]);
    expect(again).toMatchObject([{ quoteId: saved.quoteId, occurrenceCreated: false, withdrawn: true }]);
  });

  it('when the archive is read in slices, then every document, speaker and quote comes once, in id order', async () => {
    const { stored, saved, speaker } = await storeQuote(`The ${unique('arch')} archive holds it all`);
    const documents = [];
    for (let after = 0, page = await storage.repos.archive.documents(0, 2); page.length > 0; page = await storage.repos.archive.documents(after, 2)) {
      documents.push(...page);
      after = page[page.length - 1]?.id as number;
    }
    expect(documents.map((d) => d.id)).toEqual([...documents.map((d) => d.id)].sort((a, b) => a - b));
    expect(documents.find((d) => d.id === stored.document.id)?.text).toContain(speaker.name);
    const speakers = await storage.repos.archive.speakers((stored.speakers[0]?.id as number) - 1, 1);
    expect(speakers).toMatchObject([{ slug: speaker.slug, organization: null }]);
    const quotes = await storage.repos.archive.quotes(saved.quoteId - 1, 1);
    expect(quotes).toMatchObject([{ id: saved.quoteId, occurrences: [{ document: { id: stored.document.id } }], citations: [] }]);
    expect(await storage.repos.archive.quotes(await storage.repos.quotes.maxId(), 10)).toEqual([]);
  });

  it('when an import checkpoint is saved twice, then the last one is found by its file key', async () => {
    const fileKey = unique('file');
    expect(await storage.repos.imports.find(fileKey)).toBeNull();
    await storage.repos.imports.save({ fileKey, format: 'quotebank', path: '/a', lines: 10, bytes: 100, done: false, totals: { lines: 10 } });
    await storage.repos.imports.save({ fileKey, format: 'quotebank', path: '/b', lines: 20, bytes: 200, done: true, totals: { lines: 20, quotesCreated: 3 } });
    expect(await storage.repos.imports.find(fileKey)).toEqual({ fileKey, format: 'quotebank', path: '/b', lines: 20, bytes: 200, done: true, totals: { lines: 20, quotesCreated: 3 } });
  });

  it('when a speaker is merged into another, then their quotes and names move, the same words become one quote, and the old slug and id redirect', async () => {
    const word = unique('merge');
    const words = `The ${word} border stays closed`;
    const from = await storeQuote(words);
    const into = await storeQuote(words);
    const fromId = from.stored.speakers[0]?.id as number;
    const intoId = into.stored.speakers[0]?.id as number;
    const namesBefore = await storage.repos.speakers.namesVersion();
    const merge = await storage.repos.writes.mergeSpeakers(fromId, intoId, NOTE);
    expect(merge).toMatchObject({ from: { id: fromId }, into: { id: intoId }, foldedQuotes: [{ from: from.saved.quoteId, into: into.saved.quoteId }], redirectedSlugs: [from.speaker.slug] });
    expect(await storage.repos.speakers.findByRef(from.speaker.slug)).toBeNull();
    expect(await storage.repos.speakers.redirect(from.speaker.slug)).toMatchObject({ id: intoId });
    expect(await storage.repos.speakers.redirect(String(fromId))).toMatchObject({ id: intoId });
    expect(await storage.repos.speakers.redirect(into.speaker.slug)).toBeNull();
    expect(await storage.repos.speakers.resolveIds(from.speaker.name)).toEqual([intoId]);
    expect(await storage.repos.speakers.namesVersion()).not.toBe(namesBefore);
    expect((await storage.repos.quotes.findById(into.saved.quoteId))?.occurrences).toHaveLength(2);
    expect(await storage.repos.quotes.findById(from.saved.quoteId)).toBeNull();
    const page = { query: parse(word), filters: {}, maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect((await storage.repos.quotes.search(page)).map((r) => r.id)).toEqual([into.saved.quoteId]);
    expect(await storage.repos.verify.similarWording(probeOf(words), { perKey: 10, total: 10 })).not.toContain(from.saved.quoteId);
    // An ingest that names the old slug (the same speaker record as before the merge) adds to the speaker kept.
    const text = `Later that day. "${words} again," ${from.speaker.name} said.`;
    const later = await storage.repos.writes.ingestDocument(documentOf(text), [from.speaker], [attributionOf(text, `${words} again`, from.speaker.slug)]);
    expect(later.speakers).toEqual([{ slug: into.speaker.slug, id: intoId, created: false }]);
  });

  /** Cites `words` of a stored speaker at these URLs (the quote gains the citations it lacks). */
  async function cite(speakerId: number, words: string, citations: { url: string; seenOn: string | null; confidence: number; sourceQuoteId: string | null }[]) {
    const normalizedText = normalizeQuoteText(words);
    const quote = { speakerId, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct' as const, saidOn: null, venue: null };
    const [saved] = await storage.repos.writes.saveCitedQuotes([{ ...quote, citations: citations.map((c) => ({ ...c, source: 'quotebank' })) }]);
    return saved?.quoteId as number;
  }

  it('when speakers are merged and the same words of both are cited, then the quote kept holds every citation of both, one per URL with the higher confidence and the date it lacked, and the history lists what the folded quote brought', async () => {
    const word = unique('cite');
    const words = `The ${word} levy will be scrapped`;
    const from = await storeQuote(words);
    const into = await storeQuote(words);
    const fromId = from.stored.speakers[0]?.id as number;
    const intoId = into.stored.speakers[0]?.id as number;
    const url = (n: string) => `https://news.example/${word}/${n}`;
    expect(await cite(fromId, words, [
      { url: url('only-from'), seenOn: '2016-07-02', confidence: 0.9, sourceQuoteId: 'qf-1' },
      { url: url('both'), seenOn: '2016-07-01', confidence: 0.95, sourceQuoteId: 'qf-2' },
    ])).toBe(from.saved.quoteId);
    expect(await cite(intoId, words, [
      { url: url('both'), seenOn: null, confidence: 0.85, sourceQuoteId: null },
      { url: url('only-into'), seenOn: '2016-07-03', confidence: 0.8, sourceQuoteId: 'qi-1' },
    ])).toBe(into.saved.quoteId);

    const merge = await storage.repos.writes.mergeSpeakers(fromId, intoId, NOTE);
    const folded = {
      from: from.saved.quoteId,
      into: into.saved.quoteId,
      occurrences: 1,
      citations: 1,
      mergedCitations: [{ url: url('both'), seenOn: '2016-07-01', confidence: 0.95, source: 'quotebank', sourceQuoteId: 'qf-2' }],
      relinked: [],
    };
    expect(merge.foldedQuotes).toEqual([folded]);
    expect(merge.revision.changes.mergedFrom?.after).toMatchObject({ foldedQuotes: [folded] });
    const kept = await storage.repos.quotes.findById(into.saved.quoteId);
    expect(kept?.occurrences).toHaveLength(2);
    expect([...(kept?.citations ?? [])].sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: url('both'), seenOn: '2016-07-01', confidence: 0.95, source: 'quotebank', sourceQuoteId: 'qf-2' },
      { url: url('only-from'), seenOn: '2016-07-02', confidence: 0.9, source: 'quotebank', sourceQuoteId: 'qf-1' },
      { url: url('only-into'), seenOn: '2016-07-03', confidence: 0.8, source: 'quotebank', sourceQuoteId: 'qi-1' },
    ]);
    expect(await matching(word, { evidence: 'url' })).toEqual([into.saved.quoteId]);
    expect(await storage.checkIntegrity()).toBe('ok');
  });

  it('when speakers are merged and the folded quote is the root of variants, then its variants are linked to the quote kept', async () => {
    const word = unique('vroot');
    const words = `The ${word} bridge opens to traffic in May`;
    const from = await storeQuote(words);
    const fromVariant = await storeVariant(from.speaker, `The ${word} bridge opens to traffic in June`, from.saved.quoteId);
    const into = await storeQuote(words);
    const intoVariant = await storeVariant(into.speaker, `The ${word} bridge opens to trucks in May`, into.saved.quoteId);
    const merge = await storage.repos.writes.mergeSpeakers(from.stored.speakers[0]?.id as number, into.stored.speakers[0]?.id as number, NOTE);
    expect(merge.foldedQuotes).toMatchObject([{ from: from.saved.quoteId, into: into.saved.quoteId, relinked: [{ id: fromVariant.quoteId, before: from.saved.quoteId, after: into.saved.quoteId }] }]);
    expect(await storage.repos.quotes.variantLinks(into.saved.quoteId)).toEqual({
      variantOf: null,
      variants: [
        { id: fromVariant.quoteId, text: `The ${word} bridge opens to traffic in June` },
        { id: intoVariant.quoteId, text: `The ${word} bridge opens to trucks in May` },
      ],
    });
    expect(await storage.repos.quotes.variantLinks(fromVariant.quoteId)).toMatchObject({ variantOf: { id: into.saved.quoteId } });
    expect(await storage.checkIntegrity()).toBe('ok');
  });

  it('when speakers are merged and the folded quote is a variant while the quote kept is a root of variants, then both clusters become one under the root stored first, with no chain', async () => {
    const word = unique('vjoin');
    const first = `The ${word} tunnel will be finished next year`;
    const words = `The ${word} tunnel will be finished this year`;
    const from = await storeQuote(first);
    const folded = await storeVariant(from.speaker, words, from.saved.quoteId);
    const into = await storeQuote(words);
    const intoVariant = await storeVariant(into.speaker, `The ${word} tunnel will be finished this spring`, into.saved.quoteId);
    const merge = await storage.repos.writes.mergeSpeakers(from.stored.speakers[0]?.id as number, into.stored.speakers[0]?.id as number, NOTE);
    const root = from.saved.quoteId;
    expect(merge.foldedQuotes).toMatchObject([
      {
        from: folded.quoteId,
        into: into.saved.quoteId,
        relinked: [
          { id: into.saved.quoteId, before: null, after: root },
          { id: intoVariant.quoteId, before: into.saved.quoteId, after: root },
        ],
      },
    ]);
    expect((await storage.repos.quotes.variantLinks(root)).variants.map((v) => v.id)).toEqual([into.saved.quoteId, intoVariant.quoteId]);
    expect(await storage.repos.quotes.variantLinks(into.saved.quoteId)).toEqual({ variantOf: { id: root, text: first }, variants: [] });
    expect(await storage.repos.quotes.variantLinks(intoVariant.quoteId)).toMatchObject({ variantOf: { id: root } });
    expect(await storage.checkIntegrity()).toBe('ok');
  });

  /** Search's ids for `word`, with these filters (every status, up to 2,000). */
  async function matching(word: string, filters: Parameters<Storage['repos']['quotes']['search']>[0]['filters']) {
    const page = { query: parse(word), filters: { ...filters, statuses: ['active', 'corrected', 'needs_review', 'retracted', 'rejected'] as const }, maxId: await storage.repos.quotes.maxId() };
    return (await storage.repos.quotes.search({ ...page, order: 'recent', limit: 2_000, offset: 0 })).map((r) => r.id);
  }

  it('when a much-quoted speaker is merged, then every quote moves and is re-indexed in steps: reads meanwhile see both speakers as they were, search afterwards finds each quote once under the speaker kept', async () => {
    const { speaker, text, attributions } = longArticle(600);
    const tag = attributions[0]?.text.split(' ')[3] as string;
    const org = { name: `Merged Org ${unique('o')}`, kind: null };
    const from = await storage.repos.writes.ingestDocument(documentOf(text), [{ ...speaker, affiliations: [{ organization: org, role: 'adviser', asStated: null, validFrom: null, validTo: null, sourceDocumentId: null }] }], attributions);
    const fromId = from.speakers[0]?.id as number;
    const into = await storeQuote(`Words of ${tag} kept apart`);
    const intoId = into.stored.speakers[0]?.id as number;
    const merging = storage.repos.writes.mergeSpeakers(fromId, intoId, NOTE);
    let partial = false;
    let reads = 0;
    const reading = (async () => {
      for (let done = false; !done; reads++) {
        // The speaker kept first: a later read sees the data as of then or later (a server answers each
        // read on its own), so "kept before the merge, merged-away one after it" can be seen, a half merge never.
        const kept = await storage.repos.speakers.findByRef(String(intoId));
        const gone = await storage.repos.speakers.findByRef(String(fromId));
        if (kept?.quoteCount === 601) {
          partial ||= gone !== null;
          done = true;
        } else if (kept?.quoteCount !== 1 || (gone !== null && gone.quoteCount !== 600)) {
          partial = done = true;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const merge = await merging;
    await reading;
    expect(partial).toBe(false);
    expect(reads).toBeGreaterThan(1);
    expect(merge.moved).toMatchObject({ quotes: 600, affiliations: 1 });
    const found = await matching(tag, { speakerIds: [intoId] });
    expect(found).toHaveLength(601);
    expect(new Set(found).size).toBe(601);
    expect(await matching(tag, { speakerIds: [fromId] })).toEqual([]);
    // The quote kept was re-filed too: the speaker kept now holds the affiliation of the one merged away.
    const orgId = (await storage.repos.speakers.affiliations(intoId))[0]?.organization.id as number;
    expect((await matching(tag, { organizationIds: [orgId] })).sort((a, b) => a - b)).toEqual([...found].sort((a, b) => a - b));
    // A verification lookup waits for the verify index to hold the 600 quotes, whose thread may still be writing them.
    expect(await storage.repos.verify.similarWording(probeOf(attributions[0]?.text as string), { perKey: 10, total: 10 })).not.toEqual([]);
    expect(await storage.checkIntegrity()).toBe('ok');
  });

  it('when a much-quoted speaker gains an affiliation, then every quote of theirs is re-filed under it in steps, and an undo takes them all out again; a rename alone re-files none', async () => {
    const { speaker, text, attributions } = longArticle(400);
    const tag = attributions[0]?.text.split(' ')[3] as string;
    const id = (await storage.repos.writes.ingestDocument(documentOf(text), [speaker], attributions)).speakers[0]?.id as number;
    const renamed = await storage.repos.writes.correctSpeaker(id, { name: `Renamed ${unique('sp')}`, aliases: { add: Array.from({ length: 50 }, (_, i) => `Alias ${i} ${tag}`) } }, NOTE);
    expect(Object.keys(renamed?.revision?.changes ?? {}).sort()).toEqual(['aliases', 'name']);
    const organization = `Gained Org ${unique('o')}`;
    const added = { organization, organizationKind: null, role: 'adviser', asStated: null, validFrom: null, validTo: null, sourceDocumentId: null };
    const correction = await storage.repos.writes.correctSpeaker(id, { affiliations: { add: [added] } }, NOTE);
    const orgId = (await storage.repos.speakers.affiliations(id))[0]?.organization.id as number;
    expect(await matching(tag, { organizationIds: [orgId] })).toHaveLength(400);
    await storage.repos.writes.undoRevision(correction?.revision?.id as number, NOTE);
    expect(await matching(tag, { organizationIds: [orgId] })).toEqual([]);
    expect(await matching(tag, { speakerIds: [id] })).toHaveLength(400);
  });

  it('when a speaker has nothing on record, then it can be removed; with quotes, removal is refused with speaker_in_use', async () => {
    const empty = await storage.repos.writes.createSpeaker(speakerOf(`Empty ${unique('sp')}`));
    expect(await storage.repos.writes.removeSpeaker(empty.id, NOTE)).toMatchObject({ id: empty.id });
    expect(await storage.repos.speakers.findByRef(String(empty.id))).toBeNull();
    expect(await storage.repos.writes.removeSpeaker(empty.id, NOTE)).toBeNull();
    const { stored } = await storeQuote(`Words of ${unique('w')} kept`);
    await expect(storage.repos.writes.removeSpeaker(stored.speakers[0]?.id as number, NOTE)).rejects.toMatchObject({ code: 'speaker_in_use' });
  });

  it('when a speaker has a role and a refinement of it at one organisation, then merging affiliations keeps the refinement', async () => {
    const org = { name: `Institute ${unique('o')}`, kind: null };
    const affiliation = (role: string, validFrom: string | null) => ({ organization: org, role, asStated: null, validFrom, validTo: null, sourceDocumentId: null });
    const speaker = await storage.repos.writes.createSpeaker(speakerOf(`Analyst ${unique('sp')}`, { affiliations: [affiliation('analyst', '2019'), affiliation('senior analyst', '2021')] }));
    const merges = await storage.repos.writes.mergeAffiliations(speaker.id, null, NOTE);
    expect(merges.merged).toMatchObject([{ kept: { role: 'senior analyst', validFrom: '2019' }, dropped: { role: 'analyst' } }]);
    expect(merges.revision).toMatchObject({ entityType: 'speaker', entityId: speaker.id, action: 'affiliations_merged', reason: NOTE.reason });
    expect(await storage.repos.speakers.affiliations(speaker.id)).toMatchObject([{ role: 'senior analyst', validFrom: '2019', validTo: null }]);
    expect(await storage.repos.writes.mergeAffiliations(speaker.id, null, NOTE)).toEqual({ merged: [], revision: null });
  });

  it('when a speaker is corrected, then the change is one revision that an undo reverts, names and search following both', async () => {
    const { stored, speaker } = await storeQuote(`Words of ${unique('w')} corrected`);
    const id = stored.speakers[0]?.id as number;
    const name = `Corrected ${unique('sp')}`;
    const correction = await storage.repos.writes.correctSpeaker(id, { name, slug: `corrected-${id}`, aliases: { remove: [speaker.name] } }, NOTE);
    expect(correction?.revision).toMatchObject({ entityType: 'speaker', entityId: id, action: 'updated', changes: { name: { before: speaker.name, after: name } } });
    expect(await storage.repos.speakers.resolveIds(name)).toEqual([id]);
    expect(await storage.repos.speakers.resolveIds(speaker.name)).toEqual([]);
    expect(await storage.repos.speakers.redirect(speaker.slug)).toMatchObject({ id });
    expect(await storage.repos.writes.correctSpeaker(id, { name }, NOTE)).toEqual({ revision: null });
    expect(await storage.repos.writes.correctSpeaker(999_999_999, { name }, NOTE)).toBeNull();
    const undo = await storage.repos.writes.undoRevision(correction?.revision?.id as number, NOTE);
    expect(undo).toMatchObject({ action: 'undo', revertsRevisionId: correction?.revision?.id });
    expect(await storage.repos.speakers.findByRef(speaker.slug)).toMatchObject({ id, name: speaker.name });
    expect(await storage.repos.speakers.resolveIds(speaker.name)).toEqual([id]);
    expect((await storage.repos.revisions.history('speaker', id, { limit: 5 })).map((r) => r.action)).toEqual(['undo', 'updated']);
  });

  it('when a document is corrected, then its quotes are re-filed under the new date, and the revision is on its history', async () => {
    const word = unique('redate');
    const { stored, saved } = await storeQuote(`The ${word} talks resume`);
    const correction = await storage.repos.writes.correctDocument(stored.document.id, { outlet: 'Corrected Wire', publishedOn: '2024-01-02' }, NOTE);
    expect(correction?.revision?.changes).toEqual({ outlet: { before: 'Contract Wire', after: 'Corrected Wire' }, publishedOn: { before: '2025-03-04', after: '2024-01-02' } });
    expect(await storage.repos.documents.findById(stored.document.id)).toMatchObject({ outlet: 'Corrected Wire', publishedOn: '2024-01-02' });
    const page = { query: parse(word), maxId: await storage.repos.quotes.maxId(), order: 'relevance' as const, limit: 5, offset: 0 };
    expect((await storage.repos.quotes.search({ ...page, filters: { outlet: 'Corrected Wire' } })).map((r) => r.id)).toEqual([saved.quoteId]);
    expect(await storage.repos.quotes.search({ ...page, filters: { outlet: 'Contract Wire' } })).toEqual([]);
    expect((await storage.repos.revisions.history('document', stored.document.id, { limit: 5 })).map((r) => r.action)).toEqual(['updated']);
    expect(await storage.repos.writes.correctDocument(999_999_999, { title: 'x' }, NOTE)).toBeNull();
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

  it('when backed up, then the copy is complete and checked, and an existing file is never overwritten', async (context) => {
    // PostgreSQL's backup is pg_dump's: it runs where the pg_dump on the PATH can dump this server (Debian's postgresql-15).
    const unable = backend.name === 'postgres' ? await pgDumpUnable(inject('postgresServer')) : null;
    if (unable !== null) return context.skip(unable);
    await storeQuote(`Backed up ${unique('w')} words`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-contract-backup-'));
    try {
      const report = await storage.backup(path.join(dir, 'copy'));
      expect(report.integrity).toBe('ok');
      expect(report.tables.Quote ?? report.tables.quote).toBeGreaterThanOrEqual(1);
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
