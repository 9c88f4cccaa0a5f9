import type { Affiliation } from './models.ts';
import { isWithin, periodStart } from './partial-date.ts';

/**
 * The affiliation(s) a speaker held on a date: those whose (possibly partial,
 * possibly open) period contains it, most recently started first. Without a
 * date, the ones with no end date.
 */
export function affiliationsAt(affiliations: readonly Affiliation[], date: string | null): Affiliation[] {
  const matching = affiliations.filter((a) =>
    date === null ? a.validTo === null : isWithin(date, a.validFrom, a.validTo),
  );
  return matching.sort((x, y) => periodStart(y.validFrom ?? '0000').localeCompare(periodStart(x.validFrom ?? '0000')));
}
