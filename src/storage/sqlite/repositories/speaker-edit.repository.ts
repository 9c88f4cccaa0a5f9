import { mergeAffiliationFacts, type AffiliationMergePlan } from '../../../domain/affiliation-duplicates.ts';
import { notFound } from '../../../domain/errors.ts';
import type { Affiliation, Citation, SpeakerSummary } from '../../../domain/models.ts';
import { applySpeakerPatch } from '../../../domain/speaker-fields.ts';
import { joinClusters, relinks, type Relink, type VariantLink } from '../../../domain/variant-cluster.ts';
import type { AffiliationMerge, AffiliationMerges, Correction, DocumentPatch, FoldedQuote, RevisionNote, SpeakerEditWriteRepository, SpeakerFields, SpeakerMerge, SpeakerPatch } from '../../ports/index.ts';
import { changesBetween } from '../../quote-fields.ts';
import * as rules from '../../shared/speaker-merge.ts';
import { unindexQuotesSql } from '../search/search-index.sql.ts';
import type { SqlWriter, WriteContext, WriteSteps } from '../sql-writer.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import { DOCUMENT_FIELDS, type DocumentCorrections } from './document-corrections.ts';
import type { RevisionWrites } from './revision-writes.ts';
import { AFFILIATION_COLUMNS, toAffiliation, toSpeaker, type AffiliationRow, type SpeakerRow } from './rows.ts';
import type { SpeakerCorrections } from './speaker-corrections.ts';
import { WriteStatements } from './write-statements.ts';

