import { GroupCommit } from '../group-commit.ts';
import { isUniqueViolation, type SqlWriter, type WriteContext, type WriteSteps } from '../sql-writer.ts';
import { currentActor, type Actor } from '../../../domain/actor.ts';
import { AppError } from '../../../domain/errors.ts';
import type { DocumentSummary, SpeakerSummary } from '../../../domain/models.ts';
import type { LshRow } from '../verify-index/lsh-index.store.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import type {
  DocumentToIngest,
  ImportedSpeaker,
  IngestedDocument,
  IngestWriteRepository,
  NewAttribution,
  NewCitedQuote,
  NewDocument,
  NewSpeaker,
  PendingAttribution,
  SavedAttribution,
  SavedCitedQuote,
} from '../../ports/index.ts';
import type { LongWrites } from '../write-thread/long-writes.ts';
import { AttributionWrites, type FreshDocument } from './attribution-writes.ts';
import { ImportWrites } from './import-writes.ts';
import { INGEST_SQL } from './ingest.sql.ts';
import { toDocument, type DocumentRow } from './rows.ts';
import { SpeakerWrites } from './speaker-writes.ts';
import { sqliteTimestamp } from './timestamp.ts';
import { WriteStatements } from './write-statements.ts';

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
/** A document inserted with its speakers, its attributions still to write. */
interface DocumentHead {
  document: DocumentSummary;
  /** Its text: every attribution's offsets must hold the quote's words in it (the evidence invariant). */
  text: string;
  speakers: IngestedDocument['speakers'];
  /** Speaker ids by the slugs the attributions name. */
  ids: Map<string, number>;
  fresh: FreshDocument;
}

/** How a transaction tags and indexes the new quotes of its documents (FreshDocument). */
type NewQuotesIndex = Pick<FreshDocument, 'tags' | 'indexedAfter'>;

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
 * behind it waits; larger groups gained little (docs/benchmarks-history.md, "Ingest").
 */
const DOCUMENTS_PER_GROUP = 64;

const SPEAKERS_EPOCH_SQL = "SELECT value FROM ChangeEpoch WHERE name = 'speakers'";

/** The last document id so far: every document a transaction creates after reading it has a greater one (AUTOINCREMENT). */
const MAX_DOCUMENT_ID_SQL = 'SELECT COALESCE(MAX(id), 0) FROM Document';

/**
 * A document with more attributions than this is written alone, in steps of
 * one attribution (still one transaction), the event loop let run whenever a
 * turn has lasted TURN_MS, so that a long article does not hold the serving
 * thread for the whole write (docs/decisions/0014, 0023).
 */
const WRITTEN_IN_TURNS_ABOVE = 200;

/** Speakers remembered as stored (`storedSpeakers`) before the memory starts over. */
const STORED_SPEAKERS_KEPT = 10_000;

/** The verify index's rows for the quotes a write created (`saved[i]` is the result of `attributions[i]`). */
function newQuoteRows(
  attributions: readonly Pick<NewAttribution, 'normalizedText' | 'normalizedHash'>[],
  saved: readonly Pick<SavedAttribution, 'quoteId' | 'quoteCreated'>[],
): LshRow[] {
  return saved.flatMap((s, i) => {
    const a = attributions[i];
    return s.quoteCreated && a !== undefined ? [[s.quoteId, a.normalizedText, a.normalizedHash] satisfies LshRow] : [];
  });
}

/** The speaker with the document being stored as the source of its affiliations that name none. */
function withSourceDocument(speaker: NewSpeaker, documentId: number): NewSpeaker {
  return { ...speaker, affiliations: speaker.affiliations.map((a) => ({ ...a, sourceDocumentId: a.sourceDocumentId ?? documentId })) };
}

export class SqliteIngestWriteRepository implements IngestWriteRepository {
  private readonly sql: WriteStatements;
  private readonly speakerWrites: SpeakerWrites;
  private readonly attributionWrites: AttributionWrites;
  private readonly imports: ImportWrites;
  private readonly reviewBelow: number;

  /**
   * Speakers stored with everything their NewSpeaker (the key: its JSON) would
   * add: filled only after the transaction that upserted them committed. Valid
   * while speakers only grow: an editor's merge, removal or correction moves the
   * `speakers` change epoch, and a transaction that reads a new epoch starts the
   * memory over (a link to an organisation can move: those speakers are not
   * remembered, see memoKey). Most articles name speakers seen before, whose
   * upsert was ~5 statements each that changed nothing.
   */
  private readonly storedSpeakers = new Map<string, SpeakerSummary>();
  /** The change epoch `storedSpeakers` was filled under (null: not read yet). */
  private storedEpoch: number | null = null;

