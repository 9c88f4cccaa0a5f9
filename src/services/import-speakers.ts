import { AppError } from '../domain/errors.ts';
import { foldName, slugify } from '../domain/text.ts';
import type { NewSpeaker, Repositories } from '../storage/ports/index.ts';

export interface ResolvedSpeaker {
  id: number;
  slug: string;
  name: string;
}

/** Speakers remembered by an import before the memory starts over: a bound, not a policy (misses cost one upsert). */
const REMEMBERED = 50_000;

/**
 * An imported corpus' speakers, named by a name and, when the source is sure of one, a Wikidata QID. One
 * QID is one person: the speaker holding it, else a new one (whose slug gets the QID when the name's slug
 * is another person's). Without exactly one QID the name alone says who (several QIDs are homonyms the
 * source could not tell apart: none is recorded).
 */
export class ImportSpeakers {
  private readonly known = new Map<string, ResolvedSpeaker>();
  created = 0;

  constructor(private readonly repos: Pick<Repositories, 'speakers' | 'writes'>) {}

  async resolve(name: string, qids: readonly string[]): Promise<ResolvedSpeaker> {
    const qid = qids.length === 1 ? (qids[0] as string) : null;
    const key = qid === null ? `name:${foldName(name)}` : `wikidata:${qid}`;
    const cached = this.known.get(key);
    if (cached !== undefined) return cached;
    const resolved = await this.store(name, qid);
    if (this.known.size >= REMEMBERED) this.known.clear();
    this.known.set(key, resolved);
    return resolved;
  }

  private async store(name: string, qid: string | null): Promise<ResolvedSpeaker> {
    let slug = slugify(name);
    if (qid !== null) {
      const holder = await this.repos.speakers.findByRef(slug);
      const otherPerson = holder !== null && holder.externalIds.some((e) => e.scheme === 'wikidata' && e.value !== qid);
      if (otherPerson) slug = `${slug}-${qid.toLowerCase()}`;
    }
    const speaker: NewSpeaker = {
      slug,
      name,
      kind: 'person',
      description: null,
      aliases: [],
      externalIds: qid === null ? [] : [{ scheme: 'wikidata', value: qid }],
      affiliations: [],
    };
    try {
      const { speaker: saved, created } = await this.repos.writes.upsertSpeaker(speaker);
      if (created) this.created++;
      return { id: saved.id, slug: saved.slug, name: saved.name };
    } catch (error) {
      // The QID is another speaker's (stored under another name's slug): that speaker said it.
      if (!(error instanceof AppError && error.code === 'external_id_taken' && typeof error.details.existingId === 'number')) throw error;
      const [holder] = await this.repos.speakers.summaries([error.details.existingId]);
      if (holder === undefined) throw error;
      return { id: holder.id, slug: holder.slug, name: holder.name };
    }
  }
}
