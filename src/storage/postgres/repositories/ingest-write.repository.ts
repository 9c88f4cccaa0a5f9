import { setImmediate as nextTurn } from 'node:timers/promises';
import { currentActor, type Actor } from '../../../domain/actor.ts';
import { AppError } from '../../../domain/errors.ts';
import type { DocumentSummary, SpeakerSummary } from '../../../domain/models.ts';
import type {
  IngestedDocument,
  IngestWriteRepository,
  NewAttribution,
  NewDocument,
  NewSpeaker,
  PendingAttribution,
  SavedAttribution,
} from '../../ports/index.ts';
import { assertEvidence } from '../../../domain/evidence.ts';
import { isUniqueViolation, row, rows, value, type Connections, type Queryable, type WriteContext } from '../connection.ts';
import { GroupCommit } from '../group-commit.ts';
import type { LshIndex, LshQuote } from '../lsh-index.ts';
import { audit } from './audit.ts';
import { saveAttribution } from './attribution-writes.ts';
import { insertAttributions, insertDocuments, type FreshAttribution } from './ingest-group.ts';
import { DOCUMENT_COLUMNS, toDocument, type DocumentRow } from './rows.ts';
import { syncQuotes } from './search-sync.ts';
import { namesOnly, upsertSpeaker, upsertStoredSpeakers } from './speaker-writes.ts';

interface IngestItem {
  doc: NewDocument;
  speakers: NewSpeaker[];
  attributions: PendingAttribution[];
  actor: Actor;
}

/**
 * Most documents one group commit writes, and group transactions in flight at once: 64 waiting
 * callers make four groups, so the server works on some while the API prepares and hears back
 * from others (one group of 64 at a time leaves a core idle: 757–801 against 1,066–1,116 quotes/s
 * measured alternately on a loaded 2-core machine).
 */
const DOCUMENTS_PER_GROUP = 16;
const GROUP_WRITERS = 4;
/**
 * Attributions checked, or sent in one statement, per turn of the event loop. Checking the evidence of
 * and binding the ~5,800 quotes of the longest article at once held the serving thread for 150–200 ms
 * (0.5–0.7 s on a loaded machine); 500 keep a turn near 15 ms, and a group of ordinary articles in one or
 * two statements.
 */
const ATTRIBUTIONS_PER_TURN = 500;
/** Speakers remembered as stored before the memory starts over. */
const STORED_SPEAKERS_KEPT = 10_000;

/**
 * The speakers' change epoch, read first in a group's transaction, which it also lets reuse the plans of
 * its statements (plan_cache_mode auto, for this transaction only): the connection plans every statement
 * for its parameters (connection.ts), but a group's statements take arrays whose plan never changes, and
 * planning them again for every group cost the server more than some of them cost to run.
 */
const SPEAKERS_EPOCH_SQL = "SELECT (SELECT value FROM change_epoch WHERE name = 'speakers') AS value, set_config('plan_cache_mode', 'auto', true) AS plans";

/** The verify index's entries for the quotes a write created. */
function newQuotes(attributions: readonly Pick<NewAttribution, 'normalizedText'>[], saved: readonly SavedAttribution[]): LshQuote[] {
  return saved.flatMap((s, i) => {
    const a = attributions[i];
    return s.quoteCreated && a !== undefined ? [{ id: s.quoteId, normalizedText: a.normalizedText }] : [];
  });
}

function withSourceDocument(speaker: NewSpeaker, documentId: number): NewSpeaker {
  return { ...speaker, affiliations: speaker.affiliations.map((a) => ({ ...a, sourceDocumentId: a.sourceDocumentId ?? documentId })) };
}

/**
 * The ingest aggregate on PostgreSQL. Concurrent `ingestDocument` calls share
 * transactions (group-commit.ts); every other call is a transaction of its
 * own. The filter tags are written with the quotes; the verify keys of a
 * group's new quotes into the verify index's backlog in the same transaction,
 * moved into its GIN index after the callers heard back (lsh-index.ts).
 */
