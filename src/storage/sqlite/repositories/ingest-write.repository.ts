import { GroupCommit } from '../group-commit.ts';
import { isUniqueViolation, type SqlWriter, type WriteContext } from '../sql-writer.ts';
import type { RunResult } from 'better-sqlite3';
import { currentActor, type Actor } from '../../../domain/actor.ts';
import { AppError } from '../../../domain/errors.ts';
import type { DocumentSummary, SpeakerSummary } from '../../../domain/models.ts';
import { foldName, slugify } from '../../../domain/text.ts';
import type { LshRow } from '../verify-index/lsh-index.store.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import type {
  IngestedDocument,
  IngestWriteRepository,
  NewAttribution,
  NewDocument,
  NewSpeaker,
  PendingAttribution,
  SavedAttribution,
} from '../../ports/index.ts';
import { auditParams, INSERT_AUDIT_SQL } from './audit.sql.ts';
import { DOCUMENT_COLUMNS, toDocument, toSpeaker, type DocumentRow, type SpeakerRow } from './rows.ts';
import {
  INDEX_QUOTE_SQL,
  indexQuotesSql,
  NEW_QUOTE_TAGS_SQL,
  refreshFiledOnSql,
  refreshTagsSql,
  syncQuotesSql,
  unindexQuotesSql,
  type QuoteSelection,
} from '../search/search-index.sql.ts';
import { StatementCache } from './statements.ts';
import { sqliteTimestamp } from './timestamp.ts';

/**
 * The ingest aggregate: synchronous transactions of cached prepared
 * statements on the one write connection (sql-writer.ts). Each call is one transaction, except
 * `ingestDocument`: concurrent calls share one (group commit), and each still
 * lands whole or not at all.
 *
 * The search index is kept in step in the same transaction (search-index.sql.ts),
 * as is the audit trail. The verify index follows each commit on its own
 * thread (src/storage/sqlite/verify-index/lsh-index.writer.ts).
 */
const SQL = {
  documentBySha: `SELECT ${DOCUMENT_COLUMNS} FROM Document d WHERE d.sha256 = ?`,
  documentExists: 'SELECT 1 FROM Document WHERE id = ?',
  insertDocument: `INSERT INTO Document (outlet, title, url, publishedOn, dateline, language, text, sha256, addedAt)
    VALUES (@outlet, @title, @url, @publishedOn, @dateline, @language, @text, @sha256, @addedAt)`,
  speakerBySlug: 'SELECT id, slug, name, kind, description FROM Speaker WHERE slug = ?',
  insertSpeaker: 'INSERT INTO Speaker (slug, name, kind, description, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)',
  aliasExists: 'SELECT 1 FROM SpeakerAlias WHERE speakerId = ? AND normalized = ?',
  insertAlias: `INSERT INTO SpeakerAlias (speakerId, alias, normalized) VALUES (?, ?, ?)
    ON CONFLICT (speakerId, normalized) DO NOTHING`,
  externalIdOwner: 'SELECT speakerId FROM ExternalId WHERE scheme = ? AND value = ?',
  insertExternalId: 'INSERT INTO ExternalId (speakerId, scheme, value) VALUES (?, ?, ?)',
  organizationBySlug: 'SELECT id FROM Organization WHERE slug = ?',
  insertOrganization: 'INSERT INTO Organization (slug, name, kind, createdAt) VALUES (?, ?, ?, ?)',
  // Only a real change counts: it is what makes the speaker's quotes need re-filing.
  linkOrganization: 'UPDATE Organization SET speakerId = ? WHERE id = ? AND speakerId IS NOT ?',
  organizationSpeaker: 'SELECT speakerId FROM Organization WHERE id = ?',
  insertAffiliation: `INSERT INTO Affiliation (speakerId, organizationId, role, asStated, validFrom, validTo, sourceDocumentId, createdAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (speakerId, organizationId, role) DO NOTHING`,
  quoteByHash: 'SELECT id FROM Quote WHERE normalizedHash = ? AND speakerId = ?',
  insertQuote: `INSERT INTO Quote (speakerId, aboutSpeakerId, text, normalizedText, normalizedHash, kind, saidOn, venue, filedOn, searchTags, createdAt, updatedAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (normalizedHash, speakerId) DO NOTHING`,
  occurrenceByKey: 'SELECT id FROM Occurrence WHERE quoteId = ? AND documentId = ? AND start = ? AND "end" = ?',
  insertOccurrence: `INSERT INTO Occurrence (quoteId, documentId, start, "end", cueText, cueStart, cueEnd,
      speakerMentionText, speakerMentionStart, speakerMentionEnd, confidence, attributedBy, extractorVersion, createdAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  insertRelay: `INSERT INTO Relay (occurrenceId, position, name, organizationId, mentionText, mentionStart, mentionEnd)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
} as const;
// No statement here uses RETURNING, and none with a trigger runs when it would change nothing: SQLite runs
// RETURNING as a trigger, a statement with a trigger opens a statement savepoint, and FTS5 writes its pending
// index to disk at every savepoint: within an ingest transaction, an index segment per quote (BENCHMARKS.md,
// "Ingest"). Ids come from `lastInsertRowid`.

