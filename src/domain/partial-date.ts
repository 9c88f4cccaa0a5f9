/**
 * Partial ISO dates: "2015", "2015-05" or "2015-05-08". Sources often state only
 * a year ("in 2015"), and a year is enough for an affiliation.
 */
export const PARTIAL_DATE_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
export const FULL_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A real calendar date (rejects 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!FULL_DATE_PATTERN.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** First day a partial date can mean: "2015" → "2015-01-01". */
export function periodStart(partial: string): string {
  return (partial + '-01-01').slice(0, 10);
}

/** Last day a partial date can mean: "2015" → "2015-12-31", "2024-02" → "2024-02-29". */
export function periodEnd(partial: string): string {
  if (partial.length === 10) return partial;
  if (partial.length === 4) return `${partial}-12-31`;
  const [y, m] = partial.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${partial}-${String(lastDay).padStart(2, '0')}`;
}

/** Whether a full date falls inside [from, to], either end open (null) and possibly partial. */
export function isWithin(date: string, from: string | null, to: string | null): boolean {
  if (from !== null && date < periodStart(from)) return false;
  if (to !== null && date > periodEnd(to)) return false;
  return true;
}
