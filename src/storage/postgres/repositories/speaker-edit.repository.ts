import { mergeAffiliationFacts, type AffiliationMergePlan } from '../../../domain/affiliation-duplicates.ts';
import { notFound } from '../../../domain/errors.ts';
import type { Affiliation, Citation, SpeakerSummary } from '../../../domain/models.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import { applySpeakerPatch } from '../../../domain/speaker-fields.ts';
import { joinClusters, relinks, type Relink, type VariantLink } from '../../../domain/variant-cluster.ts';
import type { AffiliationMerge, AffiliationMerges, Correction, DocumentPatch, FoldedQuote, RevisionNote, SpeakerEditWriteRepository, SpeakerFields, SpeakerMerge, SpeakerPatch } from '../../ports/index.ts';
import { changesBetween } from '../../quote-fields.ts';
import * as rules from '../../shared/speaker-merge.ts';
import { column, row, rows, value, type Connections, type Queryable, type WriteContext } from '../connection.ts';
import type { LshIndex } from '../lsh-index.ts';
import { audit } from './audit.ts';
import { DOCUMENT_FIELDS, type DocumentCorrections } from './document-corrections.ts';
import type { RevisionWrites } from './revisions.ts';
import { AFFILIATION_COLUMNS, toAffiliation, toSpeaker, type AffiliationRow, type SpeakerRow } from './rows.ts';
import { syncSpeakerQuotes } from './search-sync.ts';
import { BUMP_SPEAKERS_EPOCH_SQL, type SpeakerCorrections } from './speaker-corrections.ts';

