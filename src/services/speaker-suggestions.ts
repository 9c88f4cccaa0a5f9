import { distance } from 'fastest-levenshtein';
import type { SpeakerSummary } from '../domain/models.ts';
import { foldName } from '../domain/text.ts';
import type { Repositories } from '../storage/ports/index.ts';

export type SuggestedSpeaker = Pick<SpeakerSummary, 'id' | 'slug' | 'name'>;

/**
 * The speakers closest to a name nobody is known by: name and alias matches
 * first (whole text, then each word), then spelling neighbours ("Ushakof").
 * Only on the error path, so a pass over all aliases is affordable.
 */
export async function closestSpeakers(repos: Pick<Repositories, 'speakers' | 'verify'>, ref: string, limit = 5): Promise<SuggestedSpeaker[]> {
  const found = new Map<number, SuggestedSpeaker>();
  const add = (s: SuggestedSpeaker) => {
    if (found.size < limit && !found.has(s.id)) found.set(s.id, { id: s.id, slug: s.slug, name: s.name });
  };
  const folded = foldName(ref);
  for (const query of [folded, ...folded.split(' ').filter((w) => w.length >= 3)]) {
    for (const c of await repos.speakers.candidates(query, limit)) add(c);
  }
  if (found.size < limit && folded !== '') {
    const maxEdits = Math.max(2, Math.floor(folded.length / 4));
    const near = (await repos.verify.speakerNames())
      .map((a) => ({ id: a.id, d: distance(folded, a.normalized) }))
      .filter((a) => a.d <= maxEdits)
      .sort((a, b) => a.d - b.d || a.id - b.id);
    for (const { id } of near) {
      const speaker = await repos.speakers.findByRef(String(id));
      if (speaker !== null) add(speaker);
    }
  }
  return [...found.values()];
}
