import { AppError } from '../../../domain/errors.ts';
import type { SpeakerSummary } from '../../../domain/models.ts';
import { foldName, slugify } from '../../../domain/text.ts';
import { allSteps, type WriteContext, type WriteSteps } from '../sql-writer.ts';
import type { ImportedSpeaker, NewAffiliation, NewSpeaker } from '../../ports/index.ts';
import { planAffiliationMerge, type AffiliationFacts } from '../../../domain/affiliation-duplicates.ts';
import { INGEST_SQL } from './ingest.sql.ts';
import { toSpeaker, type SpeakerRow } from './rows.ts';
import type { WriteStatements } from './write-statements.ts';

/**
 * Speakers with their aliases, external ids, affiliations and organisations,
 * written inside the caller's transaction. Adds what is missing and never
 * removes (an editor removes: speaker-edit.repository.ts); the search tags of a
 * speaker's quotes follow a changed affiliation.
 */
export class SpeakerWrites {
  /** Upserts that changed a speaker's affiliations or organisation link, ever: what new quotes' tags depend on (new-quote-tags.ts). */
  changes = 0;

  constructor(private readonly sql: WriteStatements) {}

  /** Creates the speaker, or (unless `rejectExisting`) adds what is missing to the one with this slug. */
  upsert(ctx: WriteContext, speaker: NewSpeaker, rejectExisting: boolean): { speaker: SpeakerSummary; created: boolean } {
    return allSteps(this.upsertInSteps(ctx, speaker, rejectExisting));
  }

  /** `upsert` in steps of one name, ID or affiliation: an editor's speaker may come with fifty of each. */
  *upsertInSteps(ctx: WriteContext, speaker: NewSpeaker, rejectExisting: boolean): WriteSteps<{ speaker: SpeakerSummary; created: boolean }> {
    const existing = this.sql.cache.get(INGEST_SQL.speakerBySlug).get({ slug: speaker.slug }) as SpeakerRow | undefined;
    if (existing !== undefined && rejectExisting) return { speaker: toSpeaker(existing), created: false };
    const row: SpeakerRow = existing ?? {
      id: this.sql.insert(INGEST_SQL.insertSpeaker, speaker.slug, speaker.name, speaker.kind, speaker.description, ctx.now, ctx.now),
      slug: speaker.slug,
      name: speaker.name,
      kind: speaker.kind,
      description: speaker.description,
    };
    const affiliationsChanged = yield* this.addDetails(ctx, row.id, speaker);
    if (affiliationsChanged) this.changes++;
    // New affiliations change which organisation each of the speaker's quotes was said for.
    if (existing !== undefined && affiliationsChanged) this.sql.resyncLater({ speaker: row.id });
    if (existing === undefined) this.sql.audit(ctx, 'create', 'Speaker', row.id);
    return { speaker: toSpeaker(row), created: existing === undefined };
  }

  /**
   * A speaker an import names (the port's `resolveImportedSpeakers`): the speaker holding the QID, else
   * the one with the name's slug, or a new one (whose slug gets the QID when the name's slug is a person
   * with another). Checked before anything is written, so a QID held under another slug writes nothing.
   */
  resolveImported(ctx: WriteContext, { name, qid }: ImportedSpeaker): { speaker: SpeakerSummary; created: boolean } {
    let slug = slugify(name);
    if (qid !== null) {
      if (this.sql.cache.get(INGEST_SQL.slugHeldByOtherPerson).get(slug, qid) !== undefined) slug = `${slug}-${qid.toLowerCase()}`;
      const owner = this.sql.cache.get(INGEST_SQL.externalIdOwner).get('wikidata', qid) as { speakerId: number } | undefined;
      if (owner !== undefined) {
        const target = this.sql.cache.get(INGEST_SQL.speakerBySlug).get({ slug }) as SpeakerRow | undefined;
        // The QID is another speaker's (stored under another name's slug): that speaker said it.
        if (target?.id !== owner.speakerId) {
          return { speaker: toSpeaker(this.sql.cache.get(INGEST_SQL.speakerById).get(owner.speakerId) as SpeakerRow), created: false };
        }
      }
    }
    const externalIds = qid === null ? [] : [{ scheme: 'wikidata', value: qid }];
    return this.upsert(ctx, { slug, name, kind: 'person', description: null, aliases: [], externalIds, affiliations: [] }, false);
  }