// $1 is always the speaker merged away (from), $2 the speaker kept (into); for a folded pair, the quotes.
const SQL = {
  lockSpeakers: 'SELECT id, slug, name, kind, description FROM speaker WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
  affiliations: `SELECT ${AFFILIATION_COLUMNS} FROM affiliation a JOIN organization o ON o.id = a.organization_id WHERE a.speaker_id = $1 ORDER BY a.id`,
  affiliation: `SELECT ${AFFILIATION_COLUMNS} FROM affiliation a JOIN organization o ON o.id = a.organization_id WHERE a.id = $1`,
  schemeConflicts: `SELECT DISTINCT f.scheme COLLATE "C" AS scheme FROM external_id f JOIN external_id i ON i.scheme = f.scheme AND i.speaker_id = $2
    WHERE f.speaker_id = $1 AND f.value <> i.value ORDER BY 1`,
  speaksFor: 'SELECT count(*) FROM organization WHERE speaker_id = $1',
  // The same words on record for both: the pairs that become one quote.
  collidingQuotes: `SELECT f.id AS "from", i.id AS "into", f.status AS "fromStatus", i.status AS "intoStatus" FROM quote f
    JOIN quote i ON i.normalized_hash = f.normalized_hash AND i.speaker_id = $2 WHERE f.speaker_id = $1 ORDER BY f.id`,
  // A correction of either stands for the one quote.
  keepCorrected: `UPDATE quote SET status = 'corrected' WHERE id = $2 AND status = 'active'
    AND (SELECT status FROM quote WHERE id = $1) = 'corrected'`,
  // Decisions that words are not theirs follow the speaker (and the quote) they were about.
  dropSharedTombstones: `DELETE FROM tombstone t WHERE t.speaker_id = $1 AND EXISTS (SELECT 1 FROM tombstone k
    WHERE k.speaker_id = $2 AND k.document_sha256 = t.document_sha256 AND k.start = t.start AND k."end" = t."end")`,
  // "Not the merged speaker's words, but the kept one's" says nothing once they are one speaker.
  dropSettledTombstones: `DELETE FROM tombstone WHERE speaker_id = $1 AND reason = 'moved'
    AND quote_id IN (SELECT id FROM quote WHERE speaker_id = $2)`,
  moveTombstones: 'UPDATE tombstone SET speaker_id = $2 WHERE speaker_id = $1',
  moveQuoteTombstones: 'UPDATE tombstone SET quote_id = $2 WHERE quote_id = $1',
  dropDuplicateOccurrences: `DELETE FROM occurrence o WHERE o.quote_id = $1 AND EXISTS (SELECT 1 FROM occurrence k
    WHERE k.quote_id = $2 AND k.document_id = o.document_id AND k.start = o.start AND k."end" = o."end")`,
  moveOccurrences: 'UPDATE occurrence SET quote_id = $2 WHERE quote_id = $1',
  // A URL both quotes were cited at is one citation: the kept one, with what the folded one adds.
  sharedCitations: `SELECT f.url, f.seen_on AS "seenOn", f.confidence, f.source, f.source_quote_id AS "sourceQuoteId" FROM citation f
    JOIN citation k ON k.quote_id = $2 AND k.url = f.url WHERE f.quote_id = $1 ORDER BY f.id`,
  mergeSharedCitations: `UPDATE citation k SET confidence = GREATEST(k.confidence, f.confidence), seen_on = COALESCE(k.seen_on, f.seen_on),
    source_quote_id = COALESCE(k.source_quote_id, f.source_quote_id) FROM citation f WHERE f.quote_id = $1 AND k.quote_id = $2 AND k.url = f.url`,
  dropSharedCitations: 'DELETE FROM citation WHERE quote_id = $1 AND url IN (SELECT url FROM citation WHERE quote_id = $2)',
  moveCitations: 'UPDATE citation SET quote_id = $2 WHERE quote_id = $1',
  variantLinks: 'SELECT id, variant_of_id AS "variantOfId" FROM quote WHERE id = ANY($1::int[])',
  // The quotes given and those linked to them.
  clusters: 'SELECT id, variant_of_id AS "variantOfId" FROM quote WHERE id = ANY($1::int[]) OR variant_of_id = ANY($1::int[])',
  relink: 'UPDATE quote SET variant_of_id = $2, updated_at = $3 WHERE id = $1',
  // What the kept quote does not state, it takes from the folded one.
  fillQuote: `UPDATE quote i SET said_on = COALESCE(i.said_on, f.said_on), venue = COALESCE(i.venue, f.venue),
    about_speaker_id = COALESCE(i.about_speaker_id, f.about_speaker_id), updated_at = $3 FROM quote f WHERE f.id = $1 AND i.id = $2`,
  deleteQuote: 'DELETE FROM quote WHERE id = $1',
  movedQuoteIds: 'SELECT id FROM quote WHERE speaker_id = $1 ORDER BY id',
  moveQuotes: 'UPDATE quote SET speaker_id = $2, updated_at = $3 WHERE speaker_id = $1',
  moveQuotesAbout: 'UPDATE quote SET about_speaker_id = $2, updated_at = $3 WHERE about_speaker_id = $1',
  dropSharedAliases: 'DELETE FROM speaker_alias WHERE speaker_id = $1 AND normalized IN (SELECT normalized FROM speaker_alias WHERE speaker_id = $2)',
  moveAliases: 'UPDATE speaker_alias SET speaker_id = $2 WHERE speaker_id = $1',
  moveExternalIds: 'UPDATE external_id SET speaker_id = $2 WHERE speaker_id = $1',
  sameAffiliation: 'SELECT id FROM affiliation WHERE speaker_id = $1 AND organization_id = $2 AND role = $3',
  moveAffiliations: 'UPDATE affiliation SET speaker_id = $2 WHERE speaker_id = $1',
  moveOrganization: 'UPDATE organization SET speaker_id = $2 WHERE speaker_id = $1',
  moveRedirects: 'UPDATE speaker_redirect SET speaker_id = $2 WHERE speaker_id = $1',
  redirectSlugs: 'SELECT slug FROM speaker_redirect WHERE speaker_id = $1 ORDER BY slug COLLATE "C"',
  insertRedirect: 'INSERT INTO speaker_redirect (slug, from_speaker_id, speaker_id, created_at) VALUES ($1, $2, $3, $4)',
  deleteSpeaker: 'DELETE FROM speaker WHERE id = $1',
  touchSpeaker: 'UPDATE speaker SET updated_at = $2 WHERE id = $1',
  usage: `SELECT (SELECT count(*) FROM quote WHERE speaker_id = $1) AS quotes,
    (SELECT count(*) FROM quote WHERE about_speaker_id = $1) AS "quotesAbout",
    (SELECT count(*) FROM affiliation WHERE speaker_id = $1) AS affiliations,
    (SELECT count(*) FROM organization WHERE speaker_id = $1) AS organizations,
    (SELECT count(*) FROM tombstone WHERE speaker_id = $1) AS tombstones`,
  deleteAffiliation: 'DELETE FROM affiliation WHERE id = $1',
  updateAffiliation: `UPDATE affiliation SET role = $2, as_stated = $3, valid_from = $4, valid_to = $5, source_document_id = $6 WHERE id = $1`,
} as const;

