import { AppError } from '../domain/errors.ts';
import { sameRevisionValue, type RevisionChanges, type RevisionEntityType, type RevisionValue } from '../domain/revision.ts';
import { hasVisibleText } from '../domain/text.ts';
import type { QuotePatch } from './ports/index.ts';

/**
 * What corrections of a quote read and set, by name, on every backend: the fields revisions record, how a
 * patch becomes field values, and how two views of an entity differ. Each backend maps the names to its
 * own columns.
 */

/** The quote fields a correction (or its undo) may set, by name: nothing else reaches the SQL. */
export const QUOTE_FIELDS = ['kind', 'saidOn', 'venue', 'aboutSpeakerId', 'speakerId', 'status'] as const;
export type QuoteField = (typeof QUOTE_FIELDS)[number];

/** The fields of QuotePatch that are plain columns. */
export const PATCH_COLUMNS = ['kind', 'saidOn', 'venue', 'aboutSpeakerId'] as const satisfies readonly (keyof QuotePatch & QuoteField)[];

/** An occurrence's fields, named in revisions "occurrence:<id>:<field>" (they are changed with, and as part of, their quote). */
export const OCCURRENCE_FIELD = /^occurrence:(\d+):(status|speakerMention)$/;

export const occurrenceField = (occurrenceId: number, field: 'status' | 'speakerMention'): string => `occurrence:${occurrenceId}:${field}`;

export const isQuoteField = (field: string): field is QuoteField => (QUOTE_FIELDS as readonly string[]).includes(field);

/** The field values a patch asks for, as revisions record them. */
export function patchValues(patch: QuotePatch): Record<string, RevisionValue> {
  const values: Record<string, RevisionValue> = {};
  for (const field of PATCH_COLUMNS) if (patch[field] !== undefined) values[field] = patch[field] ?? null;
  if (patch.speaker !== undefined) {
    const { occurrenceId, ...mention } = patch.speaker.mention;
    values.speakerId = patch.speaker.speakerId;
    values[occurrenceField(occurrenceId, 'speakerMention')] = mention;
  }
  return values;
}

/** A speaker mention as revisions record it, as the three columns that hold it. */
export function mentionValue(value: RevisionValue | undefined): { text: string | null; start: number | null; end: number | null } {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return { text: null, start: null, end: null };
  const { text, start, end } = value;
  return typeof text === 'string' && typeof start === 'number' && typeof end === 'number' ? { text, start, end } : { text: null, start: null, end: null };
}

/** Field by field, what differs between two views of an entity (fields of `after` only). */
export function changesBetween(before: Record<string, RevisionValue>, after: Record<string, RevisionValue>): RevisionChanges {
  const changes: RevisionChanges = {};
  for (const [field, value] of Object.entries(after)) {
    const old = before[field] ?? null;
    if (!sameRevisionValue(old, value)) changes[field] = { before: old, after: value };
  }
  return changes;
}

/** A reason as stored: trimmed; `reason_required` when there is none. */
export function checkedReason(reason: string): string {
  const trimmed = reason.trim();
  if (!hasVisibleText(trimmed)) throw new AppError('reason_required', 'Say why: a correction needs a reason (the "reason" field).');
  return trimmed;
}

/** One change to record: the entity, a stable action name, the fields before and after, and why. */
export interface RevisionDraft {
  entityType: RevisionEntityType;
  entityId: number;
  action: string;
  changes: RevisionChanges;
  reason: string;
  /** On an undo: the revision it reverts. */
  revertsRevisionId?: number;
}