/**
 * A document created in the current transaction: its date, the occurrences
 * recorded in it so far (quote:start:end), and the search tags its new quotes
 * get, by speaker, kind and filing date.
 */
interface FreshDocument {
  publishedOn: string | null;
  occurrences: Set<string>;
  tags: Map<string, string>;
}

/** One `ingestDocument` call, with who made it. */
interface IngestItem {
  doc: NewDocument;
  speakers: NewSpeaker[];
  attributions: PendingAttribution[];
  actor: Actor;
}

/**
 * Most documents one group commit writes. A group of this size takes
 * ~15–25 ms (articles of 4–8 quotes), which bounds how long a write queued
 * behind it waits; larger groups gained little (BENCHMARKS.md, "Ingest").
 */
const DOCUMENTS_PER_GROUP = 64;

/** Speakers remembered as stored (`storedSpeakers`) before the memory starts over. */
const STORED_SPEAKERS_KEPT = 10_000;

/** The verify index's rows for the quotes a write created (`saved[i]` is the result of `attributions[i]`). */
function newQuoteRows(attributions: readonly Pick<NewAttribution, 'normalizedText' | 'normalizedHash'>[], saved: readonly SavedAttribution[]): LshRow[] {
  return saved.flatMap((s, i) => {
    const a = attributions[i];
    return s.quoteCreated && a !== undefined ? [[s.quoteId, a.normalizedText, a.normalizedHash] satisfies LshRow] : [];
  });
}

/** The speaker with the document being stored as the source of its affiliations that name none. */
function withSourceDocument(speaker: NewSpeaker, documentId: number): NewSpeaker {
  return { ...speaker, affiliations: speaker.affiliations.map((a) => ({ ...a, sourceDocumentId: a.sourceDocumentId ?? documentId })) };
}

interface IdRow {
  id: number;
}

export class SqliteIngestWriteRepository implements IngestWriteRepository {
  private readonly statements: StatementCache;

  /**
   * Speakers stored with everything their NewSpeaker (the key: its JSON) would
   * add: filled only after the transaction that upserted them committed, and
   * valid for good because nothing updates or deletes speakers, aliases,
   * external ids or affiliations (a link to an organisation can move: those
   * speakers are not remembered, see memoKey). Most articles name speakers
   * seen before, whose upsert was ~5 statements each that changed nothing.
   */
  private readonly storedSpeakers = new Map<string, SpeakerSummary>();

  /** Concurrent ingests share transactions (src/storage/sqlite/group-commit.ts). */
  private readonly ingests: GroupCommit<IngestItem, IngestedDocument>;

  constructor(
    private readonly writer: SqlWriter,
    private readonly lshIndex: LshIndexWriter,
  ) {
    this.statements = new StatementCache(writer.connection);
    this.ingests = new GroupCommit(
      writer.lock,
      (items) => this.ingestGroup(items),
      (item) => this.ingestAlone(item),
      DOCUMENTS_PER_GROUP,
      // Another process holding the database, or a closed connection, would fail each article alone again.
      (error) => !(error instanceof AppError && (error.code === 'database_busy' || error.code === 'storage_full')) && this.writer.connection.open,
    );
  }

  private write<T>(work: (ctx: WriteContext) => T): Promise<T> {
    return this.writer.write(work);
  }

  private inTransaction<T>(work: () => T): T {
    return this.writer.inTransaction(work);
  }

