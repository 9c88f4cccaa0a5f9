import { AppError } from '../../../domain/errors.ts';
import type { SpeakerSummary } from '../../../domain/models.ts';
import { slugify } from '../../../domain/text.ts';
import type { ImportedSpeaker, NewSpeaker, SpeakerReadRepository, WriteRepository } from '../../ports/index.ts';

/**
 * The port's `resolveImportedSpeakers` on PostgreSQL: each speaker in turn, with the rule SQLite applies in
 * one statement set (the QID's holder whatever its slug, else the name's slug, a new slug `name-q123` when
 * the name's slug is a person with another QID). Each upsert is its own transaction: one that names a QID
 * held under another slug is rolled back whole, so the holder gains nothing from a name it is not stored under.
 */
export async function resolveImportedSpeakers(
  speakers: SpeakerReadRepository,
  upsertSpeaker: WriteRepository['upsertSpeaker'],
  imported: readonly ImportedSpeaker[],
): Promise<{ speaker: SpeakerSummary; created: boolean }[]> {
  const resolved: { speaker: SpeakerSummary; created: boolean }[] = [];
  for (const { name, qid } of imported) {
    let slug = slugify(name);
    if (qid !== null) {
      const holder = await speakers.findByRef(slug);
      if (holder !== null && holder.externalIds.some((e) => e.scheme === 'wikidata' && e.value !== qid)) slug = `${slug}-${qid.toLowerCase()}`;
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
      resolved.push(await upsertSpeaker(speaker));
    } catch (error) {
      // The QID is another speaker's (stored under another name's slug): that speaker said it.
      if (!(error instanceof AppError && error.code === 'external_id_taken' && typeof error.details.existingId === 'number')) throw error;
      const [holder] = await speakers.summaries([error.details.existingId]);
      if (holder === undefined) throw error;
      resolved.push({ speaker: holder, created: false });
    }
  }
  return resolved;
}
