import { AppError } from './errors.ts';
import type { SpeakerKind } from './models.ts';
import { foldName } from './text.ts';

/** One affiliation as a correction states it (and a revision records it): the organisation by name. */
export interface SpeakerAffiliationFields {
  /** Null for one to add. */
  id: number | null;
  organization: string;
  organizationKind: string | null;
  role: string;
  asStated: string | null;
  validFrom: string | null;
  validTo: string | null;
  sourceDocumentId: number | null;
}

/** Everything of a speaker an editor can correct, as revisions record it (before and after). */
export interface SpeakerFields {
  name: string;
  slug: string;
  kind: SpeakerKind;
  description: string | null;
  /** Every name the speaker is found by, the canonical one included. */
  aliases: string[];
  externalIds: { scheme: string; value: string }[];
  affiliations: SpeakerAffiliationFields[];
}

type NewAffiliationFields = Omit<SpeakerAffiliationFields, 'id'>;

/** A correction of a speaker: fields to set, and names, IDs and affiliations to add, change or remove. */
export interface SpeakerPatch {
  name?: string;
  slug?: string;
  kind?: SpeakerKind;
  description?: string | null;
  aliases?: { add?: string[]; remove?: string[] };
  externalIds?: { add?: { scheme: string; value: string }[]; remove?: { scheme: string; value: string }[] };
  affiliations?: {
    add?: NewAffiliationFields[];
    update?: (Partial<NewAffiliationFields> & { id: number })[];
    remove?: number[];
  };
}

/**
 * The speaker's fields after the patch. Removing something the speaker does not have is refused
 * (`unknown_reference`): an editor who names an affiliation or ID that is not there is looking at
 * another speaker, or an old page.
 */
export function applySpeakerPatch(current: SpeakerFields, patch: SpeakerPatch): SpeakerFields {
  const next: SpeakerFields = { ...current };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.slug !== undefined) next.slug = patch.slug;
  if (patch.kind !== undefined) next.kind = patch.kind;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.aliases !== undefined) {
    const remove = new Set((patch.aliases.remove ?? []).map(foldName));
    for (const folded of remove) {
      if (!current.aliases.some((a) => foldName(a) === folded)) throw new AppError('unknown_reference', `The speaker has no alias "${folded}".`);
    }
    next.aliases = [...current.aliases.filter((a) => !remove.has(foldName(a))), ...(patch.aliases.add ?? [])];
  }
  if (patch.externalIds !== undefined) {
    const same = (x: { scheme: string; value: string }, y: { scheme: string; value: string }) => x.scheme === y.scheme && x.value === y.value;
    const remove = patch.externalIds.remove ?? [];
    for (const r of remove) {
      if (!current.externalIds.some((e) => same(e, r))) throw new AppError('unknown_reference', `The speaker has no ${r.scheme} ID ${r.value}.`);
    }
    next.externalIds = [...current.externalIds.filter((e) => !remove.some((r) => same(e, r))), ...(patch.externalIds.add ?? [])];
  }
  if (patch.affiliations !== undefined) {
    const { add = [], update = [], remove = [] } = patch.affiliations;
    for (const id of [...remove, ...update.map((u) => u.id)]) {
      if (!current.affiliations.some((a) => a.id === id)) throw new AppError('unknown_reference', `Affiliation #${id} is not this speaker's.`);
    }
    next.affiliations = [
      ...current.affiliations
        .filter((a) => !remove.includes(a.id as number))
        .map((a) => {
          const change = update.find((u) => u.id === a.id);
          return change === undefined ? a : { ...a, ...change };
        }),
      ...add.map((a) => ({ ...a, id: null })),
    ];
    for (const a of next.affiliations) {
      if (a.validFrom !== null && a.validTo !== null && a.validTo.localeCompare(a.validFrom.slice(0, a.validTo.length)) < 0) {
        throw new AppError('validation_failed', `Affiliation "${a.role}" ends (${a.validTo}) before it starts (${a.validFrom}).`);
      }
    }
  }
  return next;
}
