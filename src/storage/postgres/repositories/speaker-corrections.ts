import { AppError } from '../../../domain/errors.ts';
import type { RevisionValue } from '../../../domain/revision.ts';
import { foldName, slugify } from '../../../domain/text.ts';
import type { SpeakerAffiliationFields, SpeakerFields } from '../../ports/index.ts';
import { column, row, rows, value, type Queryable, type WriteContext } from '../connection.ts';
import type { RevisableEntity } from './revisions.ts';
import { syncSpeakerQuotes } from './search-sync.ts';
import { organization } from './speaker-writes.ts';

/** The fields of a speaker a correction (or its undo) may set, as revisions record them. */
export const SPEAKER_FIELDS = ['name', 'slug', 'kind', 'description', 'aliases', 'externalIds', 'affiliations'] as const satisfies readonly (keyof SpeakerFields)[];
type SpeakerField = (typeof SPEAKER_FIELDS)[number];

/** Fields a merge records on the speaker kept: facts of the record, never put back by an undo. */
export const MERGE_FIELDS = ['mergedFrom', 'mergedInto', 'removed'] as const;

/** Moves the `speakers` change epoch, which caches that assume speakers only grow compare (names, the ingest's memory of speakers). */
export const BUMP_SPEAKERS_EPOCH_SQL = `INSERT INTO change_epoch (name, value) VALUES ('speakers', 1) ON CONFLICT (name) DO UPDATE SET value = change_epoch.value + 1`;

// Orders as SQLite's (binary collation): revisions compare the lists element by element.
const SQL = {
  speaker: 'SELECT name, slug, kind, description FROM speaker WHERE id = $1',
  aliases: 'SELECT alias FROM speaker_alias WHERE speaker_id = $1 ORDER BY normalized COLLATE "C", alias COLLATE "C"',
  aliasRows: 'SELECT id, alias, normalized FROM speaker_alias WHERE speaker_id = $1',
  externalIds: 'SELECT scheme, value FROM external_id WHERE speaker_id = $1 ORDER BY scheme COLLATE "C", value COLLATE "C"',
  affiliations: `SELECT a.id, o.name AS organization, o.kind AS "organizationKind", a.role, a.as_stated AS "asStated", a.valid_from AS "validFrom",
      a.valid_to AS "validTo", a.source_document_id AS "sourceDocumentId"
    FROM affiliation a JOIN organization o ON o.id = a.organization_id WHERE a.speaker_id = $1 ORDER BY a.id`,
  slugOwner: 'SELECT id FROM speaker WHERE slug = $1 UNION ALL SELECT speaker_id FROM speaker_redirect WHERE slug = $1',
  externalIdOwner: 'SELECT speaker_id FROM external_id WHERE scheme = $1 AND value = $2',
  documentExists: 'SELECT 1 FROM document WHERE id = $1',
} as const;

const isSpeakerField = (field: string): field is SpeakerField => (SPEAKER_FIELDS as readonly string[]).includes(field);

/**
 * A speaker's correctable fields (name, slug, kind, description, aliases, external IDs, affiliations),
 * read and written inside the caller's transaction: what corrections, affiliation merges and their undo
 * all run (as the SQLite backend's SpeakerCorrections). A changed slug leaves a redirect; changed names
 * move the `speakers` change epoch; changed affiliations re-file the speaker's quotes for search.
 */
export class SpeakerCorrections implements RevisableEntity {
  /** Every correctable field, or null when no speaker has this id. */
  async snapshot(db: Queryable, id: number): Promise<SpeakerFields | null> {
    const speaker = await row<Pick<SpeakerFields, 'name' | 'slug' | 'kind' | 'description'>>(db, SQL.speaker, [id]);
    if (speaker === null) return null;
    return {
      ...speaker,
      aliases: await column<string>(db, SQL.aliases, [id]),
      externalIds: await rows<{ scheme: string; value: string }>(db, SQL.externalIds, [id]),
      affiliations: await rows<SpeakerAffiliationFields & Record<string, unknown>>(db, SQL.affiliations, [id]),
    };
  }

