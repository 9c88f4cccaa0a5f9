import { AppError } from '../../../domain/errors.ts';
import type { SpeakerSummary } from '../../../domain/models.ts';
import { foldName, slugify } from '../../../domain/text.ts';
import { planAffiliationMerge, type AffiliationFacts } from '../../../domain/affiliation-duplicates.ts';
import type { NewAffiliation, NewSpeaker } from '../../ports/index.ts';
import { row, rows, value, type WriteContext } from '../connection.ts';
import { audit } from './audit.ts';
import { toSpeaker, type SpeakerRow } from './rows.ts';
import { syncSpeakerQuotes } from './search-sync.ts';

/** A slug that redirects (merged, renamed) names the speaker it redirects to: a re-seed adds to them, never recreates the old one. */
const SPEAKER_BY_SLUG = `SELECT id, slug, name, kind, description FROM speaker WHERE slug = $1
  UNION ALL SELECT s.id, s.slug, s.name, s.kind, s.description FROM speaker_redirect r JOIN speaker s ON s.id = r.speaker_id WHERE r.slug = $1
  LIMIT 1`;

/**
 * Speakers with their aliases, external ids, affiliations and organisations,
 * written inside the caller's transaction. Adds what is missing and never
 * removes (an editor removes: speaker-edit.repository.ts); the search tags of
 * a speaker's quotes follow a changed affiliation.
 */
export async function upsertSpeaker(ctx: WriteContext, speaker: NewSpeaker, rejectExisting: boolean): Promise<{ speaker: SpeakerSummary; created: boolean }> {
  const db = ctx.client;
  const existing = await row<SpeakerRow>(db, SPEAKER_BY_SLUG, [speaker.slug]);
  if (existing !== null && rejectExisting) return { speaker: toSpeaker(existing), created: false };
  let current = existing;
  let created = false;
  if (current === null) {
    current = await row<SpeakerRow>(
      db,
      `INSERT INTO speaker (slug, name, kind, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (slug) DO NOTHING RETURNING id, slug, name, kind, description`,
      [speaker.slug, speaker.name, speaker.kind, speaker.description, ctx.now],
    );
    created = current !== null;
    // Another transaction (another API process seeding too) created it meanwhile: as if it had existed.
    // The conflict waited for that transaction's commit, so a new statement sees its row.
    current ??= await row<SpeakerRow>(db, SPEAKER_BY_SLUG, [speaker.slug]);
    if (current === null) throw new AppError('speaker_exists', `A speaker with slug "${speaker.slug}" already exists.`);
    if (!created && rejectExisting) return { speaker: toSpeaker(current), created: false };
  }
  const changed = await addDetails(ctx, current.id, speaker);
  if (!created && changed) await syncSpeakerQuotes(db, current.id);
  if (created) await audit(ctx, 'create', 'Speaker', current.id);
  return { speaker: toSpeaker(current), created };
}

/** Whether upserting this speaker, once stored, adds no more than spellings of its name. */
export const namesOnly = (speaker: NewSpeaker): boolean => speaker.organization === undefined && speaker.externalIds.length === 0 && speaker.affiliations.length === 0;

/**
 * `upsertSpeaker` for many stored speakers that carry nothing but names (`namesOnly`), in two statements
 * whatever their number: each one's stored row (null: not stored, for `upsertSpeaker` to create), and
 * the spellings they lack, added in the given order. What one `upsertSpeaker` per speaker would store.
 */
export async function upsertStoredSpeakers(ctx: WriteContext, speakers: readonly NewSpeaker[]): Promise<(SpeakerSummary | null)[]> {
  if (speakers.length === 0) return [];
  const found = await rows<SpeakerRow & { n: number }>(
    ctx.client,
    `SELECT k.n, s.id, s.slug, s.name, s.kind, s.description FROM unnest($1::text[]) WITH ORDINALITY AS k(slug, n)
     CROSS JOIN LATERAL (SELECT id, slug, name, kind, description FROM speaker WHERE slug = k.slug
       UNION ALL SELECT s.id, s.slug, s.name, s.kind, s.description FROM speaker_redirect r JOIN speaker s ON s.id = r.speaker_id WHERE r.slug = k.slug
       LIMIT 1) s`,
    [speakers.map((sp) => sp.slug)],
  );
  const stored: (SpeakerSummary | null)[] = speakers.map(() => null);
  for (const r of found) stored[Number(r.n) - 1] = toSpeaker(r);
  const names = speakers.flatMap((sp, i) => {
    const id = stored[i]?.id;
    return id === undefined ? [] : [sp.name, ...sp.aliases].map((alias) => ({ id, alias, normalized: foldName(alias) })).filter((n) => n.normalized !== '');
  });
  if (names.length > 0) {
    await ctx.client.query(
      `INSERT INTO speaker_alias (speaker_id, alias, normalized)
       SELECT t.id, t.alias, t.normalized FROM unnest($1::int[], $2::text[], $3::text[]) WITH ORDINALITY AS t(id, alias, normalized, n) ORDER BY t.n
       ON CONFLICT (speaker_id, normalized) DO NOTHING`,
      [names.map((n) => n.id), names.map((n) => n.alias), names.map((n) => n.normalized)],
    );
  }
  return stored;
}

