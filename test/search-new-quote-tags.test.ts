import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import { createStorage, type Storage } from '../src/storage/index.ts';
import type { DocumentToIngest, NewSpeaker } from '../src/storage/ports/index.ts';
import { DocumentTags } from '../src/storage/sqlite/repositories/new-quote-tags.ts';
import { WriteStatements } from '../src/storage/sqlite/repositories/write-statements.ts';
import { DOCUMENT_TAGS_SQL, TAGS_SQL } from '../src/storage/sqlite/search/search-index.sql.ts';
import { SqlWriter } from '../src/storage/sqlite/sql-writer.ts';
import { WriteLock } from '../src/storage/sqlite/write-lock.ts';
import { attribution } from './support/ingest-fixtures.ts';

/**
 * The search tags a quote gets at insert (new-quote-tags.ts, computed in parts shared by a transaction's
 * quotes) are what the set-based refresh (TAGS_SQL) gives it from the stored rows.
 */
let dir: string;
let file: string;
let storage: Storage;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-tags-'));
  file = path.join(dir, 'tags.db');
  storage = await createStorage({ databasePath: file, databaseUrl: `file:${file}` });
});
afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const speaker = (name: string, affiliations: NewSpeaker['affiliations'] = []): NewSpeaker => ({
  slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  name,
  kind: 'person',
  description: null,
  aliases: [],
  externalIds: [],
  affiliations,
});

const affiliation = (organization: string, validFrom: string | null, validTo: string | null): NewSpeaker['affiliations'][number] => ({
  organization: { name: organization, kind: null },
  role: 'spokesperson',
  asStated: null,
  validFrom,
  validTo,
  sourceDocumentId: null,
});

function article(n: number, outlet: string | null, language: string, publishedOn: string | null, speakers: NewSpeaker[], confidence: number): DocumentToIngest {
  const quotes = speakers.map((s, i) => `Words number ${n}-${i} were said here`);
  const text = quotes.map((q, i) => `"${q}," ${(speakers[i] as NewSpeaker).name} said.`).join(' ');
  return {
    doc: { outlet, title: null, url: null, publishedOn, dateline: null, language, text, sha256: sha256Hex(text) },
    speakers,
    attributions: quotes.map((words, i) =>
      attribution(text, words, (speakers[i] as NewSpeaker).slug, {
        kind: i % 2 === 0 ? 'direct' : 'indirect',
        saidOn: i === 1 ? '2016-02' : null,
        confidence,
        attributedBy: 'extractor',
        extractorVersion: 'test',
      }),
    ),
  };
}

it('when documents of many outlets, languages and dates are stored with speakers with and without dated affiliations, then every new quote has the tags the refresh gives', async () => {
  const plain = speaker('Tags Plain Person');
  const dated = speaker('Tags Dated Person', [affiliation('Tags Ministry', '2015', '2016'), affiliation('Tags Party', '2017', null)]);
  const undated = speaker('Tags Undated Person', [affiliation('Tags Union', null, null)]);
  const outlets = [null, '', '  Padded Wire  ', 'Ünïcode Ťimes', 'UPPER wire', 'tab\there'];
  const languages = ['en', 'FR', ' de '];
  const dates = [null, '2015-06-01', '2016-12-31', '2018-01-01'];
  const documents: DocumentToIngest[] = [];
  let n = 0;
  for (const outlet of outlets) for (const language of languages) for (const date of dates) documents.push(article(n++, outlet, language, date, [plain, dated, undated], n % 3 === 0 ? 0.3 : 0.95));
  const [first, ...rest] = documents;
  await storage.repos.writes.ingestDocument(first?.doc as DocumentToIngest['doc'], first?.speakers ?? [], first?.attributions ?? []);
  const bulk = await storage.repos.writes.ingestDocuments(rest);
  expect(bulk.every((r) => r.status === 'fulfilled')).toBe(true);
  const cited = ['Cited words one', 'Cited words two'].map((words, i) => {
    const normalizedText = normalizeQuoteText(words);
    return {
      speakerId: (bulk[0] as PromiseFulfilledResult<{ speakers: { id: number }[] }>).value.speakers[i]?.id as number,
      aboutSpeakerId: null,
      text: words,
      normalizedText,
      normalizedHash: sha256Hex(normalizedText),
      kind: 'direct' as const,
      saidOn: null,
      venue: null,
      citations: [{ url: `https://example.org/${i}`, seenOn: '2016-01-05', confidence: i === 0 ? 0.3 : 0.9, source: 'test', sourceQuoteId: null }],
    };
  });
  await storage.repos.writes.saveCitedQuotes(cited);

  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db.prepare(`SELECT q.id, q.searchTags AS stored, ${TAGS_SQL} AS refreshed FROM Quote q`).all() as { id: number; stored: string; refreshed: string }[];
    expect(rows).toHaveLength(documents.length * 3 + cited.length);
    expect(rows.filter((r) => r.stored !== r.refreshed)).toEqual([]);
    expect(new Set(rows.map((r) => r.stored)).size).toBeGreaterThan(20);
  } finally {
    db.close();
  }
});