  async createDocument(doc: NewDocument): Promise<DocumentSummary> {
    const { document, created } = await this.findOrCreateDocument(doc);
    if (!created) {
      throw new AppError('document_exists', `A document with this text (sha256 ${doc.sha256}) is already stored as #${document.id}.`, {
        existingId: document.id,
      });
    }
    return document;
  }

  async findOrCreateDocument(doc: NewDocument): Promise<{ document: DocumentSummary; created: boolean }> {
    try {
      return await this.write((ctx) => {
        const existing = this.documentBySha(doc.sha256);
        if (existing !== null) return { document: existing, created: false };
        return { document: this.insertDocument(ctx, doc), created: true };
      });
    } catch (error) {
      // Cannot happen behind BEGIN IMMEDIATE unless another writer inserts without it; then it is stored.
      const raced = isUniqueViolation(error) ? this.documentBySha(doc.sha256) : null;
      if (raced === null) throw error;
      return { document: raced, created: false };
    }
  }

  async createSpeaker(speaker: NewSpeaker): Promise<SpeakerSummary> {
    const { speaker: saved, created } = await this.upsert(speaker, true);
    if (!created) throw new AppError('speaker_exists', `A speaker with slug "${speaker.slug}" already exists.`, { existingId: saved.id });
    return saved;
  }

  upsertSpeaker(speaker: NewSpeaker): Promise<{ speaker: SpeakerSummary; created: boolean }> {
    return this.upsert(speaker, false);
  }

  private async upsert(speaker: NewSpeaker, rejectExisting: boolean): Promise<{ speaker: SpeakerSummary; created: boolean }> {
    try {
      return await this.write((ctx) => this.upsertSpeakerIn(ctx, speaker, rejectExisting));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('speaker_exists', `A speaker with slug "${speaker.slug}" already exists.`);
      throw error;
    }
  }

  ingestDocument(doc: NewDocument, speakers: NewSpeaker[], attributions: PendingAttribution[]): Promise<IngestedDocument> {
    // The actor is taken here, in the caller's async context, for the audit rows.
    const actor = currentActor();
    // Tracked whole, so that closing the database waits for it until it returns.
    return this.writer.lock.track(async () => {
      const ingested = await this.ingests.submit({ doc, speakers, attributions, actor });
      await this.lshIndex.caughtUp();
      return ingested;
    });
  }

  private rememberSpeakers(upserted: ReadonlyMap<string, SpeakerSummary>): void {
    // A bound on memory, not an eviction policy: the next ingests fill it again with the speakers in use.
    if (this.storedSpeakers.size + upserted.size > STORED_SPEAKERS_KEPT) this.storedSpeakers.clear();
    for (const [key, speaker] of upserted) this.storedSpeakers.set(key, speaker);
  }

  /**
   * What `storedSpeakers` may remember: a speaker linked to an organisation is
   * not, since another speaker can take the link over (`linkOrganization`) and
   * the next upsert must take it back.
   */
  private static memoKey(speaker: NewSpeaker): string | null {
    return speaker.organization === undefined ? JSON.stringify(speaker) : null;
  }

  /** Several documents in one transaction (group commit); the search index is brought up to date once for all of them. */
  private ingestGroup(items: readonly IngestItem[]): IngestedDocument[] {
    const upserted = new Map<string, SpeakerSummary>();
    const results = this.inTransaction(() => {
      const now = sqliteTimestamp();
      const written = items.map((item) => this.ingestIn({ actor: item.actor, now }, item, upserted));
      this.syncSaved(written.flatMap((r) => r.saved), true);
      return written;
    });
    this.rememberSpeakers(upserted);
    this.lshIndex.add(items.flatMap((item, i) => newQuoteRows(item.attributions, (results[i] as IngestedDocument).saved)));
    return results;
  }

  /** One document in its own transaction: a group of one, reporting a document another writer stored meanwhile as existing. */
  private ingestAlone(item: IngestItem): IngestedDocument {
    try {
      return this.ingestGroup([item])[0] as IngestedDocument;
    } catch (error) {
      // Another writer stored the same text meanwhile; report it as existing, as a re-post would.
      const raced = isUniqueViolation(error) ? this.documentBySha(item.doc.sha256) : null;
      if (raced === null) throw error;
      return { document: raced, created: false, speakers: [], saved: [] };
    }
  }