export class PostgresIngestWriteRepository implements Omit<IngestWriteRepository, 'saveCitedQuotes' | 'ingestDocuments' | 'resolveImportedSpeakers'> {
  private readonly ingests: GroupCommit<IngestItem, IngestedDocument>;
  /**
   * Speakers stored with everything their NewSpeaker (the key: its JSON) would add. Valid while
   * speakers only grow: an editor's merge, removal or correction (in any API process) moves the
   * `speakers` change epoch, and a group that reads a new epoch starts the memory over. Speakers
   * linked to an organisation are not remembered (another speaker can take the link over).
   */
  private readonly storedSpeakers = new Map<string, SpeakerSummary>();
  /** The change epoch `storedSpeakers` was filled under (null: not read yet). */
  private storedEpoch: number | null = null;

  constructor(
    private readonly connections: Connections,
    private readonly lsh: LshIndex,
    /** The review threshold: attributions less certain are stored as needs_review (statusOnArrival). */
    private readonly reviewBelow: number,
  ) {
    this.ingests = new GroupCommit(
      (items) => this.ingestGroup(items),
      DOCUMENTS_PER_GROUP,
      GROUP_WRITERS,
      (error) => !(error instanceof AppError && (error.code === 'database_busy' || error.code === 'storage_full')),
    );
  }

  async createDocument(doc: NewDocument): Promise<DocumentSummary> {
    const { document, created } = await this.findOrCreateDocument(doc);
    if (!created) {
      throw new AppError('document_exists', `A document with this text (sha256 ${doc.sha256}) is already stored as #${document.id}.`, { existingId: document.id });
    }
    return document;
  }

  async findOrCreateDocument(doc: NewDocument): Promise<{ document: DocumentSummary; created: boolean }> {
    try {
      return await this.connections.transaction(async (ctx) => {
        const existing = await documentBySha(ctx.client, doc.sha256);
        if (existing !== null) return { document: existing, created: false };
        return { document: await insertDocument(ctx, doc), created: true };
      });
    } catch (error) {
      const raced = isUniqueViolation(error) ? await documentBySha(this.connections.write, doc.sha256) : null;
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
      return await this.connections.transaction((ctx) => upsertSpeaker(ctx, speaker, rejectExisting));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('speaker_exists', `A speaker with slug "${speaker.slug}" already exists.`);
      throw error;
    }
  }

  ingestDocument(doc: NewDocument, speakers: NewSpeaker[], attributions: PendingAttribution[]): Promise<IngestedDocument> {
    return this.ingests.submit({ doc, speakers, attributions, actor: currentActor() });
  }

