/**
 * Newest-first pages read in slices of rowids (docs/decisions/0030).
 *
 * A page in the `recent` order is the newest matches: FTS5 walks its words'
 * lists from the highest rowid down and stops at the page's last row. What
 * that walk costs depends on how often the words meet, which the words'
 * counts do not tell ("security minister" meets every ~800 quotes; two
 * common words that never meet are walked to the end), so the planner sends
 * such a page to the reader thread. Walked over a slice of rowids instead, a
 * list yields at most one entry per rowid of the slice, and at most its count:
 * a slice's cost has a bound that holds whatever the words' correlation, and
 * the serving thread can read slices, newest first, while their bounds fit
 * in its budget. The page is exact either way: the newest matches of the
 * slices read, then those below the last slice (read on the reader thread
 * when the slices did not fill the page).
 */

/**
 * Walking one entry of a word's or tag's list without ranking it (µs): the
 * bound of a slice. Measured 25–55 ns on the machine of docs/decisions/0022
 * at load average 15 (AND, NOT, OR and phrases of common words); twice that
 * here.
 */
export const US_PER_WALKED_ENTRY = 0.1;

/** Kept for each slice's own fixed cost (a statement, the lookup of each of its words): µs. */
export const US_PER_SLICE = 60;

/** Slices narrower than this many rowids are not worth their fixed cost. */
export const MIN_SLICE = 64;

/** Slices read at most per page. */
export const MAX_SLICES = 8;

/**
 * The widest slice of rowids whose walk stays within `budgetUs`: each list
 * holds at most min(its count, the slice's width) entries in it. `counts`:
 * the lists walked (one per word, tag and excluded status; Infinity for one
 * not counted exactly). Infinity when every list fits whole; 0 when no slice
 * is worth reading.
 */
export function sliceWithin(budgetUs: number, counts: readonly number[]): number {
  const entries = Math.floor((budgetUs - US_PER_SLICE) / US_PER_WALKED_ENTRY);
  if (entries <= 0) return 0;
  const sorted = counts.filter((c) => c > 0).sort((a, b) => a - b);
  let small = 0;
  for (let i = 0; i < sorted.length; i++) {
    // Lists from i on are taken as longer than the slice: each costs the slice's width.
    const width = Math.floor((entries - small) / (sorted.length - i));
    if (width <= (sorted[i] as number)) return width >= MIN_SLICE ? width : 0;
    small += sorted[i] as number;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * About how many matches a slice of `width` rowids holds, the words, tags and
 * statuses taken as independent: `required` the share of quotes each required
 * group matches, `excluded` the share each excluded word or status does. Only
 * decides whether slices are worth trying (each costs a statement and a lookup
 * per word): a page whose matches are sparser than one slice can hold goes to
 * the reader thread at once, as before ("security minister" at 1M quotes:
 * 21 matches in ~17,000 rowids).
 */
export function expectedIn(width: number, required: readonly number[], excluded: readonly number[]): number {
  let share = 1;
  for (const r of required) share *= Math.min(1, r);
  for (const e of excluded) share *= 1 - Math.min(1, e);
  return width * share;
}

/**
 * The newest `@limit` matches with rowids in (@floor, @ceiling], ids only.
 * The bounds are cast to integers: better-sqlite3 binds numbers as REAL, and
 * FTS5 uses a rowid bound to seek only when it is an INTEGER (a REAL one is
 * checked on every row walked instead).
 */
export const SLICE_SQL = `SELECT rowid FROM quote_fts WHERE quote_fts MATCH @match
  AND rowid <= CAST(@ceiling AS INTEGER) AND rowid > CAST(@floor AS INTEGER) ORDER BY rowid DESC LIMIT @limit`;
