import { notFound } from '../domain/errors.ts';
import type { SpeakerDetail, SpeakerSummary } from '../domain/models.ts';
import type { RevisionRecord } from '../domain/revision.ts';
import type { SpeakerPatch } from '../domain/speaker-fields.ts';
import type { CursorCodec } from './cursor.ts';
import { historyPage, type HistoryPage } from './revision.service.ts';
import type { AffiliationMerges, Repositories, SpeakerMerge } from '../storage/ports/index.ts';

/**
 * An editor's clean-up of speakers: merges, removals, duplicate affiliations. A speaker is named
 * by id or slug only (never by a name, which may mean several).
 */
async function speakerId(repos: Repositories, ref: string): Promise<number> {
  const speaker = await repos.speakers.findByRef(ref);
  if (speaker === null) throw notFound('speaker', ref);
  return speaker.id;
}

export async function mergeSpeakers(repos: Repositories, fromRef: string, intoRef: string, reason: string): Promise<SpeakerMerge> {
  return repos.writes.mergeSpeakers(await speakerId(repos, fromRef), await speakerId(repos, intoRef), { reason });
}

export async function removeSpeaker(repos: Repositories, ref: string, reason: string): Promise<SpeakerSummary> {
  const removed = await repos.writes.removeSpeaker(await speakerId(repos, ref), { reason });
  if (removed === null) throw notFound('speaker', ref);
  return removed;
}

export async function mergeDuplicateAffiliations(repos: Repositories, ref: string, pair: readonly [number, number] | null, reason: string): Promise<AffiliationMerges> {
  return repos.writes.mergeAffiliations(await speakerId(repos, ref), pair, { reason });
}

/** Corrects a speaker (one revision); the speaker as they are now, and the revision (null when nothing changed). */
export async function correctSpeaker(repos: Repositories, ref: string, patch: SpeakerPatch, reason: string): Promise<{ speaker: SpeakerDetail; revision: RevisionRecord | null }> {
  const id = await speakerId(repos, ref);
  const correction = await repos.writes.correctSpeaker(id, patch, { reason });
  const speaker = await repos.speakers.findByRef(String(id));
  if (correction === null || speaker === null) throw notFound('speaker', ref);
  return { speaker, revision: correction.revision };
}

/** A speaker's revisions, newest first: also of a speaker merged away or removed (by id), whose history stays on the record. */
export async function speakerHistory(repos: Repositories, cursors: CursorCodec, ref: string, request: { limit: number; cursor?: string | undefined }): Promise<HistoryPage> {
  const speaker = await repos.speakers.findByRef(ref);
  if (speaker !== null) return historyPage(repos, cursors, 'speaker', speaker.id, request);
  if (/^\d+$/.test(ref)) {
    const page = await historyPage(repos, cursors, 'speaker', Number(ref), request);
    if (page.revisions.length > 0) return page;
  }
  throw notFound('speaker', ref);
}

/** Where a ref that names no speaker now leads (merged or renamed), or null. */
export function speakerRedirect(repos: Repositories, ref: string): Promise<SpeakerSummary | null> {
  return repos.speakers.redirect(ref);
}