/**
 * An editor's corrections of speakers and documents, speaker merges, removals and affiliation merges, with
 * the same rules, revisions, audit rows, redirects and errors as the SQLite backend's
 * SqliteSpeakerEditRepository: one transaction each, the speakers' rows locked first (two at once in id
 * order, so concurrent merges never deadlock), the filter tags re-filed and the verify keys of folded quotes
 * removed in the same transaction. Changes to names, slugs and speakers move the `speakers` change epoch,
 * which every API process's caches that assume speakers only grow compare (the name index, the ingest's
 * memory of speakers stored).
 */
export class PostgresSpeakerEditRepository implements SpeakerEditWriteRepository {
  constructor(
    private readonly connections: Connections,
    private readonly lsh: LshIndex,
    private readonly revisions: RevisionWrites,
    private readonly speakers: SpeakerCorrections,
    private readonly documents: DocumentCorrections,
  ) {}

  correctSpeaker(id: number, patch: SpeakerPatch, note: RevisionNote): Promise<Correction | null> {
    return this.connections.transaction(async (ctx): Promise<Correction | null> => {
      if ((await lockSpeakers(ctx.client, [id])).length === 0) return null;
      const before = (await this.speakers.snapshot(ctx.client, id)) as SpeakerFields;
      await this.speakers.set(ctx, id, applySpeakerPatch(before, patch));
      const changes = changesBetween(rules.asRevision(before), rules.asRevision((await this.speakers.snapshot(ctx.client, id)) as SpeakerFields));
      if (Object.keys(changes).length === 0) return { revision: null };
      return { revision: await this.revisions.record(ctx, { entityType: 'speaker', entityId: id, action: 'updated', changes, reason: note.reason }) };
    });
  }

  correctDocument(id: number, patch: DocumentPatch, note: RevisionNote): Promise<Correction | null> {
    const wanted = Object.fromEntries(DOCUMENT_FIELDS.filter((f) => patch[f] !== undefined).map((f) => [f, patch[f] ?? null]));
    return this.connections.transaction(async (ctx): Promise<Correction | null> => {
      if ((await value<number>(ctx.client, 'SELECT id FROM document WHERE id = $1 FOR UPDATE', [id])) === null) return null;
      const current = (await this.documents.current(ctx.client, id, Object.keys(wanted))) as Record<string, RevisionValue>;
      const changes = changesBetween(current, wanted);
      if (Object.keys(changes).length === 0) return { revision: null };
      await this.documents.apply(ctx, id, wanted);
      return { revision: await this.revisions.record(ctx, { entityType: 'document', entityId: id, action: 'updated', changes, reason: note.reason }) };
    });
  }

  async mergeSpeakers(fromId: number, intoId: number, note: RevisionNote): Promise<SpeakerMerge> {
    rules.assertTwoSpeakers(fromId, intoId);
    return this.connections.transaction((ctx) => this.merge(ctx, fromId, intoId, note));
  }