  /** Adds what is missing; true when the speaker's affiliations or organisation link changed. */
  private *addDetails(ctx: WriteContext, speakerId: number, speaker: NewSpeaker): WriteSteps<boolean> {
    for (const alias of [speaker.name, ...speaker.aliases]) {
      yield;
      const normalized = foldName(alias);
      // Looked up first: the insert fires the trigger that keeps the speaker-name index in step, and a
      // statement with a trigger opens a savepoint, where FTS5 flushes the quote indexes' pending rows.
      if (normalized !== '' && this.sql.cache.get(INGEST_SQL.aliasExists).get(speakerId, normalized) === undefined) {
        this.sql.run(INGEST_SQL.insertAlias, speakerId, alias, normalized);
      }
    }
    for (const ext of speaker.externalIds) {
      yield;
      const owner = this.sql.cache.get(INGEST_SQL.externalIdOwner).get(ext.scheme, ext.value) as { speakerId: number } | undefined;
      if (owner !== undefined && owner.speakerId !== speakerId) {
        throw new AppError('external_id_taken', `${ext.scheme} ${ext.value} already identifies speaker #${owner.speakerId}.`, {
          existingId: owner.speakerId,
        });
      }
      if (owner === undefined) this.sql.run(INGEST_SQL.insertExternalId, speakerId, ext.scheme, ext.value);
    }
    let changed = false;
    for (const aff of speaker.affiliations) {
      yield;
      if (aff.sourceDocumentId !== null && this.sql.cache.get(INGEST_SQL.documentExists).get(aff.sourceDocumentId) === undefined) {
        throw new AppError('unknown_reference', `Affiliation source document #${aff.sourceDocumentId} does not exist.`);
      }
      const organizationId = this.organization(ctx, aff.organization);
      if (this.statedMorePrecisely(speakerId, organizationId, aff)) continue;
      const { changes } = this.sql.run(
        INGEST_SQL.insertAffiliation,
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
      const organizationId = this.organization(ctx, speaker.organization);
      const previous = (this.sql.cache.get(INGEST_SQL.organizationSpeaker).get(organizationId) as { speakerId: number | null }).speakerId;
      if (this.sql.run(INGEST_SQL.linkOrganization, speakerId, organizationId, speakerId).changes > 0) {
        changed = true;
        // The speaker it leaves no longer speaks for it: their quotes lose its tag.
        if (previous !== null) this.sql.resyncLater({ speaker: previous });
      }
    }
    return changed;
  }

  /**
   * Whether the speaker already holds this role at the organisation, stated as precisely or more
   * ("senior analyst" for "analyst", periods that meet): then a source's vaguer wording adds nothing,
   * and an editor's merge of the two is not undone by the next ingest of the same source.
   */
  private statedMorePrecisely(speakerId: number, organizationId: number, aff: NewAffiliation): boolean {
    const held = this.sql.cache.get(INGEST_SQL.affiliationsAt).all(speakerId, organizationId) as Omit<AffiliationFacts, 'organizationId'>[];
    if (held.length === 0) return false;
    const stated: AffiliationFacts = { ...aff, id: Number.MAX_SAFE_INTEGER, organizationId };
    return held.some((h) => planAffiliationMerge({ ...h, organizationId }, stated)?.keepId === h.id);
  }

  organization(ctx: WriteContext, org: { name: string; kind: string | null }): number {
    const slug = slugify(org.name);
    return this.sql.id(INGEST_SQL.organizationBySlug, slug) ?? this.sql.insert(INGEST_SQL.insertOrganization, slug, org.name, org.kind, ctx.now);
  }
}