const SQL = {
  speaker: 'SELECT id, slug, name, kind, description FROM Speaker WHERE id = ?',
  affiliations: `SELECT ${AFFILIATION_COLUMNS} FROM Affiliation a JOIN Organization o ON o.id = a.organizationId WHERE a.speakerId = ? ORDER BY a.id`,
  affiliation: `SELECT ${AFFILIATION_COLUMNS} FROM Affiliation a JOIN Organization o ON o.id = a.organizationId WHERE a.id = ?`,
  schemeConflicts: `SELECT DISTINCT f.scheme FROM ExternalId f JOIN ExternalId i ON i.scheme = f.scheme AND i.speakerId = @into
    WHERE f.speakerId = @from AND f.value <> i.value ORDER BY f.scheme`,
  speaksFor: 'SELECT COUNT(*) FROM Organization WHERE speakerId = ?',
  // The same words on record for both: the pairs that become one quote.
  collidingQuotes: `SELECT f.id AS "from", i.id AS "into", f.status AS fromStatus, i.status AS intoStatus FROM Quote f
    JOIN Quote i ON i.normalizedHash = f.normalizedHash AND i.speakerId = @into WHERE f.id IN (SELECT value FROM json_each(@ids)) ORDER BY f.id`,
  // A correction of either stands for the one quote.
  keepCorrected: `UPDATE Quote SET status = 'corrected' WHERE id = @into AND status = 'active'
    AND (SELECT status FROM Quote WHERE id = @from) = 'corrected'`,
  // Decisions that words are not theirs follow the speaker (and the quote) they were about.
  dropSharedTombstones: `DELETE FROM Tombstone WHERE speakerId = @from AND EXISTS (SELECT 1 FROM Tombstone t
    WHERE t.speakerId = @into AND t.documentSha256 = Tombstone.documentSha256 AND t.start = Tombstone.start AND t."end" = Tombstone."end")`,
  // "Not the merged speaker's words, but the kept one's" says nothing once they are one speaker.
  dropSettledTombstones: `DELETE FROM Tombstone WHERE speakerId = @from AND reason = 'moved'
    AND quoteId IN (SELECT id FROM Quote WHERE speakerId = @into)`,
  moveTombstones: 'UPDATE Tombstone SET speakerId = @into WHERE speakerId = @from',
  moveQuoteTombstones: 'UPDATE Tombstone SET quoteId = @into WHERE quoteId = @from',
  dropDuplicateOccurrences: `DELETE FROM Occurrence WHERE quoteId = @from AND EXISTS (SELECT 1 FROM Occurrence o
    WHERE o.quoteId = @into AND o.documentId = Occurrence.documentId AND o.start = Occurrence.start AND o."end" = Occurrence."end")`,
  moveOccurrences: 'UPDATE Occurrence SET quoteId = @into WHERE quoteId = @from',
  // A URL both quotes were cited at is one citation: the kept one, with what the folded one adds.
  sharedCitations: `SELECT f.url, f.seenOn, f.confidence, f.source, f.sourceQuoteId FROM Citation f
    JOIN Citation k ON k.quoteId = @into AND k.url = f.url WHERE f.quoteId = @from ORDER BY f.id`,
  mergeSharedCitations: `UPDATE Citation AS k SET confidence = MAX(k.confidence, f.confidence), seenOn = COALESCE(k.seenOn, f.seenOn),
    sourceQuoteId = COALESCE(k.sourceQuoteId, f.sourceQuoteId) FROM Citation AS f WHERE f.quoteId = @from AND k.quoteId = @into AND k.url = f.url`,
  dropSharedCitations: 'DELETE FROM Citation WHERE quoteId = @from AND url IN (SELECT url FROM Citation WHERE quoteId = @into)',
  moveCitations: 'UPDATE Citation SET quoteId = @into WHERE quoteId = @from',
  variantLink: 'SELECT id, variantOfId FROM Quote WHERE id = ?',
  variantsOf: 'SELECT id, variantOfId FROM Quote WHERE variantOfId = ?',
  relink: 'UPDATE Quote SET variantOfId = @after, updatedAt = @now WHERE id = @id',
  // What the kept quote does not state, it takes from the folded one.
  fillQuote: `UPDATE Quote SET saidOn = COALESCE(saidOn, (SELECT saidOn FROM Quote WHERE id = @from)),
    venue = COALESCE(venue, (SELECT venue FROM Quote WHERE id = @from)),
    aboutSpeakerId = COALESCE(aboutSpeakerId, (SELECT aboutSpeakerId FROM Quote WHERE id = @from)), updatedAt = @now WHERE id = @into`,
  deleteQuote: 'DELETE FROM Quote WHERE id = ?',
  quotesOf: 'SELECT id FROM Quote WHERE speakerId = ? ORDER BY id',
  quotesAbout: 'SELECT id FROM Quote WHERE aboutSpeakerId = ? ORDER BY id',
  moveQuoteIds: 'UPDATE Quote SET speakerId = @into, updatedAt = @now WHERE id IN (SELECT value FROM json_each(@ids))',
  moveQuoteIdsAbout: 'UPDATE Quote SET aboutSpeakerId = @into, updatedAt = @now WHERE id IN (SELECT value FROM json_each(@ids))',
  dropSharedAliases: 'DELETE FROM SpeakerAlias WHERE speakerId = @from AND normalized IN (SELECT normalized FROM SpeakerAlias WHERE speakerId = @into)',
  moveAliases: 'UPDATE SpeakerAlias SET speakerId = @into WHERE speakerId = @from',
  moveExternalIds: 'UPDATE ExternalId SET speakerId = @into WHERE speakerId = @from',
  sameAffiliation: 'SELECT id FROM Affiliation WHERE speakerId = ? AND organizationId = ? AND role = ?',
  moveAffiliations: 'UPDATE Affiliation SET speakerId = @into WHERE speakerId = @from',
  moveOrganization: 'UPDATE Organization SET speakerId = @into WHERE speakerId = @from',
  moveRedirects: 'UPDATE SpeakerRedirect SET speakerId = @into WHERE speakerId = @from',
  redirectSlugs: 'SELECT slug FROM SpeakerRedirect WHERE speakerId = ? ORDER BY slug',
  insertRedirect: 'INSERT INTO SpeakerRedirect (slug, fromSpeakerId, speakerId, createdAt) VALUES (?, ?, ?, ?)',
  deleteSpeaker: 'DELETE FROM Speaker WHERE id = ?',
  touchSpeaker: 'UPDATE Speaker SET updatedAt = ? WHERE id = ?',
  usage: `SELECT (SELECT COUNT(*) FROM Quote WHERE speakerId = @id) AS quotes,
    (SELECT COUNT(*) FROM Quote WHERE aboutSpeakerId = @id) AS quotesAbout,
    (SELECT COUNT(*) FROM Affiliation WHERE speakerId = @id) AS affiliations,
    (SELECT COUNT(*) FROM Organization WHERE speakerId = @id) AS organizations,
    (SELECT COUNT(*) FROM Tombstone WHERE speakerId = @id) AS tombstones`,
  deleteAffiliation: 'DELETE FROM Affiliation WHERE id = ?',
  updateAffiliation: `UPDATE Affiliation SET role = @role, asStated = @asStated, validFrom = @validFrom, validTo = @validTo,
    sourceDocumentId = @sourceDocumentId WHERE id = @id`,
  bumpEpoch: `INSERT INTO ChangeEpoch (name, value) VALUES ('speakers', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1`,
} as const;

/** Quotes moved per step of a merge. */
const MOVED_PER_STEP = 25;

