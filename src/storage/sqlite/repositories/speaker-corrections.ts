import { AppError } from '../../../domain/errors.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import { foldName, slugify } from '../../../domain/text.ts';
import { allSteps, type WriteContext, type WriteSteps } from '../sql-writer.ts';
import type { SpeakerFields, SpeakerAffiliationFields } from '../../ports/index.ts';
import type { RevisableEntity } from './revision-writes.ts';
import type { WriteStatements } from './write-statements.ts';

/** The fields of a speaker a correction (or its undo) may set, as revisions record them. */
export const SPEAKER_FIELDS = ['name', 'slug', 'kind', 'description', 'aliases', 'externalIds', 'affiliations'] as const satisfies readonly (keyof SpeakerFields)[];
type SpeakerField = (typeof SPEAKER_FIELDS)[number];

/** Fields a merge records on the speaker kept: facts of the record, never put back by an undo. */
export const MERGE_FIELDS = ['mergedFrom', 'mergedInto', 'removed'] as const;

const SQL = {
  speaker: 'SELECT name, slug, kind, description FROM Speaker WHERE id = ?',
  aliases: 'SELECT alias FROM SpeakerAlias WHERE speakerId = ? ORDER BY normalized, alias',
  aliasRows: 'SELECT id, alias, normalized FROM SpeakerAlias WHERE speakerId = ?',
  externalIds: 'SELECT scheme, value FROM ExternalId WHERE speakerId = ? ORDER BY scheme, value',
  affiliations: `SELECT a.id, o.name AS organization, o.kind AS organizationKind, a.role, a.asStated, a.validFrom, a.validTo, a.sourceDocumentId
    FROM Affiliation a JOIN Organization o ON o.id = a.organizationId WHERE a.speakerId = ? ORDER BY a.id`,
  slugOwner: `SELECT id FROM Speaker WHERE slug = @slug UNION ALL SELECT speakerId FROM SpeakerRedirect WHERE slug = @slug`,
  externalIdOwner: 'SELECT speakerId FROM ExternalId WHERE scheme = ? AND value = ?',
  documentExists: 'SELECT 1 FROM Document WHERE id = ?',
  organizationBySlug: 'SELECT id FROM Organization WHERE slug = ?',
  insertOrganization: 'INSERT INTO Organization (slug, name, kind, createdAt) VALUES (?, ?, ?, ?)',
  bumpEpoch: `INSERT INTO ChangeEpoch (name, value) VALUES ('speakers', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1`,
} as const;

const isSpeakerField = (field: string): field is SpeakerField => (SPEAKER_FIELDS as readonly string[]).includes(field);

/**
 * A speaker's correctable fields (name, slug, kind, description, aliases, external IDs,
 * affiliations), read and written inside the caller's transaction: what corrections, affiliation
 * merges and their undo all run. A changed slug leaves a redirect; changed names move the
 * `speakers` change epoch; changed affiliations re-file the speaker's quotes for search.
 */
export class SpeakerCorrections implements RevisableEntity {
  constructor(private readonly sql: WriteStatements) {}

  /** Every correctable field, or null when no speaker has this id. */
  snapshot(id: number): SpeakerFields | null {
    const row = this.sql.cache.get(SQL.speaker).get(id) as Pick<SpeakerFields, 'name' | 'slug' | 'kind' | 'description'> | undefined;
    if (row === undefined) return null;
    return {
      ...row,
      aliases: this.sql.cache.get(SQL.aliases).pluck().all(id) as string[],
      externalIds: this.sql.cache.get(SQL.externalIds).all(id) as SpeakerFields['externalIds'],
      affiliations: this.sql.cache.get(SQL.affiliations).all(id) as SpeakerAffiliationFields[],
    };
  }

  current(id: number, fields: readonly string[]): Record<string, RevisionValue> | null {
    // Only an undo asks: a merge or a removal took quotes and names apart in ways no field puts back.
    if (fields.some((f) => (MERGE_FIELDS as readonly string[]).includes(f))) {
      throw new AppError('revision_not_undoable', 'A speaker merge or removal cannot be undone: correct the speaker kept instead.');
    }
    const all = this.snapshot(id);
    if (all === null) return null;
    const values = all as unknown as Record<string, RevisionValue>;
    return Object.fromEntries(fields.filter(isSpeakerField).map((f) => [f, values[f] ?? null]));
  }