  /** Several documents and their quotes' verify keys in one transaction (set-based: ingest-group.ts). */
  private async ingestGroup(items: readonly IngestItem[]): Promise<IngestedDocument[]> {
    const upserted = new Map<string, SpeakerSummary>();
    let results: IngestedDocument[];
    let epoch = 0;
    try {
      results = await this.connections.transaction(async (ctx) => {
        // A run again after a deadlock starts over: nothing the rolled-back run upserted is stored.
        upserted.clear();
        // Read before any speaker is looked up: what the memory of speakers may be trusted under.
        epoch = (await value<number>(ctx.client, SPEAKERS_EPOCH_SQL)) ?? 0;
        if (epoch !== this.storedEpoch) {
          this.storedSpeakers.clear();
          this.storedEpoch = epoch;
        }
        const documents = await insertDocuments(ctx, items);
        await this.upsertStored(ctx, items, documents, upserted);
        const early = await this.upsertInSlugOrder(ctx, items, documents, upserted);
        const pending: { item: number; attribution: FreshAttribution }[] = [];
        const written: IngestedDocument[] = [];
        for (const [i, item] of items.entries()) {
          const { document, created } = documents[i] as { document: DocumentSummary; created: boolean };
          if (!created) {
            written.push({ document, created: false, speakers: [], saved: [] });
            continue;
          }
          const speakers: IngestedDocument['speakers'] = [];
          for (const [k, sp] of item.speakers.entries()) {
            speakers.push(early.get(`${i}:${k}`) ?? ((await this.upsertSpeakers({ ...ctx, actor: item.actor }, [sp], document.id, upserted))[0] as IngestedDocument['speakers'][number]));
          }
          // By the slug the caller named: one that redirects (a speaker merged or renamed) stored under the speaker it names now.
          const ids = new Map(item.speakers.map((sp, k) => [sp.slug, speakers[k]?.id]));
          for (const { speakerSlug, ...a } of item.attributions) {
            const speakerId = ids.get(speakerSlug);
            if (speakerId === undefined) throw new Error(`ingestDocument: attribution names speaker "${speakerSlug}" that is not in the list`);
            // The evidence invariant (src/domain/evidence.ts): a bad item fails the group, which group-commit then writes item by item.
            assertEvidence(item.doc.text, { ...a, documentId: document.id });
            if (pending.length % ATTRIBUTIONS_PER_TURN === ATTRIBUTIONS_PER_TURN - 1) await nextTurn();
            pending.push({ item: i, attribution: { ...a, speakerId, documentId: document.id, publishedOn: document.publishedOn } });
          }
          written.push({ document, created: true, speakers, saved: [] });
        }
        // In slices, each its own statements: a later slice finds an earlier one's quotes as stored, as one statement would.
        const saved: SavedAttribution[] = [];
        for (let i = 0; i < pending.length; i += ATTRIBUTIONS_PER_TURN) {
          saved.push(...(await insertAttributions(ctx, pending.slice(i, i + ATTRIBUTIONS_PER_TURN).map((p) => p.attribution), this.reviewBelow)));
        }
        pending.forEach((p, k) => (written[p.item] as IngestedDocument).saved.push(saved[k] as SavedAttribution));
        // Quotes stored before that gained an occurrence: their date and outlets may change.
        await syncQuotes(ctx.client, saved.filter((s) => s.occurrenceCreated && !s.quoteCreated).map((s) => s.quoteId));
        // The new quotes' verify keys, in the verify index's backlog: committed with the quotes, indexed later.
        await this.lsh.queue(ctx.client, items.flatMap((item, i) => newQuotes(item.attributions, (written[i] as IngestedDocument).saved)));
        return written;
      }, items[0]?.actor);
    } catch (error) {
      // Another writer stored the same text meanwhile: a group of one reports it as existing, as a re-post would.
      const item = items[0];
      if (items.length !== 1 || item === undefined || !isUniqueViolation(error)) throw error;
      const raced = await documentBySha(this.connections.write, item.doc.sha256);
      if (raced === null) throw error;
      return [{ document: raced, created: false, speakers: [], saved: [] }];
    }
    // A group that read an older epoch than another since (an editor changed speakers meanwhile) teaches nothing.
    if (epoch === this.storedEpoch) {
      if (this.storedSpeakers.size + upserted.size > STORED_SPEAKERS_KEPT) this.storedSpeakers.clear();
      for (const [key, speaker] of upserted) this.storedSpeakers.set(key, speaker);
    }
    this.lsh.scheduleMove();
    return results;
  }

