import { mergeAffiliationFacts, planAffiliationMerge, planAffiliationMerges, type AffiliationFacts, type AffiliationMergePlan } from '../../../domain/affiliation-duplicates.ts';
import { AppError, notFound } from '../../../domain/errors.ts';
import type { Affiliation, SpeakerSummary } from '../../../domain/models.ts';
import type { SqlWriter, WriteContext } from '../sql-writer.ts';
import type { LshIndexWriter } from '../verify-index/lsh-index.writer.ts';
import type { AffiliationMerge, SpeakerEditWriteRepository, SpeakerMerge } from '../../ports/index.ts';
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
  collidingQuotes: `SELECT f.id AS "from", i.id AS "into" FROM Quote f
    JOIN Quote i ON i.normalizedHash = f.normalizedHash AND i.speakerId = @into WHERE f.speakerId = @from ORDER BY f.id`,
  dropDuplicateOccurrences: `DELETE FROM Occurrence WHERE quoteId = @from AND EXISTS (SELECT 1 FROM Occurrence o
    WHERE o.quoteId = @into AND o.documentId = Occurrence.documentId AND o.start = Occurrence.start AND o."end" = Occurrence."end")`,
  moveOccurrences: 'UPDATE Occurrence SET quoteId = @into WHERE quoteId = @from',
  // What the kept quote does not state, it takes from the folded one.
  fillQuote: `UPDATE Quote SET saidOn = COALESCE(saidOn, (SELECT saidOn FROM Quote WHERE id = @from)),
    venue = COALESCE(venue, (SELECT venue FROM Quote WHERE id = @from)),
    aboutSpeakerId = COALESCE(aboutSpeakerId, (SELECT aboutSpeakerId FROM Quote WHERE id = @from)), updatedAt = @now WHERE id = @into`,
  deleteQuote: 'DELETE FROM Quote WHERE id = ?',
  moveQuotes: 'UPDATE Quote SET speakerId = @into, updatedAt = @now WHERE speakerId = @from',
  moveQuotesAbout: 'UPDATE Quote SET aboutSpeakerId = @into, updatedAt = @now WHERE aboutSpeakerId = @from',
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
    (SELECT COUNT(*) FROM Organization WHERE speakerId = @id) AS organizations`,
  deleteAffiliation: 'DELETE FROM Affiliation WHERE id = ?',
  updateAffiliation: `UPDATE Affiliation SET role = @role, asStated = @asStated, validFrom = @validFrom, validTo = @validTo,
    sourceDocumentId = @sourceDocumentId WHERE id = @id`,
  bumpEpoch: `INSERT INTO ChangeEpoch (name, value) VALUES ('speakers', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1`,
} as const;

interface Usage {
  quotes: number;
  quotesAbout: number;
  affiliations: number;
  organizations: number;
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

/**
 * Speaker merges, removals and affiliation merges: one transaction each on the one write
 * connection (sql-writer.ts), with the search index rewritten in it (search-index.sql.ts) and the
 * verify index told after the commit. Each moves the `speakers` change epoch, which caches that
 * assume speakers only grow compare (`onSpeakersChanged` clears this process's at once).
 */
export class SqliteSpeakerEditRepository implements SpeakerEditWriteRepository {
  private readonly sql: WriteStatements;

  constructor(
    private readonly writer: SqlWriter,
    private readonly lshIndex: LshIndexWriter,
    private readonly onSpeakersChanged: () => void,
  ) {
    this.sql = new WriteStatements(writer);
  }

  async mergeSpeakers(fromId: number, intoId: number): Promise<SpeakerMerge> {
    if (fromId === intoId) throw new AppError('validation_failed', 'A speaker cannot be merged into itself.');
    const merge = await this.writer.write((ctx) => this.merge(ctx, fromId, intoId));
    this.onSpeakersChanged();
    // The verify index lives in another file: the folded quotes leave it once the merge is committed.
    this.lshIndex.remove(merge.foldedQuotes.map((f) => f.from));
    return merge;
  }

  private merge(ctx: WriteContext, fromId: number, intoId: number): SpeakerMerge {
    const from = this.speaker(fromId);
    const into = this.speaker(intoId);
    const params = { from: fromId, into: intoId, now: ctx.now };
    const schemes = this.sql.cache.get(SQL.schemeConflicts).pluck().all(params) as string[];
    const speakFor = (id: number) => this.sql.cache.get(SQL.speaksFor).pluck().get(id) as number;
    if (schemes.length > 0 || (speakFor(fromId) > 0 && speakFor(intoId) > 0)) {
      const why = schemes.length > 0 ? `they hold different ${schemes.join(', ')} IDs` : 'both speak for an organisation';
      throw new AppError('speaker_merge_conflict', `${from.name} cannot be merged into ${into.name}: ${why}. Correct one of them first.`, {
        schemes,
      });
    }
    const foldedQuotes = this.sql.cache.get(SQL.collidingQuotes).all(params) as { from: number; into: number }[];
    // Out of the search index with the values they were indexed with, before they change or go.
    this.sql.run(unindexQuotesSql('speaker'), fromId);
    this.sql.run(unindexQuotesSql('ids'), JSON.stringify(foldedQuotes.map((f) => f.into)));
    for (const pair of foldedQuotes) {
      this.sql.run(SQL.dropDuplicateOccurrences, pair);
      this.sql.run(SQL.moveOccurrences, pair);
      this.sql.run(SQL.fillQuote, { ...pair, now: ctx.now });
      this.sql.run(SQL.deleteQuote, pair.from);
      this.sql.audit(ctx, 'merge', 'Quote', pair.from);
    }
    this.sql.run(`UPDATE Quote SET searchTags = '' WHERE speakerId = @from OR id IN (SELECT value FROM json_each(@folded))`, {
      from: fromId,
      folded: JSON.stringify(foldedQuotes.map((f) => f.into)),
    });
    const quotes = this.sql.run(SQL.moveQuotes, params).changes;
    const quotesAbout = this.sql.run(SQL.moveQuotesAbout, params).changes;
    this.sql.run(SQL.dropSharedAliases, params);
    const aliases = this.sql.run(SQL.moveAliases, params).changes;
    const externalIds = this.sql.run(SQL.moveExternalIds, params).changes;
    const affiliations = this.moveAffiliations(fromId, intoId);
    const organizations = this.sql.run(SQL.moveOrganization, params).changes;
    this.sql.run(SQL.moveRedirects, params);
    this.sql.run(SQL.insertRedirect, from.slug, fromId, intoId, ctx.now);
    const redirectedSlugs = this.sql.cache.get(SQL.redirectSlugs).pluck().all(intoId) as string[];
    this.sql.run(SQL.deleteSpeaker, fromId);
    this.sql.run(SQL.touchSpeaker, ctx.now, intoId);
    // Every quote of `into` now: its own (new affiliations change the organisations at the time) and the moved ones.
    this.sql.syncSearch('speaker', intoId);
    this.sql.run(SQL.bumpEpoch);
    this.sql.audit(ctx, 'merge', 'Speaker', fromId);
    this.sql.audit(ctx, 'update', 'Speaker', intoId);
    return {
      from,
      into,
      moved: { quotes: quotes + foldedQuotes.length, quotesAbout, aliases, externalIds, affiliations, organizations },
      foldedQuotes,
      redirectedSlugs,
    };
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

  async removeSpeaker(id: number): Promise<SpeakerSummary | null> {
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
      // Aliases, external IDs and slug redirects go with it (ON DELETE CASCADE).
      this.sql.run(SQL.deleteSpeaker, id);
      this.sql.run(SQL.bumpEpoch);
      this.sql.audit(ctx, 'delete', 'Speaker', id);
      return toSpeaker(row);
    });
    if (removed !== null) this.onSpeakersChanged();
    return removed;
  }

  mergeAffiliations(speakerId: number, pair: readonly [number, number] | null): Promise<AffiliationMerge[]> {
    return this.writer.write((ctx) => {
      this.speaker(speakerId);
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
      const merges = plans.map((plan) => {
        const keptBefore = this.affiliation(plan.keepId);
        const dropped = this.affiliation(plan.dropId);
        this.applyAffiliationMerge(plan);
        return { kept: this.affiliation(plan.keepId), dropped, keptBefore };
      });
      if (merges.length > 0) {
        this.sql.run(SQL.touchSpeaker, ctx.now, speakerId);
        this.sql.syncSearch('speaker', speakerId);
        this.sql.audit(ctx, 'update', 'Speaker', speakerId);
      }
      return merges;
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
