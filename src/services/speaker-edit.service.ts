import { notFound } from '../domain/errors.ts';
import type { SpeakerSummary } from '../domain/models.ts';
import type { AffiliationMerge, Repositories, SpeakerMerge } from '../storage/ports/index.ts';

/**
 * An editor's clean-up of speakers: merges, removals, duplicate affiliations. A speaker is named
 * by id or slug only (never by a name, which may mean several).
 */
async function speakerId(repos: Repositories, ref: string): Promise<number> {
  const speaker = await repos.speakers.findByRef(ref);
  if (speaker === null) throw notFound('speaker', ref);
  return speaker.id;
}

export async function mergeSpeakers(repos: Repositories, fromRef: string, intoRef: string): Promise<SpeakerMerge> {
  return repos.writes.mergeSpeakers(await speakerId(repos, fromRef), await speakerId(repos, intoRef));
}

export async function removeSpeaker(repos: Repositories, ref: string): Promise<SpeakerSummary> {
  const removed = await repos.writes.removeSpeaker(await speakerId(repos, ref));
  if (removed === null) throw notFound('speaker', ref);
  return removed;
}

export async function mergeDuplicateAffiliations(repos: Repositories, ref: string, pair: readonly [number, number] | null): Promise<AffiliationMerge[]> {
  return repos.writes.mergeAffiliations(await speakerId(repos, ref), pair);
}

/** Where a ref that names no speaker now leads (merged or renamed), or null. */
export function speakerRedirect(repos: Repositories, ref: string): Promise<SpeakerSummary | null> {
  return repos.speakers.redirect(ref);
}