  async current(db: Queryable, id: number, fields: readonly string[]): Promise<Record<string, RevisionValue> | null> {
    // Only an undo asks: a merge or a removal took quotes and names apart in ways no field puts back.
    if (fields.some((f) => (MERGE_FIELDS as readonly string[]).includes(f))) {
      throw new AppError('revision_not_undoable', 'A speaker merge or removal cannot be undone: correct the speaker kept instead.');
    }
    const all = await this.snapshot(db, id);
    if (all === null) return null;
    const values = all as unknown as Record<string, RevisionValue>;
    return Object.fromEntries(fields.filter(isSpeakerField).map((f) => [f, values[f] ?? null]));
  }

  async apply(ctx: WriteContext, id: number, values: Record<string, RevisionValue>): Promise<void> {
    await this.set(ctx, id, values as Partial<SpeakerFields>);
  }

  /** Sets the given fields; throws an AppError (and the caller's transaction changes nothing) when one cannot be. */
  async set(ctx: WriteContext, id: number, values: Partial<SpeakerFields>): Promise<void> {
    const db = ctx.client;
    const simple = (['name', 'kind', 'description'] as const).filter((f) => values[f] !== undefined);
    if (simple.length > 0) {
      const params: unknown[] = [id, ctx.now];
      const set = simple.map((c) => `${c} = $${params.push(values[c])}`);
      await rows(db, `UPDATE speaker SET ${set.join(', ')}, updated_at = $2 WHERE id = $1`, params);
    }
    if (values.slug !== undefined) await this.setSlug(ctx, id, values.slug);
    if (values.aliases !== undefined || values.name !== undefined) await this.setAliases(db, id, values.aliases ?? null, values.name ?? null);
    if (values.externalIds !== undefined) await this.setExternalIds(db, id, values.externalIds);
    if (values.affiliations !== undefined) await this.setAffiliations(ctx, id, values.affiliations);
    await rows(db, 'UPDATE speaker SET updated_at = $2 WHERE id = $1', [id, ctx.now]);
    if (values.name !== undefined || values.slug !== undefined || values.aliases !== undefined || values.kind !== undefined) await rows(db, BUMP_SPEAKERS_EPOCH_SQL);
  }

  private async setSlug(ctx: WriteContext, id: number, slug: string): Promise<void> {
    const db = ctx.client;
    const current = (await value<string>(db, 'SELECT slug FROM speaker WHERE id = $1', [id])) as string;
    if (current === slug) return;
    const other = (await column<number>(db, SQL.slugOwner, [slug])).find((owner) => owner !== id);
    if (other !== undefined) throw new AppError('speaker_exists', `The slug "${slug}" names speaker #${other}.`, { existingId: other });
    await rows(db, 'DELETE FROM speaker_redirect WHERE slug = $1', [slug]);
    await rows(db, 'UPDATE speaker SET slug = $1 WHERE id = $2', [slug, id]);
    await rows(db, 'INSERT INTO speaker_redirect (slug, from_speaker_id, speaker_id, created_at) VALUES ($1, NULL, $2, $3)', [current, id, ctx.now]);
  }

  /** The aliases become exactly `aliases` (by folded form), plus the name (a speaker is always found by their name). */
  private async setAliases(db: Queryable, id: number, aliases: readonly string[] | null, name: string | null): Promise<void> {
    const existing = await rows<{ id: number; alias: string; normalized: string }>(db, SQL.aliasRows, [id]);
    const wanted = new Map<string, string>();
    for (const alias of aliases ?? existing.map((r) => r.alias)) if (foldName(alias) !== '') wanted.set(foldName(alias), alias);
    const canonical = name ?? ((await value<string>(db, 'SELECT name FROM speaker WHERE id = $1', [id])) as string);
    if (!wanted.has(foldName(canonical))) wanted.set(foldName(canonical), canonical);
    for (const r of existing) {
      const alias = wanted.get(r.normalized);
      if (alias === undefined) await rows(db, 'DELETE FROM speaker_alias WHERE id = $1', [r.id]);
      else if (alias !== r.alias) await rows(db, 'UPDATE speaker_alias SET alias = $1 WHERE id = $2', [alias, r.id]);
      wanted.delete(r.normalized);
    }
    for (const [normalized, alias] of wanted) await rows(db, 'INSERT INTO speaker_alias (speaker_id, alias, normalized) VALUES ($1, $2, $3)', [id, alias, normalized]);
  }