  /** Concurrent ingests share transactions (src/storage/sqlite/group-commit.ts). */
  private readonly ingests: GroupCommit<IngestItem, IngestedDocument>;

  constructor(
    private readonly writer: SqlWriter,
    private readonly lshIndex: LshIndexWriter,
    reviewBelow: number,
    /** Where a server's imports write (LongWrites: the write thread when it is up), else `inline`. */
    private readonly long: Pick<LongWrites, 'run'> = { run: (_write, inline) => inline() },
  ) {
    this.sql = new WriteStatements(writer);
    this.speakerWrites = new SpeakerWrites(this.sql);
    this.attributionWrites = new AttributionWrites(this.sql, this.speakerWrites, reviewBelow);
    this.imports = new ImportWrites(writer, this.speakerWrites, this.attributionWrites);
    this.reviewBelow = reviewBelow;
    this.ingests = new GroupCommit(
      writer.lock,
      (items) => this.ingestGroup(items),
      (item) => this.ingestAlone(item),
      DOCUMENTS_PER_GROUP,
      (error) => this.itemsMayBeToBlame(error),
    );
  }

  /** Whether a group's failure can be one document's fault: another process holding the database, or a closed connection, would fail each alone again. */
  private itemsMayBeToBlame(error: unknown): boolean {
    return !(error instanceof AppError && (error.code === 'database_busy' || error.code === 'storage_full')) && this.writer.connection.open;
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
      return await this.writer.writeInTurns((ctx) => this.speakerWrites.upsertInSteps(ctx, speaker, rejectExisting));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('speaker_exists', `A speaker with slug "${speaker.slug}" already exists.`);
      throw error;
    }
  }

  resolveImportedSpeakers(speakers: ImportedSpeaker[]): Promise<{ speaker: SpeakerSummary; created: boolean }[]> {
    // On the write thread in a server (docs/decisions/0032): the COMMIT of a batch's new speakers, where FTS5
    // merges the speaker-name index's segments, cannot be split and grows with the corpus.
    return this.long.run({ op: 'resolveImportedSpeakers', args: [speakers] }, () => this.imports.resolveSpeakers(speakers));
  }

  ingestDocument(doc: NewDocument, speakers: NewSpeaker[], attributions: PendingAttribution[]): Promise<IngestedDocument> {
    // The actor is taken here, in the caller's async context, for the audit rows.
    const actor = currentActor();
    // Tracked whole, so that closing the database waits for it until it returns.
    return this.writer.lock.track(async () => {
      const item = { doc, speakers, attributions, actor };
      const ingested = await (attributions.length > WRITTEN_IN_TURNS_ABOVE ? this.writer.lock.run(() => this.ingestInTurns(item)) : this.ingests.submit(item));
      await this.lshIndex.caughtUp();
      return ingested;
    });
  }

  async ingestDocuments(documents: DocumentToIngest[]): Promise<PromiseSettledResult<IngestedDocument>[]> {
    if (documents.length === 0) return [];
    const actor = currentActor();
    const items: IngestItem[] = documents.map((d) => ({ ...d, actor }));
    const results = await this.writer.lock.run((): PromiseSettledResult<IngestedDocument>[] => {
      try {
        return this.ingestGroup(items, true).map((value) => ({ status: 'fulfilled', value }));
      } catch (error) {
        if (!this.itemsMayBeToBlame(error)) throw error;
        return items.map((item) => {
          try {
            return { status: 'fulfilled', value: this.ingestAlone(item) };
          } catch (reason) {
            return { status: 'rejected', reason };
          }
        });
      }
    });
    await this.lshIndex.caughtUp();
    return results;
  }

  /** Forgets the speakers remembered as stored (this process changed speakers). */
  forgetSpeakers(): void {
    this.storedSpeakers.clear();
    this.storedEpoch = null;
  }

  /** Starts `storedSpeakers` over when another writer (or process) changed speakers since it was filled; in the transaction. */
  private checkSpeakersEpoch(): void {
    const epoch = (this.sql.cache.get(SPEAKERS_EPOCH_SQL).pluck().get() as number | undefined) ?? 0;
    if (epoch !== this.storedEpoch) this.storedSpeakers.clear();
    this.storedEpoch = epoch;
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
    // A frozen speaker with frozen empty lists cannot change: its key is computed once (an import names the same
    // few thousand in every article).
    const frozen = Object.isFrozen(speaker) && [speaker.aliases, speaker.externalIds, speaker.affiliations].every((l) => l.length === 0 && Object.isFrozen(l));
    let key = frozen ? SqliteIngestWriteRepository.frozenKeys.get(speaker) : undefined;
    if (key === undefined) {
      key = speaker.organization === undefined ? JSON.stringify(speaker) : null;
      if (frozen) SqliteIngestWriteRepository.frozenKeys.set(speaker, key);
    }
    return key;
  }

  private static readonly frozenKeys = new WeakMap<NewSpeaker, string | null>();

  /**
   * Several documents in one transaction (group commit); the search index is brought up to date once for all of them.
   * `oneActor` (ingestDocuments: one caller's batch): the documents' audit rows are written at the end, in one
   * statement, as the quotes' are (a group commit's items each have their own actor).
   */
  private ingestGroup(items: readonly IngestItem[], oneActor = false): IngestedDocument[] {
    const upserted = new Map<string, SpeakerSummary>();
    const results = this.inTransaction(() => {
      this.checkSpeakersEpoch();
      const now = sqliteTimestamp();
      const fresh = { tags: this.attributionWrites.newTags(), indexedAfter: this.attributionWrites.lastQuoteId() };
      const documentsAfter = oneActor ? (this.sql.cache.get(MAX_DOCUMENT_ID_SQL).pluck().get() as number) : null;
      const written = items.map((item) => this.ingestIn({ actor: item.actor, now }, item, upserted, fresh, documentsAfter === null));
      const first = items[0];
      if (documentsAfter !== null && first !== undefined && written.some((w) => w.created)) this.sql.auditDocumentsAfter({ actor: first.actor, now }, documentsAfter);
      this.attributionWrites.syncSaved(written.flatMap((r) => r.saved), { indexedAfter: fresh.indexedAfter });
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

  /** One long document in its own transaction, in steps of one attribution (the event loop runs between them every TURN_MS). */
  private async ingestInTurns(item: IngestItem): Promise<IngestedDocument> {
    const upserted = new Map<string, SpeakerSummary>();
    const ctx = { actor: item.actor, now: sqliteTimestamp() };
    const steps = function* (this: SqliteIngestWriteRepository): WriteSteps<IngestedDocument> {
      this.checkSpeakersEpoch();
      // Each new quote indexed as it is inserted: a step at the end indexing them all would be as long as the document.
      const head = this.beginDocument(ctx, item, upserted, { tags: this.attributionWrites.newTags(), indexedAfter: null });
      if (!('ids' in head)) return head;
      const saved: SavedAttribution[] = [];
      for (const a of item.attributions) {
        yield;
        saved.push(this.saveIn(ctx, head, a));
      }
      yield;
      this.attributionWrites.syncSaved(saved, 'inserted');
      return { document: head.document, created: true, speakers: head.speakers, saved };
    };
    try {
      const result = await this.writer.inTurns(steps.call(this));
      this.rememberSpeakers(upserted);
      this.lshIndex.add(newQuoteRows(item.attributions, result.saved));
      return result;
    } catch (error) {
      const raced = isUniqueViolation(error) ? this.documentBySha(item.doc.sha256) : null;
      if (raced === null) throw error;
      return { document: raced, created: false, speakers: [], saved: [] };
    }
  }

  /** The document and its speakers, inside the caller's transaction; or the stored document of the same text. */
  private beginDocument(
    ctx: WriteContext,
    { doc, speakers }: IngestItem,
    upserted: Map<string, SpeakerSummary>,
    index: NewQuotesIndex,
    audit = true,
  ): DocumentHead | IngestedDocument {
    // Inserted unless the same text is stored: one statement for a new text, which is what an ingest mostly brings.
    const document = this.insertDocument(ctx, doc, INGEST_SQL.insertNewDocument, audit);
    if (document === null) return { document: this.documentBySha(doc.sha256) as DocumentSummary, created: false, speakers: [], saved: [] };
    const ids = new Map<string, number>();
    const savedSpeakers: IngestedDocument['speakers'] = [];
    for (const speaker of speakers) {
      const key = SqliteIngestWriteRepository.memoKey(speaker);
      const done = key === null ? undefined : (upserted.get(key) ?? this.storedSpeakers.get(key));
      const { speaker: row, created } =
        done === undefined ? this.speakerWrites.upsert(ctx, withSourceDocument(speaker, document.id), false) : { speaker: done, created: false };
      if (key !== null) upserted.set(key, row);
      ids.set(speaker.slug, row.id);
      savedSpeakers.push({ slug: row.slug, id: row.id, created });
    }
    return {
      document,
      text: doc.text,
      speakers: savedSpeakers,
      ids,
      fresh: { publishedOn: document.publishedOn, outlet: document.outlet, language: document.language, occurrences: new Set(), ...index },
    };
  }

  /** One attribution of the document `head` began, inside the caller's transaction. */
  private saveIn(ctx: WriteContext, head: DocumentHead, a: PendingAttribution): SavedAttribution {
    const speakerId = head.ids.get(a.speakerSlug);
    if (speakerId === undefined) throw new Error(`ingestDocument: attribution names speaker "${a.speakerSlug}" that is not in the list`);
    // Spread whole (its speakerSlug rides along, unread): taking it out with a rest pattern costs more.
    return this.attributionWrites.save(ctx, { ...a, speakerId, documentId: head.document.id }, head.fresh, head.text);
  }

  /**
   * Writes one document with its speakers and attributions, inside the caller's
   * transaction, leaving the search index to the caller (`syncSaved`).
   * `upserted`: the speakers this transaction upserts, by their content; the
   * same speaker again — in this transaction or, once committed, in any later
   * one (`storedSpeakers`) — would add nothing, so its statements are skipped. `audit`: false when the
   * caller writes the document's audit row (ingestGroup).
   */
  private ingestIn(ctx: WriteContext, item: IngestItem, upserted: Map<string, SpeakerSummary>, index: NewQuotesIndex, audit: boolean): IngestedDocument {
    const head = this.beginDocument(ctx, item, upserted, index, audit);
    if (!('ids' in head)) return head;
    const saved = item.attributions.map((a) => this.saveIn(ctx, head, a));
    return { document: head.document, created: true, speakers: head.speakers, saved };
  }

  async saveAttributions(attributions: NewAttribution[]): Promise<SavedAttribution[]> {
    const saved = await this.write((ctx) => {
      const texts = new Map<number, string>();
      const written = attributions.map((a) => this.attributionWrites.save(ctx, a, null, this.documentText(texts, a.documentId)));
      this.attributionWrites.syncSaved(written, null);
      return written;
    });
    this.lshIndex.add(newQuoteRows(attributions, saved));
    return saved;
  }

  async saveCitedQuotes(quotes: NewCitedQuote[], options: { bulk?: boolean } = {}): Promise<SavedCitedQuote[]> {
    // An import's batch: one transaction. In bulk (the CLI), in one go. A server's on the write thread
    // (docs/decisions/0032): its COMMIT changes pages all over the file, cannot be split and grows with the
    // corpus; without the thread, in turns.
    const saved = await (options.bulk === true
      ? this.imports.saveCitedQuotes(quotes, false)
      : this.long.run({ op: 'saveCitedQuotes', args: [quotes, this.reviewBelow] }, () => this.imports.saveCitedQuotes(quotes, true)));
    this.lshIndex.add(newQuoteRows(quotes, saved));
    await this.lshIndex.caughtUp();
    return saved;
  }

  /** A document's text, read once per write (`texts`); unknown_reference when there is no such document. */
  private documentText(texts: Map<number, string>, documentId: number): string {
    let text = texts.get(documentId);
    if (text === undefined) {
      text = this.sql.cache.get(INGEST_SQL.documentText).pluck().get(documentId) as string | undefined;
      if (text === undefined) throw new AppError('unknown_reference', `Document #${documentId} does not exist.`);
      texts.set(documentId, text);
    }
    return text;
  }

  private documentBySha(sha256: string): DocumentSummary | null {
    const row = this.sql.cache.get(INGEST_SQL.documentBySha).get(sha256) as DocumentRow | undefined;
    return row === undefined ? null : toDocument(row);
  }

  /** Inserts the document with its audit row (unless the caller writes it: `audit` false); null when `sql` (insertNewDocument) inserted nothing. */
  private insertDocument(ctx: WriteContext, doc: NewDocument): DocumentSummary;
  private insertDocument(ctx: WriteContext, doc: NewDocument, sql: string, audit: boolean): DocumentSummary | null;
  private insertDocument(ctx: WriteContext, doc: NewDocument, sql: string = INGEST_SQL.insertDocument, audit = true): DocumentSummary | null {
    const row = { ...doc, addedAt: ctx.now };
    const inserted = this.sql.cache.get(sql).run(row);
    if (inserted.changes === 0) return null;
    const document = toDocument({ ...row, id: Number(inserted.lastInsertRowid) });
    if (audit) this.sql.audit(ctx, 'create', 'Document', document.id);
    return document;
  }
}
