import { mergeAffiliationFacts, planAffiliationMerge, planAffiliationMerges, type AffiliationFacts, type AffiliationMergePlan } from '../../../domain/affiliation-duplicates.ts';
import { AppError, notFound } from '../../../domain/errors.ts';
import type { Affiliation, SpeakerSummary } from '../../../domain/models.ts';
import { isStanding, type QuoteStatus } from '../../../domain/status.ts';
import type { SqlWriter, WriteContext, WriteSteps } from '../sql-writer.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import type {
  AffiliationMerge,
  AffiliationMerges,
  Correction,
  DocumentPatch,
  RevisionNote,
  SpeakerEditWriteRepository,
  SpeakerFields,
  SpeakerMerge,
  SpeakerPatch,
} from '../../ports/index.ts';
import { applySpeakerPatch } from '../../../domain/speaker-fields.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import type { DocumentCorrections } from './document-corrections.ts';
import { DOCUMENT_FIELDS } from './document-corrections.ts';
import { changesBetween } from '../../quote-fields.ts';
import type { RevisionWrites } from './revision-writes.ts';
import type { SpeakerCorrections } from './speaker-corrections.ts';
import { unindexQuotesSql } from '../search/search-index.sql.ts';
import { AFFILIATION_COLUMNS, toAffiliation, toSpeaker, type AffiliationRow, type SpeakerRow } from './rows.ts';
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

interface Usage {
  quotes: number;
  quotesAbout: number;
  affiliations: number;
  organizations: number;
  /** Attributions taken away from the speaker: removing them would let a re-ingest file those words under a new speaker of the same name. */
  tombstones: number;
}

interface CollidingQuotes {
  from: number;
  into: number;
  fromStatus: QuoteStatus;
  intoStatus: QuoteStatus;
}

const facts = (a: Affiliation): AffiliationFacts => ({
  id: a.id,
  organizationId: a.organization.id,
  role: a.role,
  asStated: a.asStated,
  validFrom: a.validFrom,
  validTo: a.validTo,
  sourceDocumentId: a.sourceDocumentId,
});

const asRevision = (fields: Partial<SpeakerFields>): Record<string, RevisionValue> => fields as unknown as Record<string, RevisionValue>;

