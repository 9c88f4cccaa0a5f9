import { foldName } from '../domain/text.ts';
import type { ImportedSpeaker, Repositories } from '../storage/ports/index.ts';

export interface ResolvedSpeaker {
  id: number;
  slug: string;
  name: string;
}

/** A speaker as a source names it: a name, and the Wikidata QIDs it gives (several: homonyms it could not tell apart). */
export interface NamedSpeaker {
  name: string;
  qids: readonly string[];
}

/** Speakers remembered by an import before the memory starts over: a bound, not a policy (misses cost one upsert). */
const REMEMBERED = 50_000;

/**
 * Speakers stored per transaction: the speakers new to a batch are written together, not one transaction
 * each (a commit costs more than the upsert); a bound on how long one write holds the writer.
 */
const SPEAKERS_PER_WRITE = 500;

/** A source's QID when it is sure of one (exactly one given); none is recorded for homonyms. */
const qidOf = (qids: readonly string[]): string | null => (qids.length === 1 ? (qids[0] as string) : null);

const keyOf = (name: string, qid: string | null): string => (qid === null ? `name:${foldName(name)}` : `wikidata:${qid}`);

/**
 * An imported corpus' speakers, named by a name and, when the source is sure of one, a Wikidata QID. One
 * QID is one person: the speaker holding it, else a new one (whose slug gets the QID when the name's slug
 * is another person's). Without exactly one QID the name alone says who (several QIDs are homonyms the
 * source could not tell apart: none is recorded). The storage applies the rule (`resolveImportedSpeakers`);
 * this remembers the answers, so that a speaker is stored once per import, and a batch's new speakers are
 * stored together before its quotes (`resolve`, then `get`).
 */
export class ImportSpeakers {
  private readonly known = new Map<string, ResolvedSpeaker>();
  created = 0;

  constructor(private readonly repos: Pick<Repositories, 'writes'>) {}

  /** Stores the speakers named that are not known yet (the first name given for a QID names a new speaker); `get` then knows each. */
  async resolve(named: Iterable<NamedSpeaker>): Promise<void> {
    const wanted = new Map<string, ImportedSpeaker>();
    for (const { name, qids } of named) {
      const qid = qidOf(qids);
      const key = keyOf(name, qid);
      if (!wanted.has(key)) wanted.set(key, { name, qid });
    }
    if (this.known.size + wanted.size > REMEMBERED) this.known.clear();
    const missing = [...wanted].filter(([key]) => !this.known.has(key));
    for (let i = 0; i < missing.length; i += SPEAKERS_PER_WRITE) {
      const chunk = missing.slice(i, i + SPEAKERS_PER_WRITE);
      const saved = await this.repos.writes.resolveImportedSpeakers(chunk.map(([, speaker]) => speaker));
      saved.forEach(({ speaker, created }, j) => {
        if (created) this.created++;
        this.known.set((chunk[j] as [string, ImportedSpeaker])[0], { id: speaker.id, slug: speaker.slug, name: speaker.name });
      });
    }
  }

  /** A speaker `resolve` stored. */
  get({ name, qids }: NamedSpeaker): ResolvedSpeaker {
    const speaker = this.known.get(keyOf(name, qidOf(qids)));
    if (speaker === undefined) throw new Error(`ImportSpeakers: "${name}" was not resolved`);
    return speaker;
  }
}