  private async merge(ctx: WriteContext, fromId: number, intoId: number, note: RevisionNote): Promise<SpeakerMerge> {
    const db = ctx.client;
    const locked = await lockSpeakers(db, [fromId, intoId]);
    const found = (id: number) => {
      const r = locked.find((s) => s.id === id);
      if (r === undefined) throw notFound('speaker', id);
      return toSpeaker(r);
    };
    const from = found(fromId);
    const into = found(intoId);
    const before = { from: (await this.speakers.snapshot(db, fromId)) as SpeakerFields, into: (await this.speakers.snapshot(db, intoId)) as SpeakerFields };
    const pair = [fromId, intoId];
    const schemes = await column<string>(db, SQL.schemeConflicts, pair);
    const speaksFor = async (id: number) => ((await value<number>(db, SQL.speaksFor, [id])) ?? 0) > 0;
    rules.assertMergeable(from, into, schemes, (await speaksFor(fromId)) && (await speaksFor(intoId)));
    const folds = rules.quotesToFold(from, into, await rows<rules.CollidingQuotes & Record<string, unknown>>(db, SQL.collidingQuotes, pair));
    const folded = new Set(folds.map((f) => f.from));
    const movedQuoteIds = (await column<number>(db, SQL.movedQuoteIds, [fromId])).filter((id) => !folded.has(id));
    const foldedQuotes: FoldedQuote[] = [];
    for (const f of folds) foldedQuotes.push(await this.fold(ctx, f));
    // The folded quotes' verify keys go with them, in the same transaction.
    if (foldedQuotes.length > 0) await this.lsh.remove(db, [...folded]);
    const quotes = await count(db, SQL.moveQuotes, [...pair, ctx.now]);
    const quotesAbout = await count(db, SQL.moveQuotesAbout, [...pair, ctx.now]);
    await rows(db, SQL.dropSharedAliases, pair);
    const aliases = await count(db, SQL.moveAliases, pair);
    const externalIds = await count(db, SQL.moveExternalIds, pair);
    const affiliations = await this.moveAffiliations(db, fromId, intoId);
    const organizations = await count(db, SQL.moveOrganization, pair);
    await rows(db, SQL.dropSettledTombstones, pair);
    await rows(db, SQL.dropSharedTombstones, pair);
    await rows(db, SQL.moveTombstones, pair);
    await rows(db, SQL.moveRedirects, pair);
    await rows(db, SQL.insertRedirect, [from.slug, fromId, intoId, ctx.now]);
    const redirectedSlugs = await column<string>(db, SQL.redirectSlugs, [intoId]);
    await rows(db, SQL.deleteSpeaker, [fromId]);
    await rows(db, SQL.touchSpeaker, [intoId, ctx.now]);
    // Every quote of `into` now: its own (new affiliations change the organisations at the time) and the moved ones, the kept quotes' dates and outlets.
    await syncSpeakerQuotes(db, intoId);
    await rows(db, BUMP_SPEAKERS_EPOCH_SQL);
    const moved = { quotes: quotes + foldedQuotes.length, quotesAbout, aliases, externalIds, affiliations, organizations };
    const revisions = rules.mergeRevisions({ from, into, moved, movedQuoteIds, foldedQuotes }, before, (await this.speakers.snapshot(db, intoId)) as SpeakerFields, note);
    await this.revisions.record(ctx, revisions.mergedAway);
    const revision = await this.revisions.record(ctx, revisions.kept);
    return { from, into, moved, foldedQuotes, redirectedSlugs, revision };
  }

  /**
   * Folds quote `from` into `into` (the same words): its evidence (occurrences, citations), tombstones and
   * variants become the kept quote's, what the kept quote does not state it takes from the folded one, and
   * the folded quote goes.
   */
  private async fold(ctx: WriteContext, pair: { from: number; into: number }): Promise<FoldedQuote> {
    const db = ctx.client;
    const quotes = [pair.from, pair.into];
    const relinked = await relinkVariants(ctx, pair);
    const mergedCitations = await rows<Citation & Record<string, unknown>>(db, SQL.sharedCitations, quotes);
    await rows(db, SQL.mergeSharedCitations, quotes);
    await rows(db, SQL.dropSharedCitations, quotes);
    const citations = await count(db, SQL.moveCitations, quotes);
    await rows(db, SQL.dropDuplicateOccurrences, quotes);
    const occurrences = await count(db, SQL.moveOccurrences, quotes);
    await rows(db, SQL.fillQuote, [...quotes, ctx.now]);
    await rows(db, SQL.keepCorrected, quotes);
    await rows(db, SQL.moveQuoteTombstones, quotes);
    await rows(db, SQL.deleteQuote, [pair.from]);
    await audit(ctx, 'merge', 'Quote', pair.from);
    return { ...pair, occurrences, citations, mergedCitations: mergedCitations.map(({ url, seenOn, confidence, source, sourceQuoteId }) => ({ url, seenOn, confidence, source, sourceQuoteId })), relinked };
  }

  /** Moves `from`'s affiliations; one the same as `into`'s (organisation and role) merges with it. How many moved or merged. */
  private async moveAffiliations(db: Queryable, fromId: number, intoId: number): Promise<number> {
    const moving = await this.affiliationsOf(db, fromId);
    for (const a of moving) {
      const same = await value<number>(db, SQL.sameAffiliation, [intoId, a.organization.id, a.role]);
      if (same === null) continue;
      // One row per organisation and role (even for periods that do not meet): it spans both.
      await this.applyAffiliationMerge(db, { keepId: same, dropId: a.id, merged: mergeAffiliationFacts(rules.affiliationFacts(await this.affiliation(db, same)), rules.affiliationFacts(a)) });
    }
    await rows(db, SQL.moveAffiliations, [fromId, intoId]);
    return moving.length;
  }