  private async setExternalIds(db: Queryable, id: number, ids: SpeakerFields['externalIds']): Promise<void> {
    const key = (e: { scheme: string; value: string }) => `${e.scheme}\t${e.value}`;
    const wanted = new Map(ids.map((e) => [key(e), e]));
    for (const r of await rows<{ scheme: string; value: string }>(db, SQL.externalIds, [id])) {
      if (!wanted.delete(key(r))) await rows(db, 'DELETE FROM external_id WHERE speaker_id = $1 AND scheme = $2 AND value = $3', [id, r.scheme, r.value]);
    }
    for (const e of wanted.values()) {
      const owner = await value<number>(db, SQL.externalIdOwner, [e.scheme, e.value]);
      if (owner !== null) throw new AppError('external_id_taken', `${e.scheme} ${e.value} already identifies speaker #${owner}.`, { existingId: owner });
      await rows(db, 'INSERT INTO external_id (speaker_id, scheme, value) VALUES ($1, $2, $3)', [id, e.scheme, e.value]);
    }
  }

  /**
   * The affiliations become exactly `affiliations`: rows named by id are updated (or put back
   * under that id, as an undo does), rows without an id added, the rest removed.
   */
  private async setAffiliations(ctx: WriteContext, id: number, affiliations: readonly SpeakerAffiliationFields[]): Promise<void> {
    const db = ctx.client;
    const seen = new Set<string>();
    for (const a of affiliations) {
      const key = `${slugify(a.organization)}\t${a.role}`;
      if (seen.has(key)) throw new AppError('validation_failed', `The affiliation "${a.role}" at ${a.organization} is listed twice.`);
      seen.add(key);
      if (a.sourceDocumentId !== null && (await value<number>(db, SQL.documentExists, [a.sourceDocumentId])) === null) {
        throw new AppError('unknown_reference', `Affiliation source document #${a.sourceDocumentId} does not exist.`);
      }
    }
    const kept = affiliations.flatMap((a) => (a.id === null ? [] : [a.id]));
    await rows(db, 'DELETE FROM affiliation WHERE speaker_id = $1 AND NOT (id = ANY($2::int[]))', [id, kept]);
    for (const a of affiliations) {
      const organizationId = await organization(ctx, { name: a.organization, kind: a.organizationKind });
      const fields = [organizationId, a.role, a.asStated, a.validFrom, a.validTo, a.sourceDocumentId];
      if (a.id !== null) {
        const updated = await ctx.client.query(
          `UPDATE affiliation SET organization_id = $3, role = $4, as_stated = $5, valid_from = $6, valid_to = $7, source_document_id = $8
           WHERE id = $1 AND speaker_id = $2`,
          [a.id, id, ...fields],
        );
        if ((updated.rowCount ?? 0) > 0) continue;
        if ((await value<number>(db, 'SELECT 1 FROM affiliation WHERE id = $1', [a.id])) !== null) {
          throw new AppError('unknown_reference', `Affiliation #${a.id} is not this speaker's.`);
        }
      }
      // Put back under its own id (an undo), or added under a new one.
      await rows(
        db,
        `INSERT INTO affiliation (id, speaker_id, organization_id, role, as_stated, valid_from, valid_to, source_document_id, created_at)
         VALUES (COALESCE($1, nextval(pg_get_serial_sequence('affiliation', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9)`,
        [a.id, id, ...fields, ctx.now],
      );
    }
    // Which organisations each quote was said for follows the affiliations.
    await syncSpeakerQuotes(db, id);
  }
}
