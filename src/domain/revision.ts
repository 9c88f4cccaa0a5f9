/**
 * Revisions: the record of every correction (docs/editorial.md). A revision
 * says what changed on one entity, field by field, before and after, who
 * changed it and why. An undo is itself a revision, reverting one other.
 */
export const REVISION_ENTITY_TYPES = ['quote', 'speaker', 'document', 'occurrence'] as const;
export type RevisionEntityType = (typeof REVISION_ENTITY_TYPES)[number];

/** A value as revisions store it (JSON). */
export type RevisionValue = string | number | boolean | null | RevisionValue[] | { [key: string]: RevisionValue };

export interface FieldChange {
  before: RevisionValue;
  after: RevisionValue;
}

/** Field name → its value before and after. */
export type RevisionChanges = Record<string, FieldChange>;

/** Who made a change. */
export interface RevisionActor {
  /** The API key's id; null outside the API (or when the key was deleted since). */
  keyId: number | null;
  /** The key's name at the time, or "seed" / "cli". */
  name: string;
  via: 'api' | 'seed' | 'cli';
}

export interface RevisionRecord {
  id: number;
  entityType: RevisionEntityType;
  entityId: number;
  /** Stable name of the change ("speaker_changed", "retracted", "updated", "undo", …). */
  action: string;
  changes: RevisionChanges;
  reason: string;
  actor: RevisionActor;
  createdAt: string;
  /** On an undo: the revision it reverts. */
  revertsRevisionId: number | null;
  /** Set once an undo reverted this revision: that undo's id. */
  revertedByRevisionId: number | null;
}

/** Two revision values are the same value (JSON equality; key order ignored). */
export function sameRevisionValue(a: RevisionValue | undefined, b: RevisionValue | undefined): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

function canonical(value: RevisionValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k] ?? null)}`)
    .join(',')}}`;
}