  /**
   * The new documents' speakers that this process has not met in this form, are stored already and carry
   * only names (after a start: most of them), upserted together in slug order (upsertStoredSpeakers): two
   * statements for the group instead of two or more each, which outnumbered the group's other statements.
   */
  private async upsertStored(ctx: WriteContext, items: readonly IngestItem[], documents: readonly { created: boolean }[], upserted: Map<string, SpeakerSummary>): Promise<void> {
    const unmet = new Map<string, NewSpeaker>();
    items.forEach((item, i) => {
      if (documents[i]?.created !== true) return;
      for (const speaker of item.speakers) {
        const key = JSON.stringify(speaker);
        if (namesOnly(speaker) && !upserted.has(key) && !this.storedSpeakers.has(key)) unmet.set(key, speaker);
      }
    });
    const list = [...unmet].sort(([, a], [, b]) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    const stored = await upsertStoredSpeakers(ctx, list.map(([, speaker]) => speaker));
    list.forEach(([key], i) => {
      const speaker = stored[i];
      if (speaker != null) upserted.set(key, speaker);
    });
  }

  /**
   * The new documents' speakers that no organisation link ties to an order (most), upserted first and in
   * slug order, keyed `item:position`: concurrent groups naming the same new speakers then take their rows'
   * locks in one order and never deadlock on them (measured: 64 callers on a fresh database deadlocked
   * at once otherwise). A speaker named by several documents is created by the first.
   */
  private async upsertInSlugOrder(
    ctx: WriteContext,
    items: readonly IngestItem[],
    documents: readonly { document: DocumentSummary; created: boolean }[],
    upserted: Map<string, SpeakerSummary>,
  ): Promise<Map<string, IngestedDocument['speakers'][number]>> {
    const named = items.flatMap((item, i) => (documents[i]?.created === true ? item.speakers.flatMap((speaker, k) => (speaker.organization === undefined ? [{ i, k, speaker }] : [])) : []));
    named.sort((a, b) => (a.speaker.slug < b.speaker.slug ? -1 : a.speaker.slug > b.speaker.slug ? 1 : a.i - b.i || a.k - b.k));
    const early = new Map<string, IngestedDocument['speakers'][number]>();
    for (const { i, k, speaker } of named) {
      const [r] = await this.upsertSpeakers({ ...ctx, actor: (items[i] as IngestItem).actor }, [speaker], (documents[i] as { document: DocumentSummary }).document.id, upserted);
      early.set(`${i}:${k}`, r as IngestedDocument['speakers'][number]);
    }
    return early;
  }

  /**
   * The document's speakers, upserted in order; a speaker whose same NewSpeaker was stored
   * before (in this transaction, or committed earlier: storedSpeakers) adds nothing and is skipped.
   */
  private async upsertSpeakers(ctx: WriteContext, speakers: readonly NewSpeaker[], documentId: number, upserted: Map<string, SpeakerSummary>): Promise<IngestedDocument['speakers']> {
    const out: IngestedDocument['speakers'] = [];
    for (const speaker of speakers) {
      const key = speaker.organization === undefined ? JSON.stringify(speaker) : null;
      const done = key === null ? undefined : (upserted.get(key) ?? this.storedSpeakers.get(key));
      const { speaker: r, created } = done === undefined ? await upsertSpeaker(ctx, withSourceDocument(speaker, documentId), false) : { speaker: done, created: false };
      if (key !== null) upserted.set(key, r);
      out.push({ slug: r.slug, id: r.id, created });
    }
    return out;
  }

  async saveAttributions(attributions: NewAttribution[]): Promise<SavedAttribution[]> {
    const saved = await this.connections.transaction(async (ctx) => {
      // The evidence invariant (src/domain/evidence.ts): every attribution is checked before any is written.
      const texts = new Map(
        (await rows<{ id: number; text: string }>(ctx.client, 'SELECT id, text FROM document WHERE id = ANY($1::bigint[])', [[...new Set(attributions.map((a) => a.documentId))]])).map((d) => [
          d.id,
          d.text,
        ]),
      );
      for (const a of attributions) {
        const text = texts.get(a.documentId);
        if (text === undefined) throw new AppError('unknown_reference', `Document #${a.documentId} does not exist.`);
        assertEvidence(text, a);
      }
      const written: SavedAttribution[] = [];
      for (const a of attributions) written.push(await saveAttribution(ctx, a, this.reviewBelow));
      await syncQuotes(ctx.client, written.filter((s) => s.occurrenceCreated).map((s) => s.quoteId));
      return written;
    });
    await this.lsh.add(newQuotes(attributions, saved));
    return saved;
  }
}

async function documentBySha(db: Queryable, sha256: string): Promise<DocumentSummary | null> {
  const r = await row<DocumentRow>(db, `SELECT ${DOCUMENT_COLUMNS} FROM document d WHERE d.sha256 = $1`, [sha256]);
  return r === null ? null : toDocument(r);
}

async function insertDocument(ctx: WriteContext, doc: NewDocument): Promise<DocumentSummary> {
  const r = await row<DocumentRow>(
    ctx.client,
    `INSERT INTO document AS d (outlet, title, url, published_on, dateline, language, text, sha256, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${DOCUMENT_COLUMNS}`,
    [doc.outlet, doc.title, doc.url, doc.publishedOn, doc.dateline, doc.language, doc.text, doc.sha256, ctx.now],
  );
  if (r === null) throw new Error('INSERT … RETURNING returned no row');
  await audit(ctx, 'create', 'Document', r.id);
  return toDocument(r);
}