  apply(ctx: WriteContext, id: number, values: Record<string, RevisionValue>): void {
    this.set(ctx, id, values as Partial<SpeakerFields>);
  }

  /** Sets the given fields; throws an AppError (and the caller's transaction changes nothing) when one cannot be. */
  set(ctx: WriteContext, id: number, values: Partial<SpeakerFields>): void {
    allSteps(this.setInSteps(ctx, id, values));
  }

  /** `set` in steps of one name, ID or affiliation: a correction may add fifty of each. */
  *setInSteps(ctx: WriteContext, id: number, values: Partial<SpeakerFields>): WriteSteps<void> {
    const simple = (['name', 'kind', 'description'] as const).filter((f) => values[f] !== undefined);
    if (simple.length > 0) {
      const set = [...simple.map((c) => `${c} = @${c}`), 'updatedAt = @now'].join(', ');
      this.sql.cache.get(`UPDATE Speaker SET ${set} WHERE id = @id`).run({ ...Object.fromEntries(simple.map((c) => [c, values[c]])), id, now: ctx.now });
    }
    if (values.slug !== undefined) this.setSlug(ctx, id, values.slug);
    if (values.aliases !== undefined || values.name !== undefined) yield* this.setAliases(id, values.aliases ?? null, values.name ?? null);
    if (values.externalIds !== undefined) yield* this.setExternalIds(id, values.externalIds);
    if (values.affiliations !== undefined) yield* this.setAffiliations(ctx, id, values.affiliations);
    this.sql.run('UPDATE Speaker SET updatedAt = ? WHERE id = ?', ctx.now, id);
    if (values.name !== undefined || values.slug !== undefined || values.aliases !== undefined || values.kind !== undefined) this.sql.run(SQL.bumpEpoch);
  }

  private setSlug(ctx: WriteContext, id: number, slug: string): void {
    const current = (this.sql.cache.get(SQL.speaker).get(id) as { slug: string }).slug;
    if (current === slug) return;
    const owners = this.sql.cache.get(SQL.slugOwner).pluck().all({ slug }) as number[];
    const other = owners.find((owner) => owner !== id);
    if (other !== undefined) throw new AppError('speaker_exists', `The slug "${slug}" names speaker #${other}.`, { existingId: other });
    this.sql.run('DELETE FROM SpeakerRedirect WHERE slug = ?', slug);
    this.sql.run('UPDATE Speaker SET slug = ? WHERE id = ?', slug, id);
    this.sql.run('INSERT INTO SpeakerRedirect (slug, fromSpeakerId, speakerId, createdAt) VALUES (?, NULL, ?, ?)', current, id, ctx.now);
  }

  /** The aliases become exactly `aliases` (by folded form), plus the name (a speaker is always found by their name). */
  private *setAliases(id: number, aliases: readonly string[] | null, name: string | null): WriteSteps<void> {
    const existing = this.sql.cache.get(SQL.aliasRows).all(id) as { id: number; alias: string; normalized: string }[];
    const wanted = new Map<string, string>();
    for (const alias of aliases ?? existing.map((r) => r.alias)) if (foldName(alias) !== '') wanted.set(foldName(alias), alias);
    const canonical = name ?? (this.sql.cache.get(SQL.speaker).get(id) as { name: string }).name;
    if (!wanted.has(foldName(canonical))) wanted.set(foldName(canonical), canonical);
    for (const row of existing) {
      yield;
      const alias = wanted.get(row.normalized);
      if (alias === undefined) this.sql.run('DELETE FROM SpeakerAlias WHERE id = ?', row.id);
      else if (alias !== row.alias) this.sql.run('UPDATE SpeakerAlias SET alias = ? WHERE id = ?', alias, row.id);
      wanted.delete(row.normalized);
    }
    for (const [normalized, alias] of wanted) {
      yield;
      this.sql.run('INSERT INTO SpeakerAlias (speakerId, alias, normalized) VALUES (?, ?, ?)', id, alias, normalized);
    }
  }