  removeSpeaker(id: number, note: RevisionNote): Promise<SpeakerSummary | null> {
    return this.connections.transaction(async (ctx) => {
      const [r] = await lockSpeakers(ctx.client, [id]);
      if (r === undefined) return null;
      rules.assertRemovable(r.name, (await row<rules.SpeakerUsage & Record<string, number>>(ctx.client, SQL.usage, [id])) as rules.SpeakerUsage);
      const before = (await this.speakers.snapshot(ctx.client, id)) as SpeakerFields;
      // Aliases, external IDs and slug redirects go with it (ON DELETE CASCADE).
      await rows(ctx.client, SQL.deleteSpeaker, [id]);
      await rows(ctx.client, BUMP_SPEAKERS_EPOCH_SQL);
      await this.revisions.record(ctx, rules.removalRevision(id, before, note));
      return toSpeaker(r);
    });
  }

  mergeAffiliations(speakerId: number, pair: readonly [number, number] | null, note: RevisionNote): Promise<AffiliationMerges> {
    return this.connections.transaction(async (ctx): Promise<AffiliationMerges> => {
      const db = ctx.client;
      if ((await lockSpeakers(db, [speakerId])).length === 0) throw notFound('speaker', speakerId);
      const before = (await this.speakers.snapshot(db, speakerId)) as SpeakerFields;
      const plans = rules.affiliationMergesAsked(speakerId, await this.affiliationsOf(db, speakerId), pair);
      const merged: AffiliationMerge[] = [];
      for (const plan of plans) {
        const keptBefore = await this.affiliation(db, plan.keepId);
        const dropped = await this.affiliation(db, plan.dropId);
        await this.applyAffiliationMerge(db, plan);
        merged.push({ kept: await this.affiliation(db, plan.keepId), dropped, keptBefore });
      }
      if (merged.length === 0) return { merged, revision: null };
      await rows(db, SQL.touchSpeaker, [speakerId, ctx.now]);
      await syncSpeakerQuotes(db, speakerId);
      const revision = await this.revisions.record(ctx, rules.affiliationMergeRevision(speakerId, before, (await this.speakers.snapshot(db, speakerId)) as SpeakerFields, note));
      return { merged, revision };
    });
  }

  private async applyAffiliationMerge(db: Queryable, plan: AffiliationMergePlan): Promise<void> {
    await rows(db, SQL.deleteAffiliation, [plan.dropId]);
    const m = plan.merged;
    await rows(db, SQL.updateAffiliation, [plan.keepId, m.role, m.asStated, m.validFrom, m.validTo, m.sourceDocumentId]);
  }

  private async affiliationsOf(db: Queryable, speakerId: number): Promise<Affiliation[]> {
    return (await rows<AffiliationRow & Record<string, unknown>>(db, SQL.affiliations, [speakerId])).map(toAffiliation);
  }

  private async affiliation(db: Queryable, id: number): Promise<Affiliation> {
    return toAffiliation((await row<AffiliationRow & Record<string, unknown>>(db, SQL.affiliation, [id])) as AffiliationRow);
  }
}

/** The speakers' rows, locked for the rest of the transaction (in id order); those that exist. */
function lockSpeakers(db: Queryable, ids: readonly number[]): Promise<SpeakerRow[]> {
  return rows<SpeakerRow & Record<string, unknown>>(db, SQL.lockSpeakers, [ids]);
}

/** Links the near-duplicates of both quotes of a fold to the one cluster they make (src/domain/variant-cluster.ts). */
async function relinkVariants(ctx: WriteContext, pair: { from: number; into: number }): Promise<Relink[]> {
  const links = await rows<VariantLink & Record<string, unknown>>(ctx.client, SQL.variantLinks, [[pair.from, pair.into]]);
  const link = (id: number): VariantLink => links.find((q) => q.id === id) ?? { id, variantOfId: null };
  const join = joinClusters(link(pair.from), link(pair.into));
  const changed = relinks(join, await rows<VariantLink & Record<string, unknown>>(ctx.client, SQL.clusters, [join.replaced]), pair.from);
  for (const r of changed) {
    await rows(ctx.client, SQL.relink, [r.id, r.after, ctx.now]);
    await audit(ctx, 'update', 'Quote', r.id);
  }
  return changed;
}

/** How many rows a statement changed. */
async function count(db: Queryable, text: string, values: unknown[]): Promise<number> {
  return (await db.query(text, values)).rowCount ?? 0;
}
