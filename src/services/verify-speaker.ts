import type { Affiliation, SpeakerSummary } from '../domain/models.ts';
import { normalizePersonReference, surnamesOf } from '../domain/person-name.ts';
import { foldName } from '../domain/text.ts';
import type { RelatedSpeaker, Repositories } from '../repositories/ports.ts';
import type { ClaimedSpeakers } from '../verification/verdict.ts';
import { closestSpeakers, type SuggestedSpeaker } from './speaker-suggestions.ts';

/**
 * Whom a claim's "said by" denotes. Never refuses: a name nobody is known by
 * resolves to no one (the claim is then checked against everyone), a surname
 * several people share to all of them, and the speakers related through an
 * organisation (the Kremlin and its aide) come along.
 */
export type SpeakerMatch = 'exact' | 'alias' | 'surname' | 'ambiguous' | 'unknown';

export interface ResolvedSpeaker extends SpeakerSummary {
  affiliations: Affiliation[];
}

export interface ClaimedSpeakerAnswer {
  query: string;
  /** The name with titles, honorifics, party labels and articles removed. */
  name: string;
  titles: string[];
  /** exact: id, slug, name or alias as given; alias: after removing titles; surname: by surname alone; ambiguous: several people; unknown: nobody. */
  match: SpeakerMatch;
  /** Everyone the name may denote; the claim is checked against all of them. */
  resolved: ResolvedSpeaker[];
  /** For an unknown name: the closest known names. */
  closest: SuggestedSpeaker[];
  /** Speakers related through an organisation, whose words also count as the claimed speaker's (said so in the answer). */
  related: RelatedSpeaker[];
}

/** Most people a surname is checked against (beyond, the answer lists the first ones). */
const MAX_SURNAME_CANDIDATES = 20;
const MAX_RELATED = 20;

type SpeakerRepos = Pick<Repositories, 'speakers' | 'verify'>;

function surnameMatches(repos: SpeakerRepos, surname: string, firstWord: string | null): number[] {
  return repos.speakers
    .bySurname(surname, MAX_SURNAME_CANDIDATES)
    .filter((c) => surnamesOf(c.speaker.name, c.aliases).includes(surname))
    // "Joe Biden" is not "Hunter Biden": a given name must agree by its first letter at least.
    .filter((c) => firstWord === null || foldName(c.speaker.name).startsWith(firstWord.slice(0, 1)))
    .map((c) => c.speaker.id);
}

function idsFor(repos: SpeakerRepos, query: string): { ids: number[]; match: SpeakerMatch } {
  const asGiven = repos.speakers.resolveIds(query);
  const ref = normalizePersonReference(query);
  let ids = asGiven;
  let match: SpeakerMatch = 'exact';
  if (ids.length === 0) {
    for (const lookup of ref.lookups) {
      ids = repos.speakers.resolveIds(lookup);
      if (ids.length > 0) {
        match = 'alias';
        break;
      }
    }
  }
  if (ref.surname !== null && !/^\d+$/u.test(ref.surname)) {
    // One word: everyone who goes by it ("Kim" is Kim Jong-un's alias, and Kim Jong-il's surname).
    const all = [...new Set([...ids, ...surnameMatches(repos, ref.surname, null)])];
    if (all.length > ids.length && ids.length === 0) match = 'surname';
    ids = all;
  } else if (ids.length === 0 && !ref.organization) {
    const words = foldName(ref.name).split(' ').filter((w) => w.length > 1 || ref.name.split(' ').length <= 2);
    const last = words[words.length - 1];
    if (words.length >= 2 && last !== undefined) {
      ids = surnameMatches(repos, last, words[0] ?? null);
      if (ids.length > 0) match = 'surname';
    }
  }
  if (ids.length > 1) match = 'ambiguous';
  if (ids.length === 0) match = 'unknown';
  return { ids, match };
}

const relationText = (r: RelatedSpeaker, claimedName: string): string =>
  r.relation === 'member'
    ? `${r.speaker.name} (${r.role}, ${r.organization.name})`
    : `${r.speaker.name} (the organisation ${claimedName} works for as ${r.role})`;

export function resolveClaimedSpeaker(repos: SpeakerRepos, query: string): ClaimedSpeakerAnswer {
  const ref = normalizePersonReference(query);
  const { ids, match } = idsFor(repos, query);
  const resolved: ResolvedSpeaker[] = [];
  for (const id of ids) {
    const s = repos.speakers.findByRef(String(id));
    if (s !== null) resolved.push({ id: s.id, slug: s.slug, name: s.name, kind: s.kind, description: s.description, affiliations: s.affiliations });
  }
  const name = ref.name || query;
  const seen = new Set(ids);
  const related: RelatedSpeaker[] = [];
  for (const id of ids.slice(0, 5)) {
    for (const r of repos.speakers.related(id, MAX_RELATED)) {
      if (!seen.has(r.speaker.id)) {
        seen.add(r.speaker.id);
        related.push(r);
      }
    }
  }
  return {
    query,
    name,
    titles: ref.titles,
    match,
    resolved,
    closest: match === 'unknown' ? closestSpeakers(repos, ref.name || query) : [],
    related,
  };
}

/** What the verdict needs of the answer above. */
export function claimedSpeakers(answer: ClaimedSpeakerAnswer): ClaimedSpeakers {
  const name = answer.resolved.length > 0 ? answer.resolved.map((s) => s.name).join(' / ') : answer.name;
  return {
    ids: new Set(answer.resolved.map((s) => s.id)),
    name: answer.match === 'unknown' ? answer.name : name,
    related: new Map(answer.related.map((r) => [r.speaker.id, relationText(r, name)])),
  };
}