  /**
   * Writes one document with its speakers and attributions, inside the caller's
   * transaction, leaving the search index to the caller (`syncSaved`).
   * `upserted`: the speakers this transaction upserts, by their content; the
   * same speaker again — in this transaction or, once committed, in any later
   * one (`storedSpeakers`) — would add nothing, so its statements are skipped.
   */
  private ingestIn(ctx: WriteContext, { doc, speakers, attributions }: IngestItem, upserted: Map<string, SpeakerSummary>): IngestedDocument {
    const existing = this.documentBySha(doc.sha256);
    if (existing !== null) return { document: existing, created: false, speakers: [], saved: [] };
    const document = this.insertDocument(ctx, doc);
    const ids = new Map<string, number>();
    const savedSpeakers: IngestedDocument['speakers'] = [];
    for (const speaker of speakers) {
      const key = SqliteIngestWriteRepository.memoKey(speaker);
      const done = key === null ? undefined : (upserted.get(key) ?? this.storedSpeakers.get(key));
      const { speaker: row, created } =
        done === undefined ? this.upsertSpeakerIn(ctx, withSourceDocument(speaker, document.id), false) : { speaker: done, created: false };
      if (key !== null) upserted.set(key, row);
      ids.set(speaker.slug, row.id);
      savedSpeakers.push({ slug: row.slug, id: row.id, created });
    }
    const fresh: FreshDocument = { publishedOn: document.publishedOn, occurrences: new Set(), tags: new Map() };
    const saved = attributions.map(({ speakerSlug, ...a }) => {
      const speakerId = ids.get(speakerSlug);
      if (speakerId === undefined) throw new Error(`ingestDocument: attribution names speaker "${speakerSlug}" that is not in the list`);
      return this.saveAttribution(ctx, { ...a, speakerId, documentId: document.id }, fresh);
    });
    return { document, created: true, speakers: savedSpeakers, saved };
  }

  async saveAttributions(attributions: NewAttribution[]): Promise<SavedAttribution[]> {
    const saved = await this.write((ctx) => {
      const written = attributions.map((a) => this.saveAttribution(ctx, a, null));
      this.syncSaved(written, false);
      return written;
    });
    this.lshIndex.add(newQuoteRows(attributions, saved));
    return saved;
  }

  private run(sql: string, ...params: unknown[]): RunResult {
    return this.statements.get(sql).run(...params);
  }

  /** Inserts one row; its rowid. */
  private insert(sql: string, ...params: unknown[]): number {
    return Number(this.run(sql, ...params).lastInsertRowid);
  }

  private id(sql: string, ...params: unknown[]): number | null {
    const row = this.statements.get(sql).get(...params) as IdRow | undefined;
    return row === undefined ? null : row.id;
  }

  private audit(ctx: WriteContext, action: string, entityType: string, entityId: number): void {
    this.run(INSERT_AUDIT_SQL, ...auditParams(ctx.actor, action, entityType, entityId, ctx.now));
  }

  private documentBySha(sha256: string): DocumentSummary | null {
    const row = this.statements.get(SQL.documentBySha).get(sha256) as DocumentRow | undefined;
    return row === undefined ? null : toDocument(row);
  }

  private insertDocument(ctx: WriteContext, doc: NewDocument): DocumentSummary {
    const row = { ...doc, addedAt: ctx.now };
    const document = toDocument({ ...row, id: Number(this.statements.get(SQL.insertDocument).run(row).lastInsertRowid) });
    this.audit(ctx, 'create', 'Document', document.id);
    return document;
  }

  private upsertSpeakerIn(ctx: WriteContext, speaker: NewSpeaker, rejectExisting: boolean): { speaker: SpeakerSummary; created: boolean } {
    const existing = this.statements.get(SQL.speakerBySlug).get(speaker.slug) as SpeakerRow | undefined;
    if (existing !== undefined && rejectExisting) return { speaker: toSpeaker(existing), created: false };
    const row: SpeakerRow = existing ?? {
      id: this.insert(SQL.insertSpeaker, speaker.slug, speaker.name, speaker.kind, speaker.description, ctx.now, ctx.now),
      slug: speaker.slug,
      name: speaker.name,
      kind: speaker.kind,
      description: speaker.description,
    };
    const affiliationsChanged = this.addSpeakerDetails(ctx, row.id, speaker);
    // New affiliations change which organisation each of the speaker's quotes was said for.
    if (existing !== undefined && affiliationsChanged) this.syncSearch('speaker', row.id);
    if (existing === undefined) this.audit(ctx, 'create', 'Speaker', row.id);
    return { speaker: toSpeaker(row), created: existing === undefined };
  }

