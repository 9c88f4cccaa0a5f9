import { periodEnd, periodStart } from './partial-date.ts';
import { foldName } from './text.ts';

/** What the duplicate rule reads of an affiliation. */
export interface AffiliationFacts {
  id: number;
  organizationId: number;
  role: string;
  asStated: string | null;
  validFrom: string | null;
  validTo: string | null;
  sourceDocumentId: number | null;
}

/** Two affiliations that state one role: `keepId` stays with the merged values, `dropId` goes. */
export interface AffiliationMergePlan {
  keepId: number;
  dropId: number;
  merged: Omit<AffiliationFacts, 'id' | 'organizationId'>;
}

/**
 * Words that make another role, not a more precise statement of the same one:
 * a deputy minister is not the minister, an acting or former one neither.
 */
const ROLE_CHANGING_WORDS = new Set(['deputy', 'vice', 'assistant', 'associate', 'acting', 'interim', 'former', 'ex', 'co', 'under', 'sub', 'adjunct', 'honorary', 'emeritus', 'designate', 'elect']);

/** True when the words of `general` appear in `specific`, in order, and `specific` only adds qualifiers. */
function refines(specific: string[], general: string[]): boolean {
  if (specific.length <= general.length) return false;
  let next = 0;
  const extra: string[] = [];
  for (const word of specific) {
    if (next < general.length && word === general[next]) next++;
    else extra.push(word);
  }
  return next === general.length && !extra.some((w) => ROLE_CHANGING_WORDS.has(w));
}

const hasDates = (a: AffiliationFacts): boolean => a.validFrom !== null || a.validTo !== null;

/** Whether the two periods share a day (open ends are open); an undated affiliation fits any period. */
function periodsCompatible(a: AffiliationFacts, b: AffiliationFacts): boolean {
  if (!hasDates(a) || !hasDates(b)) return true;
  const startsBeforeEnd = (x: AffiliationFacts, y: AffiliationFacts) =>
    x.validFrom === null || y.validTo === null || periodStart(x.validFrom) <= periodEnd(y.validTo);
  return startsBeforeEnd(a, b) && startsBeforeEnd(b, a);
}

/**
 * The more specific of two affiliations of one speaker at one organisation when they state
 * the same role ("analyst" and "senior analyst", or the same words twice), null when they are
 * two roles (a different word, a role-changing word such as "deputy", or periods that do not
 * meet: an analyst in 2010 who is a senior analyst in 2015 was promoted).
 */
function moreSpecific(a: AffiliationFacts, b: AffiliationFacts): { keep: AffiliationFacts; drop: AffiliationFacts } | null {
  if (a.organizationId !== b.organizationId || !periodsCompatible(a, b)) return null;
  const wordsA = foldName(a.role).split(' ');
  const wordsB = foldName(b.role).split(' ');
  if (wordsA.join(' ') === wordsB.join(' ')) return a.id <= b.id ? { keep: a, drop: b } : { keep: b, drop: a };
  if (refines(wordsA, wordsB)) return { keep: a, drop: b };
  if (refines(wordsB, wordsA)) return { keep: b, drop: a };
  return null;
}

const earlier = (x: string | null, y: string | null): string | null =>
  x === null ? y : y === null ? x : periodStart(x) <= periodStart(y) ? x : y;

/**
 * The merged values: the specific role; a period spanning both (earliest stated start, latest
 * end, an open end stays open, an undated affiliation adds no dates); the wording and source of
 * the one kept, else of the other.
 */
export function mergeAffiliationFacts(keep: AffiliationFacts, drop: AffiliationFacts): AffiliationMergePlan['merged'] {
  const dated = [keep, drop].filter(hasDates);
  const validTo =
    dated.length === 0 || dated.some((a) => a.validTo === null)
      ? null
      : (dated.map((a) => a.validTo as string).sort((x, y) => periodEnd(y).localeCompare(periodEnd(x)))[0] as string);
  return {
    role: keep.role,
    asStated: keep.asStated ?? drop.asStated,
    validFrom: dated.reduce<string | null>((from, a) => earlier(from, a.validFrom), null),
    validTo,
    sourceDocumentId: keep.sourceDocumentId ?? drop.sourceDocumentId,
  };
}

/** Whether two affiliations state one role (see `planAffiliationMerges`); the plan to merge them, or null. */
export function planAffiliationMerge(a: AffiliationFacts, b: AffiliationFacts): AffiliationMergePlan | null {
  const pair = moreSpecific(a, b);
  return pair === null ? null : { keepId: pair.keep.id, dropId: pair.drop.id, merged: mergeAffiliationFacts(pair.keep, pair.drop) };
}

/**
 * Every merge that leaves one speaker's affiliations without duplicates, in the order to apply
 * them (a later plan may keep a row an earlier one merged into).
 */
export function planAffiliationMerges(affiliations: readonly AffiliationFacts[]): AffiliationMergePlan[] {
  const current = new Map(affiliations.map((a) => [a.id, { ...a }]));
  const plans: AffiliationMergePlan[] = [];
  for (;;) {
    const rows = [...current.values()].sort((x, y) => x.id - y.id);
    let plan: AffiliationMergePlan | null = null;
    for (let i = 0; i < rows.length && plan === null; i++) {
      for (let j = i + 1; j < rows.length && plan === null; j++) plan = planAffiliationMerge(rows[i] as AffiliationFacts, rows[j] as AffiliationFacts);
    }
    if (plan === null) return plans;
    plans.push(plan);
    current.delete(plan.dropId);
    const kept = current.get(plan.keepId) as AffiliationFacts;
    current.set(plan.keepId, { ...kept, ...plan.merged });
  }
}
