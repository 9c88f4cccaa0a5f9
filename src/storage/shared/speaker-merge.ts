import { planAffiliationMerge, planAffiliationMerges, type AffiliationFacts, type AffiliationMergePlan } from '../../domain/affiliation-duplicates.ts';
import { AppError } from '../../domain/errors.ts';
import type { Affiliation, SpeakerSummary } from '../../domain/models.ts';
import type { RevisionValue } from '../../domain/revision.ts';
import { isStanding, type QuoteStatus } from '../../domain/status.ts';
import type { RevisionNote, SpeakerFields, SpeakerMerge } from '../ports/index.ts';
import { changesBetween, type RevisionDraft } from '../quote-fields.ts';

/**
 * The rules of speaker merges, removals and affiliation merges, the same on every backend: when a merge or
 * a removal is refused and why, which quotes become one, which affiliations merge, and what the history
 * records. Each backend reads the facts and writes the outcome with its own SQL.
 */

/** A pair of quotes, one of each speaker, with the same words: `from`'s is folded into `into`'s. */
export interface CollidingQuotes {
  from: number;
  into: number;
  fromStatus: QuoteStatus;
  intoStatus: QuoteStatus;
}

/** What a speaker still holds, by kind: a speaker that holds anything cannot be removed. */
export interface SpeakerUsage {
  quotes: number;
  quotesAbout: number;
  affiliations: number;
  organizations: number;
  /** Attributions taken away from the speaker: removing them would let a re-ingest file those words under a new speaker of the same name. */
  tombstones: number;
}

export const affiliationFacts = (a: Affiliation): AffiliationFacts => ({
  id: a.id,
  organizationId: a.organization.id,
  role: a.role,
  asStated: a.asStated,
  validFrom: a.validFrom,
  validTo: a.validTo,
  sourceDocumentId: a.sourceDocumentId,
});

export const asRevision = (fields: Partial<SpeakerFields>): Record<string, RevisionValue> => fields as unknown as Record<string, RevisionValue>;

/** What a revision says of a speaker merged away or removed: who they were. */
const brief = (s: SpeakerSummary): Record<string, RevisionValue> => ({ id: s.id, slug: s.slug, name: s.name });

/** Refuses a merge of a speaker into itself, before anything is read. */
export function assertTwoSpeakers(fromId: number, intoId: number): void {
  if (fromId === intoId) throw new AppError('validation_failed', 'A speaker cannot be merged into itself.');
}

/**
 * Refuses a merge of two speakers that are two people by their records: different IDs of one scheme
 * (`schemes`), or both the voice of an organisation.
 */
export function assertMergeable(from: SpeakerSummary, into: SpeakerSummary, schemes: string[], bothSpeakFor: boolean): void {
  if (schemes.length === 0 && !bothSpeakFor) return;
  const why = schemes.length > 0 ? `they hold different ${schemes.join(', ')} IDs` : 'both speak for an organisation';
  throw new AppError('speaker_merge_conflict', `${from.name} cannot be merged into ${into.name}: ${why}. Correct one of them first.`, { schemes });
}

/**
 * The quotes that become one (`from`'s folded into `into`'s). One quote has one status: words retracted
 * under one speaker and standing under the other need an editor's decision first, and the merge is refused.
 */
export function quotesToFold(from: SpeakerSummary, into: SpeakerSummary, colliding: readonly CollidingQuotes[]): { from: number; into: number }[] {
  const undecided = colliding.filter((c) => c.fromStatus !== c.intoStatus && !(isStanding(c.fromStatus) && isStanding(c.intoStatus)));
  if (undecided.length > 0) {
    const list = undecided.map((c) => `#${c.from} (${c.fromStatus}) and #${c.into} (${c.intoStatus})`).join(', ');
    throw new AppError('speaker_merge_conflict', `${from.name} and ${into.name} both have the same words on record with different standing: ${list}. Retract, restore or review one of each pair first.`, {
      schemes: [],
      quotes: undecided.map((c) => ({ from: c.from, into: c.into, fromStatus: c.fromStatus, intoStatus: c.intoStatus })),
    });
  }
  return colliding.map((c) => ({ from: c.from, into: c.into }));
}