/** What a revision says of a speaker merged away or removed: who they were. */
const brief = (s: SpeakerSummary): RevisionValue => ({ id: s.id, slug: s.slug, name: s.name });

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
      const wanted = changesBetween(asRevision(before), asRevision(applySpeakerPatch(before, patch)));
      yield* speakers.setInSteps(ctx, id, Object.fromEntries(Object.entries(wanted).map(([field, change]) => [field, change.after])) as Partial<SpeakerFields>);
      yield;
      const changes = changesBetween(asRevision(before), asRevision(speakers.snapshot(id) as SpeakerFields));
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
    if (fromId === intoId) throw new AppError('validation_failed', 'A speaker cannot be merged into itself.');
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
    const fromBefore = this.speakers.snapshot(fromId) as SpeakerFields;
    const intoBefore = this.speakers.snapshot(intoId) as SpeakerFields;
    const params = { from: fromId, into: intoId, now: ctx.now };
    const schemes = this.sql.cache.get(SQL.schemeConflicts).pluck().all(params) as string[];
    const speakFor = (id: number) => this.sql.cache.get(SQL.speaksFor).pluck().get(id) as number;
    if (schemes.length > 0 || (speakFor(fromId) > 0 && speakFor(intoId) > 0)) {
      const why = schemes.length > 0 ? `they hold different ${schemes.join(', ')} IDs` : 'both speak for an organisation';
      throw new AppError('speaker_merge_conflict', `${from.name} cannot be merged into ${into.name}: ${why}. Correct one of them first.`, {
        schemes,
      });
    }
    const fromQuotes = this.sql.cache.get(SQL.quotesOf).pluck().all(fromId) as number[];
    const colliding: CollidingQuotes[] = [];
    for (const ids of slices(fromQuotes)) {
      yield;
      colliding.push(...(this.sql.cache.get(SQL.collidingQuotes).all({ ids: JSON.stringify(ids), into: intoId }) as CollidingQuotes[]));
    }
    // One quote has one status: words retracted under one speaker and standing under the other need an editor's decision first.
    const undecided = colliding.filter((c) => c.fromStatus !== c.intoStatus && !(isStanding(c.fromStatus) && isStanding(c.intoStatus)));
    if (undecided.length > 0) {
      const list = undecided.map((c) => `#${c.from} (${c.fromStatus}) and #${c.into} (${c.intoStatus})`).join(', ');
      throw new AppError('speaker_merge_conflict', `${from.name} and ${into.name} both have the same words on record with different standing: ${list}. Retract, restore or review one of each pair first.`, {
        schemes: [],
        quotes: undecided,
      });
    }
    const foldedQuotes = colliding.map((c) => ({ from: c.from, into: c.into }));
    const folded = new Set(foldedQuotes.map((f) => f.from));
    const movedQuoteIds = fromQuotes.filter((id) => !folded.has(id));
    yield;
    for (const pair of foldedQuotes) {
      // Out of the search index with the values it was indexed with, before it goes; the quote kept is re-indexed below.
      this.sql.run(unindexQuotesSql('one'), pair.from);
      this.sql.run(SQL.dropDuplicateOccurrences, pair);
      this.sql.run(SQL.moveOccurrences, pair);
      this.sql.run(SQL.fillQuote, { ...pair, now: ctx.now });
      this.sql.run(SQL.keepCorrected, pair);
      this.sql.run(SQL.moveQuoteTombstones, pair);
      this.sql.run(SQL.deleteQuote, pair.from);
      this.sql.audit(ctx, 'merge', 'Quote', pair.from);
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
    // On the record of both: the one merged away (who they were, where they went), and the one kept (what it gained).
    this.revisions.record(ctx, {
      entityType: 'speaker',
      entityId: fromId,
      action: 'merged_into',
      changes: { mergedInto: { before: null, after: brief(into) }, removed: { before: asRevision(fromBefore), after: null } },
      reason: note.reason,
    });
    const intoAfter = this.speakers.snapshot(intoId) as SpeakerFields;
    const revision = this.revisions.record(ctx, {
      entityType: 'speaker',
      entityId: intoId,
      action: 'merged',
      changes: {
        ...changesBetween(asRevision(intoBefore), asRevision(intoAfter)),
        mergedFrom: { before: null, after: { ...(brief(from) as Record<string, RevisionValue>), moved, movedQuoteIds, foldedQuotes } },
      },
      reason: note.reason,
    });
    return { from, into, moved, foldedQuotes, redirectedSlugs, revision };
  }

  /** Moves `from`'s affiliations; one the same as `into`'s (organisation and role) merges with it. How many moved or merged. */
  private moveAffiliations(fromId: number, intoId: number): number {
    const rows = this.affiliationsOf(fromId);
    for (const a of rows) {
      const same = this.sql.id(SQL.sameAffiliation, intoId, a.organization.id, a.role);
      if (same === null) continue;
      // One row per organisation and role (even for periods that do not meet): it spans both.
      this.applyAffiliationMerge({ keepId: same, dropId: a.id, merged: mergeAffiliationFacts(facts(this.affiliation(same)), facts(a)) });
    }
    this.sql.run(SQL.moveAffiliations, { from: fromId, into: intoId });
    return rows.length;
  }

  async removeSpeaker(id: number, note: RevisionNote): Promise<SpeakerSummary | null> {
    const removed = await this.writer.write((ctx) => {
      const row = this.sql.cache.get(SQL.speaker).get(id) as SpeakerRow | undefined;
      if (row === undefined) return null;
      const usage = this.sql.cache.get(SQL.usage).get({ id }) as Usage;
      const held = Object.entries(usage).filter(([, n]) => n > 0);
      if (held.length > 0) {
        throw new AppError(
          'speaker_in_use',
          `${row.name} still has ${held.map(([what, n]) => `${n} ${what}`).join(', ')}: merge the speaker into another, or move these first.`,
          { ...usage },
        );
      }
      const before = this.speakers.snapshot(id) as SpeakerFields;
      // Aliases, external IDs and slug redirects go with it (ON DELETE CASCADE).
      this.sql.run(SQL.deleteSpeaker, id);
      this.sql.run(SQL.bumpEpoch);
      this.revisions.record(ctx, { entityType: 'speaker', entityId: id, action: 'removed', changes: { removed: { before: asRevision(before), after: null } }, reason: note.reason });
      return toSpeaker(row);
    });
    if (removed !== null) this.onSpeakersChanged();
    return removed;
  }

  mergeAffiliations(speakerId: number, pair: readonly [number, number] | null, note: RevisionNote): Promise<AffiliationMerges> {
    return this.writer.write((ctx): AffiliationMerges => {
      this.speaker(speakerId);
      const before = this.speakers.snapshot(speakerId) as SpeakerFields;
      const rows = this.affiliationsOf(speakerId);
      let plans: AffiliationMergePlan[];
      if (pair === null) {
        plans = planAffiliationMerges(rows.map(facts));
      } else {
        const [a, b] = pair.map((id) => rows.find((r) => r.id === id));
        if (a === undefined || b === undefined) {
          throw new AppError('unknown_reference', `Affiliations #${pair[0]} and #${pair[1]} are not both affiliations of speaker #${speakerId}.`);
        }
        const plan = a.id === b.id ? null : planAffiliationMerge(facts(a), facts(b));
        if (plan === null) {
          throw new AppError(
            'not_duplicate_affiliations',
            `"${a.role}" (${a.organization.name}) and "${b.role}" (${b.organization.name}) are two roles: the same organisation, one role refining the other, and periods that meet make a duplicate.`,
          );
        }
        plans = [plan];
      }
      const merged: AffiliationMerge[] = plans.map((plan) => {
        const keptBefore = this.affiliation(plan.keepId);
        const dropped = this.affiliation(plan.dropId);
        this.applyAffiliationMerge(plan);
        return { kept: this.affiliation(plan.keepId), dropped, keptBefore };
      });
      if (merged.length === 0) return { merged, revision: null };
      this.sql.run(SQL.touchSpeaker, ctx.now, speakerId);
      this.sql.resyncLater({ speaker: speakerId });
      // A change of the speaker's affiliations like any other: undone the same way.
      const changes = changesBetween(asRevision({ affiliations: before.affiliations }), asRevision({ affiliations: (this.speakers.snapshot(speakerId) as SpeakerFields).affiliations }));
      const revision = this.revisions.record(ctx, { entityType: 'speaker', entityId: speakerId, action: 'affiliations_merged', changes, reason: note.reason });
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