it('when documents stored together quote words already stored and words another of them quotes too, then each quote is indexed once, with the tags the refresh gives', async () => {
  const once = speaker('Tags Repeated Person');
  const stored = article(9000, 'Older Wire', 'en', '2014-01-01', [once], 0.95);
  await storage.repos.writes.ingestDocuments([stored]);
  // The same words in other texts: what an import's batch of articles brings when the same quotation is reported again.
  const again = (n: number, outlet: string, publishedOn: string, words: string): DocumentToIngest => {
    const text = `${outlet} ${n}: "${words}," ${once.name} said.`;
    const start = text.indexOf(words);
    const base = article(n, outlet, 'en', publishedOn, [once], 0.95);
    const normalizedText = normalizeQuoteText(words);
    const attribution = { ...(base.attributions[0] as DocumentToIngest['attributions'][number]), text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), start, end: start + words.length };
    return { ...base, doc: { ...base.doc, text, sha256: sha256Hex(text) }, attributions: [attribution] };
  };
  const known = stored.attributions[0]?.text as string;
  const fresh = 'Words said in two new articles at once';
  const results = await storage.repos.writes.ingestDocuments([
    again(9001, 'Second Wire', '2014-02-01', known),
    again(9002, 'Third Wire', '2014-03-01', fresh),
    again(9003, 'Fourth Wire', '2014-01-15', fresh),
  ]);
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value.saved.map((s) => [s.quoteCreated, s.occurrenceCreated]) : r.reason))).toEqual([[[false, true]], [[true, true]], [[false, true]]]);

  const db = new BetterSqlite3(file);
  try {
    expect(() => db.prepare(`INSERT INTO quote_fts(quote_fts, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
    const rows = db.prepare(`SELECT q.id, q.filedOn, q.searchTags AS stored, ${TAGS_SQL} AS refreshed FROM Quote q WHERE q.text IN (?, ?)`).all(known, fresh) as { id: number; filedOn: string; stored: string; refreshed: string }[];
    expect(rows.map((r) => r.filedOn).sort()).toEqual(['2014-01-01', '2014-01-15']);
    expect(rows.filter((r) => r.stored !== r.refreshed)).toEqual([]);
    expect(rows.every((r) => r.stored.includes(',ou'))).toBe(true);
  } finally {
    db.close();
  }
});

it('when documents of the same outlets and languages are stored one at a time, each in its own transaction, then every new quote has the tags the refresh gives', async () => {
  const alone = speaker('Tags Alone Person', [affiliation('Tags Alone Office', null, null)]);
  const outlets = ['Alone Wire', '  alone wire ', 'ALONE WIRE', 'Ålone Times', null, ''];
  const languages = ['en', 'EN', 'fr'];
  let n = 12_000;
  // Twice over: the second time, every outlet and language pair was seen by an earlier transaction.
  for (let round = 0; round < 2; round++) {
    for (const outlet of outlets) {
      for (const language of languages) {
        const { doc, speakers, attributions } = article(n++, outlet, language, '2019-05-01', [alone], 0.95);
        await storage.repos.writes.ingestDocument(doc, speakers, attributions);
      }
    }
  }
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT q.searchTags AS stored, ${TAGS_SQL} AS refreshed FROM Quote q JOIN Speaker s ON s.id = q.speakerId WHERE s.slug = ?`)
      .all(alone.slug) as { stored: string; refreshed: string }[];
    expect(rows).toHaveLength(outlets.length * languages.length * 2);
    expect(rows.filter((r) => r.stored !== r.refreshed)).toEqual([]);
    // Outlets differing only in case and padding share a tag, no outlet and an empty one have none: three kinds
    // of outlet, times two languages ('en' and 'EN' are one).
    expect(new Set(rows.map((r) => r.stored)).size).toBe(3 * 2);
  } finally {
    db.close();
  }
});

it('when an outlet and language pair is asked for again, then its tags come from memory, also after the memory started over', () => {
  const connection = new BetterSqlite3(':memory:');
  try {
    const sql = new WriteStatements(new SqlWriter(connection, new WriteLock()));
    const tags = new DocumentTags(sql, 2);
    const statement = sql.cache.get(DOCUMENT_TAGS_SQL);
    const asked = vi.spyOn(sql.cache, 'get');
    const fresh = (outlet: string | null, language: string) => {
      const row = statement.get({ outlet, language }) as { outlets: string; languages: string };
      return ` ${row.outlets} ${row.languages} `;
    };
    const askedOfSqlite = () => asked.mock.calls.filter(([text]) => text === DOCUMENT_TAGS_SQL).length;
    const check = (outlet: string | null, language: string) => expect(tags.of(outlet, language)).toBe(fresh(outlet, language));
    check('Wire', 'en');
    check('Wire', 'en');
    check('Wire', 'fr');
    check('Wire', 'en');
    check('Wire', 'fr');
    expect(askedOfSqlite()).toBe(2);
    // A third pair: the memory (two pairs here) starts over with it alone.
    check(null, 'en');
    check(null, 'en');
    expect(askedOfSqlite()).toBe(3);
    check('Wire', 'en');
    check('Wire', 'en');
    check(null, 'en');
    expect(askedOfSqlite()).toBe(4);
  } finally {
    connection.close();
  }
});