/** What a merge records on the record of both speakers: the one merged away (who they were, where they went), and the one kept (what it gained). */
export function mergeRevisions(
  merge: Omit<SpeakerMerge, 'redirectedSlugs' | 'revision'> & { movedQuoteIds: number[] },
  before: { from: SpeakerFields; into: SpeakerFields },
  intoAfter: SpeakerFields,
  note: RevisionNote,
): { mergedAway: RevisionDraft; kept: RevisionDraft } {
  const { from, into, moved, movedQuoteIds, foldedQuotes } = merge;
  return {
    mergedAway: {
      entityType: 'speaker',
      entityId: from.id,
      action: 'merged_into',
      changes: { mergedInto: { before: null, after: brief(into) }, removed: { before: asRevision(before.from), after: null } },
      reason: note.reason,
    },
    kept: {
      entityType: 'speaker',
      entityId: into.id,
      action: 'merged',
      changes: {
        ...changesBetween(asRevision(before.into), asRevision(intoAfter)),
        mergedFrom: { before: null, after: { ...brief(from), moved, movedQuoteIds, foldedQuotes: foldedQuotes as unknown as RevisionValue } },
      },
      reason: note.reason,
    },
  };
}

/** The revision of a speaker's removal: who they were. */
export function removalRevision(id: number, before: SpeakerFields, note: RevisionNote): RevisionDraft {
  return { entityType: 'speaker', entityId: id, action: 'removed', changes: { removed: { before: asRevision(before), after: null } }, reason: note.reason };
}

/** Refuses to remove a speaker who still holds anything (a merge is the way to part with it). */
export function assertRemovable(name: string, usage: SpeakerUsage): void {
  const held = Object.entries(usage).filter(([, n]) => n > 0);
  if (held.length === 0) return;
  throw new AppError('speaker_in_use', `${name} still has ${held.map(([what, n]) => `${n} ${what}`).join(', ')}: merge the speaker into another, or move these first.`, { ...usage });
}

/**
 * The affiliation merges an editor asks for among a speaker's affiliations `held`: every duplicate pair
 * (`pair` null), or the one pair named, refused when it is not two affiliations of the speaker that state one role.
 */
export function affiliationMergesAsked(speakerId: number, held: readonly Affiliation[], pair: readonly [number, number] | null): AffiliationMergePlan[] {
  if (pair === null) return planAffiliationMerges(held.map(affiliationFacts));
  const [a, b] = pair.map((id) => held.find((r) => r.id === id));
  if (a === undefined || b === undefined) {
    throw new AppError('unknown_reference', `Affiliations #${pair[0]} and #${pair[1]} are not both affiliations of speaker #${speakerId}.`);
  }
  const plan = a.id === b.id ? null : planAffiliationMerge(affiliationFacts(a), affiliationFacts(b));
  if (plan === null) {
    throw new AppError(
      'not_duplicate_affiliations',
      `"${a.role}" (${a.organization.name}) and "${b.role}" (${b.organization.name}) are two roles: the same organisation, one role refining the other, and periods that meet make a duplicate.`,
    );
  }
  return [plan];
}

/** The revision of an affiliation merge: a change of the speaker's affiliations like any other, undone the same way. */
export function affiliationMergeRevision(speakerId: number, before: SpeakerFields, after: SpeakerFields, note: RevisionNote): RevisionDraft {
  const changes = changesBetween(asRevision({ affiliations: before.affiliations }), asRevision({ affiliations: after.affiliations }));
  return { entityType: 'speaker', entityId: speakerId, action: 'affiliations_merged', changes, reason: note.reason };
}