  private *setExternalIds(id: number, ids: SpeakerFields['externalIds']): WriteSteps<void> {
    const key = (e: { scheme: string; value: string }) => `${e.scheme}\t${e.value}`;
    const wanted = new Map(ids.map((e) => [key(e), e]));
    for (const row of this.sql.cache.get(SQL.externalIds).all(id) as { scheme: string; value: string }[]) {
      if (!wanted.delete(key(row))) this.sql.run('DELETE FROM ExternalId WHERE speakerId = ? AND scheme = ? AND value = ?', id, row.scheme, row.value);
    }
    for (const e of wanted.values()) {
      yield;
      const owner = this.sql.cache.get(SQL.externalIdOwner).pluck().get(e.scheme, e.value) as number | undefined;
      if (owner !== undefined) throw new AppError('external_id_taken', `${e.scheme} ${e.value} already identifies speaker #${owner}.`, { existingId: owner });
      this.sql.run('INSERT INTO ExternalId (speakerId, scheme, value) VALUES (?, ?, ?)', id, e.scheme, e.value);
    }
  }

  /**
   * The affiliations become exactly `affiliations`: rows named by id are updated (or put back
   * under that id, as an undo does), rows without an id added, the rest removed.
   */
  private *setAffiliations(ctx: WriteContext, id: number, affiliations: readonly SpeakerAffiliationFields[]): WriteSteps<void> {
    const seen = new Set<string>();
    for (const a of affiliations) {
      const key = `${slugify(a.organization)}\t${a.role}`;
      if (seen.has(key)) throw new AppError('validation_failed', `The affiliation "${a.role}" at ${a.organization} is listed twice.`);
      seen.add(key);
      if (a.sourceDocumentId !== null && this.sql.cache.get(SQL.documentExists).get(a.sourceDocumentId) === undefined) {
        throw new AppError('unknown_reference', `Affiliation source document #${a.sourceDocumentId} does not exist.`);
      }
    }
    const kept = new Set(affiliations.flatMap((a) => (a.id === null ? [] : [a.id])));
    this.sql.run('DELETE FROM Affiliation WHERE speakerId = ? AND id NOT IN (SELECT value FROM json_each(?))', id, JSON.stringify([...kept]));
    for (const a of affiliations) {
      yield;
      const organizationId = this.organization(ctx, a.organization, a.organizationKind);
      const values = { id: a.id, speakerId: id, organizationId, role: a.role, asStated: a.asStated, validFrom: a.validFrom, validTo: a.validTo, sourceDocumentId: a.sourceDocumentId, now: ctx.now };
      const updated =
        a.id !== null &&
        this.sql.run(
          `UPDATE Affiliation SET organizationId = @organizationId, role = @role, asStated = @asStated, validFrom = @validFrom, validTo = @validTo,
           sourceDocumentId = @sourceDocumentId WHERE id = @id AND speakerId = @speakerId`,
          values,
        ).changes > 0;
      if (updated) continue;
      if (a.id !== null && this.sql.cache.get('SELECT 1 FROM Affiliation WHERE id = ?').get(a.id) !== undefined) {
        throw new AppError('unknown_reference', `Affiliation #${a.id} is not this speaker's.`);
      }
      this.sql.run(
        `INSERT INTO Affiliation (id, speakerId, organizationId, role, asStated, validFrom, validTo, sourceDocumentId, createdAt)
         VALUES (@id, @speakerId, @organizationId, @role, @asStated, @validFrom, @validTo, @sourceDocumentId, @now)`,
        values,
      );
    }
    // Which organisations each quote was said for follows the affiliations: thousands of quotes for some speakers, re-indexed in steps.
    this.sql.resyncLater({ speaker: id });
  }

  private organization(ctx: WriteContext, name: string, kind: string | null): number {
    const slug = slugify(name);
    return this.sql.id(SQL.organizationBySlug, slug) ?? this.sql.insert(SQL.insertOrganization, slug, name, kind, ctx.now);
  }
}