  /** Adds what is missing; true when the speaker's affiliations or organisation link changed. */
  private addSpeakerDetails(ctx: WriteContext, speakerId: number, speaker: NewSpeaker): boolean {
    for (const alias of [speaker.name, ...speaker.aliases]) {
      const normalized = foldName(alias);
      // Looked up first: the insert fires the trigger that keeps the speaker-name index in step, and a
      // statement with a trigger opens a savepoint, where FTS5 flushes the quote indexes' pending rows.
      if (normalized !== '' && this.statements.get(SQL.aliasExists).get(speakerId, normalized) === undefined) {
        this.run(SQL.insertAlias, speakerId, alias, normalized);
      }
    }
    for (const ext of speaker.externalIds) {
      const owner = this.statements.get(SQL.externalIdOwner).get(ext.scheme, ext.value) as { speakerId: number } | undefined;
      if (owner !== undefined && owner.speakerId !== speakerId) {
        throw new AppError('external_id_taken', `${ext.scheme} ${ext.value} already identifies speaker #${owner.speakerId}.`, {
          existingId: owner.speakerId,
        });
      }
      if (owner === undefined) this.run(SQL.insertExternalId, speakerId, ext.scheme, ext.value);
    }
    let changed = false;
    for (const aff of speaker.affiliations) {
      if (aff.sourceDocumentId !== null && this.statements.get(SQL.documentExists).get(aff.sourceDocumentId) === undefined) {
        throw new AppError('unknown_reference', `Affiliation source document #${aff.sourceDocumentId} does not exist.`);
      }
      const organizationId = this.findOrCreateOrganization(ctx, aff.organization);
      const { changes } = this.run(
        SQL.insertAffiliation,
        speakerId,
        organizationId,
        aff.role,
        aff.asStated,
        aff.validFrom,
        aff.validTo,
        aff.sourceDocumentId,
        ctx.now,
      );
      changed ||= changes > 0;
    }
    if (speaker.organization) {
      const organizationId = this.findOrCreateOrganization(ctx, speaker.organization);
      const previous = (this.statements.get(SQL.organizationSpeaker).get(organizationId) as { speakerId: number | null }).speakerId;
      if (this.run(SQL.linkOrganization, speakerId, organizationId, speakerId).changes > 0) {
        changed = true;
        // The speaker it leaves no longer speaks for it: their quotes lose its tag.
        if (previous !== null) this.syncSearch('speaker', previous);
      }
    }
    return changed;
  }

  private findOrCreateOrganization(ctx: WriteContext, org: { name: string; kind: string | null }): number {
    const slug = slugify(org.name);
    return this.id(SQL.organizationBySlug, slug) ?? this.insert(SQL.insertOrganization, slug, org.name, org.kind, ctx.now);
  }

