import { affiliationsAt } from '../domain/affiliation.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Affiliation, QuoteRecord, SpeakerCandidate, SpeakerDetail, SpeakerKind, SpeakerSummary } from '../domain/models.ts';
import { normalizePersonReference } from '../domain/person-name.ts';
import { foldName, slugify } from '../domain/text.ts';
import { speakersNamed } from './speaker-names.ts';
import type { Repositories } from '../storage/ports/index.ts';

export interface SpeakerProfile extends SpeakerDetail {
  currentAffiliations: Affiliation[];
  quotes: QuoteRecord[];
  /** Quotes recorded as being about this speaker (their subject), newest first. */
  quotesAbout: QuoteRecord[];
  /** A search (query language) for quotes whose words name this speaker; null when no name of theirs is theirs alone. */
  mentionsQuery: string | null;
}

/** Names in a mentions query, at most (the query language takes 32 terms). */
const MAX_MENTION_NAMES = 8;

/**
 * What finds quotes naming a speaker: their name and aliases as phrases,
 * each only if it names this speaker alone ("Kim" names four, so Kim
 * Jong-un's query is "kim jong un" OR "kim jong-un"…, never "kim").
 */
export async function mentionsQuery(repos: Repositories, speaker: Pick<SpeakerDetail, 'id' | 'name' | 'aliases'>): Promise<string | null> {
  const names = [...new Set([speaker.name, ...speaker.aliases].map(foldName).filter((n) => n !== ''))];
  const own: string[] = [];
  for (const n of names) {
    const ids = await speakersNamed(repos.speakers, n);
    if (ids.length === 1 && ids[0] === speaker.id) own.push(n);
  }
  // Longer names first: the shortest ones are most often someone else's too.
  own.sort((a, b) => b.length - a.length);
  return own.length === 0 ? null : own.slice(0, MAX_MENTION_NAMES).map((n) => `"${n}"`).join(' OR ');
}

export async function getSpeakerProfile(repos: Repositories, ref: string, quoteLimit: number): Promise<SpeakerProfile> {
  const speaker = await repos.speakers.findByRef(ref);
  if (speaker === null) throw notFound('speaker', ref);
  return {
    ...speaker,
    currentAffiliations: affiliationsAt(speaker.affiliations, null),
    quotes: await repos.quotes.bySpeaker(speaker.id, quoteLimit),
    quotesAbout: await repos.quotes.aboutSpeaker(speaker.id, quoteLimit),
    mentionsQuery: await mentionsQuery(repos, speaker),
  };
}

export interface SpeakerListItem extends SpeakerSummary {
  aliases: string[];
  externalIds: { scheme: string; value: string }[];
  affiliations: Affiliation[];
  quoteCount: number;
}

export interface SpeakerList {
  items: SpeakerListItem[];
  /** How many speakers the listing has in all (without q); with q, the candidates found. */
  total: number;
}

/**
 * The speakers page: with q, who the name can mean (titles stripped, family
 * names, aliases, then spelling neighbours), best first; without, everyone
 * in name order.
 */
export async function listSpeakers(repos: Repositories, q: string | undefined, limit: number, offset: number): Promise<SpeakerList> {
  const details = async (ids: readonly number[]): Promise<SpeakerListItem[]> => {
    const items: SpeakerListItem[] = [];
    for (const id of ids) {
      const d = await repos.speakers.findByRef(String(id));
      if (d !== null) items.push({ id: d.id, slug: d.slug, name: d.name, kind: d.kind, description: d.description, aliases: d.aliases, externalIds: d.externalIds, affiliations: d.affiliations, quoteCount: d.quoteCount });
    }
    return items;
  };
  if (q === undefined || q.trim() === '') {
    return { items: await details((await repos.speakers.list(limit, offset)).map((s) => s.id)), total: await repos.speakers.count() };
  }
  const ids = new Set(await speakersNamed(repos.speakers, q));
  for (const c of await repos.speakers.candidates(withoutTitles(q), limit + offset)) ids.add(c.id);
  const all = [...ids];
  return { items: await details(all.slice(offset, offset + limit)), total: all.length };
}

/** Who a name can mean, best first, titles and honorifics stripped as on the speakers page ("Mr. Kim" = "Kim"). */
export function findSpeakerCandidates(repos: Repositories, text: string, limit: number): Promise<SpeakerCandidate[]> {
  return repos.speakers.candidates(withoutTitles(text), limit);
}

/** The name in a reference without its titles, or the reference itself when nothing else is left ("President"). */
function withoutTitles(reference: string): string {
  const { name } = normalizePersonReference(reference);
  return name === '' ? reference : name;
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