/** `ids` in slices of MOVED_PER_STEP. */
function* slices(ids: readonly number[]): Generator<number[]> {
  for (let i = 0; i < ids.length; i += MOVED_PER_STEP) yield ids.slice(i, i + MOVED_PER_STEP);
}

/**
 * An editor's corrections of speakers and documents, speaker merges, removals and affiliation
 * merges: one transaction each on the one write connection (sql-writer.ts), its revision written
 * inside it (revision-writes.ts), the search index rewritten in it (search-index.sql.ts) and the
 * verify index told after the commit. Changes to names, slugs and speakers move the `speakers`
 * change epoch, which caches that assume speakers only grow compare (`onSpeakersChanged` clears
 * this process's at once).
 */
export class SqliteSpeakerEditRepository implements SpeakerEditWriteRepository {
  private readonly sql: WriteStatements;

  constructor(
    private readonly writer: SqlWriter,
    private readonly lshIndex: Pick<LshIndexWriter, 'remove'>,
    private readonly revisions: RevisionWrites,
    private readonly speakers: SpeakerCorrections,
    private readonly documents: DocumentCorrections,
    private readonly onSpeakersChanged: () => void,
  ) {
    this.sql = new WriteStatements(writer);
  }

  async correctSpeaker(id: number, patch: SpeakerPatch, note: RevisionNote): Promise<Correction | null> {
    const speakers = this.speakers;
    const revisions = this.revisions;
    const correction = await this.writer.writeInTurns(function* (ctx): WriteSteps<Correction | null> {
      const before = speakers.snapshot(id);
      if (before === null) return null;
      // Only the fields the patch changes are set: a rename leaves the affiliations, and so the tags of the speaker's quotes, alone.
      const wanted = changesBetween(rules.asRevision(before), rules.asRevision(applySpeakerPatch(before, patch)));
      yield* speakers.setInSteps(ctx, id, Object.fromEntries(Object.entries(wanted).map(([field, change]) => [field, change.after])) as Partial<SpeakerFields>);
      yield;
      const changes = changesBetween(rules.asRevision(before), rules.asRevision(speakers.snapshot(id) as SpeakerFields));
      if (Object.keys(changes).length === 0) return { revision: null };
      return { revision: revisions.record(ctx, { entityType: 'speaker', entityId: id, action: 'updated', changes, reason: note.reason }) };
    });
    if (correction?.revision != null) this.onSpeakersChanged();
    return correction;
  }

  correctDocument(id: number, patch: DocumentPatch, note: RevisionNote): Promise<Correction | null> {
    const wanted = Object.fromEntries(DOCUMENT_FIELDS.filter((f) => patch[f] !== undefined).map((f) => [f, patch[f] ?? null]));
    return this.writer.write((ctx): Correction | null => {
      const current = this.documents.current(id, Object.keys(wanted));
      if (current === null) return null;
      const changes = changesBetween(current, wanted);
      if (Object.keys(changes).length === 0) return { revision: null };
      this.documents.apply(ctx, id, wanted);
      return { revision: this.revisions.record(ctx, { entityType: 'document', entityId: id, action: 'updated', changes, reason: note.reason }) };
    });
  }

  async mergeSpeakers(fromId: number, intoId: number, note: RevisionNote): Promise<SpeakerMerge> {
    rules.assertTwoSpeakers(fromId, intoId);
    // A much-quoted speaker's thousands of quotes are moved and re-indexed in steps (sql-writer.ts).
    const merge = await this.writer.writeInTurns((ctx) => this.merge(ctx, fromId, intoId, note));
    this.onSpeakersChanged();
    // The verify index lives in another file: the folded quotes leave it once the merge is committed.
    this.lshIndex.remove(merge.foldedQuotes.map((f) => f.from));
    return merge;
  }

