import { affiliationsAt } from '../domain/affiliation.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Affiliation, QuoteRecord, SpeakerCandidate, SpeakerDetail, SpeakerKind, SpeakerSummary } from '../domain/models.ts';
import { slugify } from '../domain/text.ts';
import type { Repositories } from '../storage/ports/index.ts';

export interface SpeakerProfile extends SpeakerDetail {
  currentAffiliations: Affiliation[];
  quotes: QuoteRecord[];
}

export async function getSpeakerProfile(repos: Repositories, ref: string, quoteLimit: number): Promise<SpeakerProfile> {
  const speaker = await repos.speakers.findByRef(ref);
  if (speaker === null) throw notFound('speaker', ref);
  return {
    ...speaker,
    currentAffiliations: affiliationsAt(speaker.affiliations, null),
    quotes: await repos.quotes.bySpeaker(speaker.id, quoteLimit),
  };
}

export function findSpeakerCandidates(repos: Repositories, text: string, limit: number): Promise<SpeakerCandidate[]> {
  return repos.speakers.candidates(text, limit);
}

/** Resolves a name, alias, slug or id to exactly one speaker, or explains why it cannot. */
export async function resolveOneSpeaker(repos: Repositories, ref: string, role: string): Promise<number> {
  const ids = await repos.speakers.resolveIds(ref);
  if (ids.length === 1) return ids[0] as number;
  const candidates = (await repos.speakers.candidates(ref, 5)).map((c) => ({ id: c.id, slug: c.slug, name: c.name }));
  if (ids.length === 0) {
    throw new AppError('unknown_reference', `No ${role} is known as "${ref}".`, { candidates });
  }
  throw new AppError('unknown_reference', `"${ref}" names ${ids.length} speakers; give a slug or id.`, { candidates });
}

export interface CreateSpeakerInput {
  name: string;
  kind: SpeakerKind;
  slug?: string;
  description?: string;
  aliases: string[];
  externalIds: { scheme: string; value: string }[];
  affiliations: {
    organization: string;
    organizationKind?: string;
    role: string;
    asStated?: string;
    validFrom?: string;
    validTo?: string;
    sourceDocumentId?: number;
  }[];
}

export async function createSpeaker(repos: Repositories, input: CreateSpeakerInput): Promise<SpeakerSummary> {
  const slug = input.slug ?? slugify(input.name);
  if (slug === '') throw new AppError('validation_failed', 'The name has no letters or digits to make a slug from; give a slug.');
  for (const a of input.affiliations) {
    if (a.validFrom !== undefined && a.validTo !== undefined && a.validTo.localeCompare(a.validFrom.slice(0, a.validTo.length)) < 0) {
      throw new AppError('validation_failed', `Affiliation "${a.role}" ends (${a.validTo}) before it starts (${a.validFrom}).`);
    }
  }
  return repos.writes.createSpeaker({
    slug,
    name: input.name,
    kind: input.kind,
    description: input.description ?? null,
    aliases: input.aliases,
    externalIds: input.externalIds,
    affiliations: input.affiliations.map((a) => ({
      organization: { name: a.organization, kind: a.organizationKind ?? null },
      role: a.role,
      asStated: a.asStated ?? null,
      validFrom: a.validFrom ?? null,
      validTo: a.validTo ?? null,
      sourceDocumentId: a.sourceDocumentId ?? null,
    })),
  });
}