  /**
   * Stores one attribution: its quote unless the speaker's same words are
   * stored, then its occurrence and relays. `fresh`: set when the document was
   * created in this transaction; then only an occurrence recorded earlier in
   * it can exist, its audit row records this write (the quotes and
   * occurrences an ingest creates are reached from it through
   * Occurrence.documentId), and a new quote is filed under its date, tagged
   * and indexed for search at once (its one document gives it the values the
   * set-based refresh of `syncSaved` would).
   */
  private saveAttribution(ctx: WriteContext, a: NewAttribution, fresh: FreshDocument | null): SavedAttribution {
    const filedOn = fresh === null ? null : (a.saidOn ?? fresh.publishedOn);
    const searchTags = fresh === null ? '' : this.newQuoteTags(fresh, a, filedOn);
    const inserted = this.run(
      SQL.insertQuote,
      a.speakerId,
      a.aboutSpeakerId,
      a.text,
      a.normalizedText,
      a.normalizedHash,
      a.kind,
      a.saidOn,
      a.venue,
      filedOn,
      searchTags,
      ctx.now,
      ctx.now,
    );
    const quoteCreated = inserted.changes > 0;
    // Known words (the same speaker's, same normalised text) get a new occurrence, not a new quote.
    const quoteId = quoteCreated ? Number(inserted.lastInsertRowid) : (this.id(SQL.quoteByHash, a.normalizedHash, a.speakerId) as number);
    if (quoteCreated) {
      if (fresh === null) this.audit(ctx, 'create', 'Quote', quoteId);
      // One row at a time: a statement writing several rows would open a savepoint (see SQL above).
      else this.run(INDEX_QUOTE_SQL, quoteId, a.text, searchTags);
    }
    const key = `${quoteId}:${a.start}:${a.end}`;
    const mayExist = fresh === null || fresh.occurrences.has(key);
    fresh?.occurrences.add(key);
    const existingOccurrence = mayExist ? this.id(SQL.occurrenceByKey, quoteId, a.documentId, a.start, a.end) : null;
    if (existingOccurrence !== null) return { quoteId, occurrenceId: existingOccurrence, quoteCreated: false, occurrenceCreated: false };
    const occurrenceId = this.insert(
      SQL.insertOccurrence,
      quoteId,
      a.documentId,
      a.start,
      a.end,
      a.cue?.text ?? null,
      a.cue?.start ?? null,
      a.cue?.end ?? null,
      a.speakerMention?.text ?? null,
      a.speakerMention?.start ?? null,
      a.speakerMention?.end ?? null,
      a.confidence,
      a.attributedBy,
      a.extractorVersion,
      ctx.now,
    );
    if (fresh === null) this.audit(ctx, 'create', 'Occurrence', occurrenceId);
    for (const [index, relay] of a.relays.entries()) {
      const organizationId = relay.organization ? this.findOrCreateOrganization(ctx, relay.organization) : null;
      this.run(
        SQL.insertRelay,
        occurrenceId,
        index + 1,
        relay.name,
        organizationId,
        relay.mention?.text ?? null,
        relay.mention?.start ?? null,
        relay.mention?.end ?? null,
      );
    }
    return { quoteId, occurrenceId, quoteCreated, occurrenceCreated: true };
  }

  /** The search tags of a new quote in `fresh` (NEW_QUOTE_TAGS_SQL), computed once per speaker, kind and date. */
  private newQuoteTags(fresh: FreshDocument, a: NewAttribution, filedOn: string | null): string {
    const key = `${a.speakerId}\t${a.kind}\t${filedOn ?? ''}`;
    let tags = fresh.tags.get(key);
    if (tags === undefined) {
      tags = this.statements
        .get(NEW_QUOTE_TAGS_SQL)
        .pluck()
        .get({ speakerId: a.speakerId, kind: a.kind, filedOn, documentId: a.documentId }) as string;
      fresh.tags.set(key, tags);
    }
    return tags;
  }

  /**
   * Re-indexes the quotes that gained an occurrence (its filing date, outlets
   * and languages can change), all at once, in the order every index change
   * follows (search-index.sql.ts). Only quotes that existed before the
   * occurrence can be in the index already, so only they are taken out.
   * `newQuotesIndexed`: the new quotes were filed, tagged and indexed at
   * insert (a new document's, see saveAttribution), so only the older ones
   * are left.
   */
  private syncSaved(saved: readonly SavedAttribution[], newQuotesIndexed: boolean): void {
    const stale = saved.filter((s) => s.occurrenceCreated && !(newQuotesIndexed && s.quoteCreated));
    if (stale.length === 0) return;
    const touched = JSON.stringify([...new Set(stale.map((s) => s.quoteId))]);
    const older = [...new Set(stale.filter((s) => !s.quoteCreated).map((s) => s.quoteId))];
    if (older.length > 0) this.run(unindexQuotesSql('ids'), JSON.stringify(older));
    this.run(refreshFiledOnSql('ids'), touched);
    this.run(refreshTagsSql('ids'), touched);
    this.run(indexQuotesSql('ids'), touched);
  }

  private syncSearch(selection: Exclude<QuoteSelection, 'all'>, arg: number | string): void {
    for (const sql of syncQuotesSql(selection)) this.run(sql, arg);
  }
}