  private *merge(ctx: WriteContext, fromId: number, intoId: number, note: RevisionNote): WriteSteps<SpeakerMerge> {
    const from = this.speaker(fromId);
    const into = this.speaker(intoId);
    const before = { from: this.speakers.snapshot(fromId) as SpeakerFields, into: this.speakers.snapshot(intoId) as SpeakerFields };
    const params = { from: fromId, into: intoId, now: ctx.now };
    const schemes = this.sql.cache.get(SQL.schemeConflicts).pluck().all(params) as string[];
    const speaksFor = (id: number) => (this.sql.cache.get(SQL.speaksFor).pluck().get(id) as number) > 0;
    rules.assertMergeable(from, into, schemes, speaksFor(fromId) && speaksFor(intoId));
    const fromQuotes = this.sql.cache.get(SQL.quotesOf).pluck().all(fromId) as number[];
    const colliding: rules.CollidingQuotes[] = [];
    for (const ids of slices(fromQuotes)) {
      yield;
      colliding.push(...(this.sql.cache.get(SQL.collidingQuotes).all({ ids: JSON.stringify(ids), into: intoId }) as rules.CollidingQuotes[]));
    }
    const folds = rules.quotesToFold(from, into, colliding);
    const folded = new Set(folds.map((f) => f.from));
    const movedQuoteIds = fromQuotes.filter((id) => !folded.has(id));
    yield;
    const foldedQuotes: FoldedQuote[] = [];
    for (const pair of folds) {
      foldedQuotes.push(this.fold(ctx, pair));
      yield;
    }
    // A slice per step; each quote stays indexed with its old values until it is re-indexed below, in this transaction.
    for (const ids of slices(movedQuoteIds)) {
      this.sql.run(SQL.moveQuoteIds, { ids: JSON.stringify(ids), into: intoId, now: ctx.now });
      yield;
    }
    let quotesAbout = 0;
    for (const ids of slices(this.sql.cache.get(SQL.quotesAbout).pluck().all(fromId) as number[])) {
      quotesAbout += this.sql.run(SQL.moveQuoteIdsAbout, { ids: JSON.stringify(ids), into: intoId, now: ctx.now }).changes;
      yield;
    }
    this.sql.run(SQL.dropSharedAliases, params);
    const aliases = this.sql.run(SQL.moveAliases, params).changes;
    const externalIds = this.sql.run(SQL.moveExternalIds, params).changes;
    const affiliations = this.moveAffiliations(fromId, intoId);
    const organizations = this.sql.run(SQL.moveOrganization, params).changes;
    yield;
    this.sql.run(SQL.dropSettledTombstones, params);
    this.sql.run(SQL.dropSharedTombstones, params);
    this.sql.run(SQL.moveTombstones, params);
    this.sql.run(SQL.moveRedirects, params);
    this.sql.run(SQL.insertRedirect, from.slug, fromId, intoId, ctx.now);
    const redirectedSlugs = this.sql.cache.get(SQL.redirectSlugs).pluck().all(intoId) as string[];
    this.sql.run(SQL.deleteSpeaker, fromId);
    this.sql.run(SQL.touchSpeaker, ctx.now, intoId);
    // Re-indexed in steps before the commit: the moved quotes and the ones folded into; every quote of `into` when it
    // gained affiliations or an organisation (the organisations a quote was said for follow them).
    const retagged = affiliations > 0 || organizations > 0;
    this.sql.resyncLater(retagged ? { speaker: intoId } : { quotes: [...movedQuoteIds, ...foldedQuotes.map((f) => f.into)] });
    this.sql.run(SQL.bumpEpoch);
    const moved = { quotes: movedQuoteIds.length + foldedQuotes.length, quotesAbout, aliases, externalIds, affiliations, organizations };
    yield;
    const revisions = rules.mergeRevisions({ from, into, moved, movedQuoteIds, foldedQuotes }, before, this.speakers.snapshot(intoId) as SpeakerFields, note);
    this.revisions.record(ctx, revisions.mergedAway);
    const revision = this.revisions.record(ctx, revisions.kept);
    return { from, into, moved, foldedQuotes, redirectedSlugs, revision };
  }

  /**
   * Folds quote `from` into `into` (the same words): its evidence (occurrences, citations), tombstones and
   * variants become the kept quote's, what the kept quote does not state it takes from the folded one, and
   * the folded quote goes (out of the search index first, with the values it was indexed with).
   */
  private fold(ctx: WriteContext, pair: { from: number; into: number }): FoldedQuote {
    this.sql.run(unindexQuotesSql('one'), pair.from);
    const relinked = this.relinkVariants(ctx, pair);
    const mergedCitations = this.sql.cache.get(SQL.sharedCitations).all(pair) as Citation[];
    this.sql.run(SQL.mergeSharedCitations, pair);
    this.sql.run(SQL.dropSharedCitations, pair);
    const citations = this.sql.run(SQL.moveCitations, pair).changes;
    this.sql.run(SQL.dropDuplicateOccurrences, pair);
    const occurrences = this.sql.run(SQL.moveOccurrences, pair).changes;
    this.sql.run(SQL.fillQuote, { ...pair, now: ctx.now });
    this.sql.run(SQL.keepCorrected, pair);
    this.sql.run(SQL.moveQuoteTombstones, pair);
    this.sql.run(SQL.deleteQuote, pair.from);
    this.sql.audit(ctx, 'merge', 'Quote', pair.from);
    return { ...pair, occurrences, citations, mergedCitations, relinked };
  }