/** Adds what is missing; true when the speaker's affiliations or organisation link changed. */
async function addDetails(ctx: WriteContext, speakerId: number, speaker: NewSpeaker): Promise<boolean> {
  const db = ctx.client;
  const names = [speaker.name, ...speaker.aliases].map((alias) => ({ alias, normalized: foldName(alias) })).filter((n) => n.normalized !== '');
  if (names.length > 0) {
    // The first spelling of a folded name is kept (the canonical name first).
    await db.query(
      `INSERT INTO speaker_alias (speaker_id, alias, normalized)
       SELECT $1, t.alias, t.normalized FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(alias, normalized, n) ORDER BY t.n
       ON CONFLICT (speaker_id, normalized) DO NOTHING`,
      [speakerId, names.map((n) => n.alias), names.map((n) => n.normalized)],
    );
  }
  for (const ext of speaker.externalIds) {
    const owner = await value<number>(db, 'SELECT speaker_id FROM external_id WHERE scheme = $1 AND value = $2', [ext.scheme, ext.value]);
    if (owner !== null && owner !== speakerId) {
      throw new AppError('external_id_taken', `${ext.scheme} ${ext.value} already identifies speaker #${owner}.`, { existingId: owner });
    }
    if (owner === null) await db.query('INSERT INTO external_id (speaker_id, scheme, value) VALUES ($1, $2, $3)', [speakerId, ext.scheme, ext.value]);
  }
  let changed = false;
  for (const aff of speaker.affiliations) {
    if (aff.sourceDocumentId !== null && (await value<number>(db, 'SELECT 1 FROM document WHERE id = $1', [aff.sourceDocumentId])) === null) {
      throw new AppError('unknown_reference', `Affiliation source document #${aff.sourceDocumentId} does not exist.`);
    }
    const organizationId = await organization(ctx, aff.organization);
    if (await statedMorePrecisely(ctx, speakerId, organizationId, aff)) continue;
    const inserted = await db.query(
      `INSERT INTO affiliation (speaker_id, organization_id, role, as_stated, valid_from, valid_to, source_document_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (speaker_id, organization_id, role) DO NOTHING`,
      [speakerId, organizationId, aff.role, aff.asStated, aff.validFrom, aff.validTo, aff.sourceDocumentId, ctx.now],
    );
    changed ||= (inserted.rowCount ?? 0) > 0;
  }
  if (speaker.organization) {
    const organizationId = await organization(ctx, speaker.organization);
    const previous = await value<number>(db, 'SELECT speaker_id FROM organization WHERE id = $1', [organizationId]);
    const linked = await db.query('UPDATE organization SET speaker_id = $1 WHERE id = $2 AND speaker_id IS DISTINCT FROM $1', [speakerId, organizationId]);
    if ((linked.rowCount ?? 0) > 0) {
      changed = true;
      // The speaker it leaves no longer speaks for it: their quotes lose its tag.
      if (previous !== null) await syncSpeakerQuotes(db, previous);
    }
  }
  return changed;
}

/**
 * Whether the speaker already holds this role at the organisation, stated as precisely or more
 * ("senior analyst" for "analyst", periods that meet): then a source's vaguer wording adds nothing,
 * and an editor's merge of the two is not undone by the next ingest of the same source.
 */
async function statedMorePrecisely(ctx: WriteContext, speakerId: number, organizationId: number, aff: NewAffiliation): Promise<boolean> {
  const held = await rows<Omit<AffiliationFacts, 'organizationId'>>(
    ctx.client,
    `SELECT id, role, as_stated AS "asStated", valid_from AS "validFrom", valid_to AS "validTo", source_document_id AS "sourceDocumentId"
     FROM affiliation WHERE speaker_id = $1 AND organization_id = $2`,
    [speakerId, organizationId],
  );
  if (held.length === 0) return false;
  const stated: AffiliationFacts = { ...aff, id: Number.MAX_SAFE_INTEGER, organizationId };
  return held.some((h) => planAffiliationMerge({ ...h, organizationId }, stated)?.keepId === h.id);
}

/** The organisation with this name's slug, created if missing. */
export async function organization(ctx: WriteContext, org: { name: string; kind: string | null }): Promise<number> {
  const slug = slugify(org.name);
  const found = await value<number>(ctx.client, 'SELECT id FROM organization WHERE slug = $1', [slug]);
  if (found !== null) return found;
  const created = await value<number>(
    ctx.client,
    'INSERT INTO organization (slug, name, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (slug) DO NOTHING RETURNING id',
    [slug, org.name, org.kind, ctx.now],
  );
  return created ?? ((await value<number>(ctx.client, 'SELECT id FROM organization WHERE slug = $1', [slug])) as number);
}