  /** Links the near-duplicates of both quotes of a fold to the one cluster they make (src/domain/variant-cluster.ts). */
  private relinkVariants(ctx: WriteContext, pair: { from: number; into: number }): Relink[] {
    const link = (id: number) => this.sql.cache.get(SQL.variantLink).get(id) as VariantLink;
    const join = joinClusters(link(pair.from), link(pair.into));
    const members = join.replaced.flatMap((id) => [link(id), ...(this.sql.cache.get(SQL.variantsOf).all(id) as VariantLink[])]);
    const changed = relinks(join, members, pair.from);
    for (const r of changed) {
      this.sql.run(SQL.relink, { id: r.id, after: r.after, now: ctx.now });
      this.sql.audit(ctx, 'update', 'Quote', r.id);
    }
    return changed;
  }

  /** Moves `from`'s affiliations; one the same as `into`'s (organisation and role) merges with it. How many moved or merged. */
  private moveAffiliations(fromId: number, intoId: number): number {
    const rows = this.affiliationsOf(fromId);
    for (const a of rows) {
      const same = this.sql.id(SQL.sameAffiliation, intoId, a.organization.id, a.role);
      if (same === null) continue;
      // One row per organisation and role (even for periods that do not meet): it spans both.
      this.applyAffiliationMerge({ keepId: same, dropId: a.id, merged: mergeAffiliationFacts(rules.affiliationFacts(this.affiliation(same)), rules.affiliationFacts(a)) });
    }
    this.sql.run(SQL.moveAffiliations, { from: fromId, into: intoId });
    return rows.length;
  }

  async removeSpeaker(id: number, note: RevisionNote): Promise<SpeakerSummary | null> {
    const removed = await this.writer.write((ctx) => {
      const row = this.sql.cache.get(SQL.speaker).get(id) as SpeakerRow | undefined;
      if (row === undefined) return null;
      rules.assertRemovable(row.name, this.sql.cache.get(SQL.usage).get({ id }) as rules.SpeakerUsage);
      const before = this.speakers.snapshot(id) as SpeakerFields;
      // Aliases, external IDs and slug redirects go with it (ON DELETE CASCADE).
      this.sql.run(SQL.deleteSpeaker, id);
      this.sql.run(SQL.bumpEpoch);
      this.revisions.record(ctx, rules.removalRevision(id, before, note));
      return toSpeaker(row);
    });
    if (removed !== null) this.onSpeakersChanged();
    return removed;
  }

  mergeAffiliations(speakerId: number, pair: readonly [number, number] | null, note: RevisionNote): Promise<AffiliationMerges> {
    return this.writer.write((ctx): AffiliationMerges => {
      this.speaker(speakerId);
      const before = this.speakers.snapshot(speakerId) as SpeakerFields;
      const plans = rules.affiliationMergesAsked(speakerId, this.affiliationsOf(speakerId), pair);
      const merged: AffiliationMerge[] = plans.map((plan) => {
        const keptBefore = this.affiliation(plan.keepId);
        const dropped = this.affiliation(plan.dropId);
        this.applyAffiliationMerge(plan);
        return { kept: this.affiliation(plan.keepId), dropped, keptBefore };
      });
      if (merged.length === 0) return { merged, revision: null };
      this.sql.run(SQL.touchSpeaker, ctx.now, speakerId);
      this.sql.resyncLater({ speaker: speakerId });
      const revision = this.revisions.record(ctx, rules.affiliationMergeRevision(speakerId, before, this.speakers.snapshot(speakerId) as SpeakerFields, note));
      return { merged, revision };
    });
  }

  private applyAffiliationMerge(plan: AffiliationMergePlan): void {
    this.sql.run(SQL.deleteAffiliation, plan.dropId);
    this.sql.run(SQL.updateAffiliation, { ...plan.merged, id: plan.keepId });
  }

  private speaker(id: number): SpeakerSummary {
    const row = this.sql.cache.get(SQL.speaker).get(id) as SpeakerRow | undefined;
    if (row === undefined) throw notFound('speaker', id);
    return toSpeaker(row);
  }

  private affiliationsOf(speakerId: number): Affiliation[] {
    return (this.sql.cache.get(SQL.affiliations).all(speakerId) as AffiliationRow[]).map(toAffiliation);
  }

  private affiliation(id: number): Affiliation {
    return toAffiliation(this.sql.cache.get(SQL.affiliation).get(id) as AffiliationRow);
  }
}
