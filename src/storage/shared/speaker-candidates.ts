import { distance } from 'fastest-levenshtein';
import type { SpeakerRow } from './rows.ts';

/**
 * How a name typed by a user ranks the speakers it may mean, on every backend: each backend finds names
 * that hold the text (exact 1, a name starting with it 0.8, a word starting with it 0.6) and spellings close
 * to it (up to FUZZY_POOL from its trigram index); these rules score and rank them.
 */

/** A name (alias) of a speaker that matches the text, and how well. */
export interface AliasMatch {
  speakerId: number;
  alias: string;
  score: number;
}

/** Spellings close to the text read from a trigram index, at most. */
export const FUZZY_POOL = 50;

const FUZZY_MIN_SCORE = 0.6;

/**
 * Close spellings ("yuri ushakov" ~ "yury ushakov") scored by edit distance: 1 − distance / length of the
 * longer, kept from 0.6 (1 is an exact match, which the literal matches hold).
 */
export function closeSpellings(folded: string, found: readonly { speakerId: number; alias: string; normalized: string }[]): AliasMatch[] {
  return found
    .map((r) => ({
      speakerId: r.speakerId,
      alias: r.alias,
      score: Math.round((1 - distance(folded, r.normalized) / Math.max(folded.length, r.normalized.length)) * 1000) / 1000,
    }))
    .filter((m) => m.score >= FUZZY_MIN_SCORE && m.score < 1);
}

/** Each speaker's best-matching name. */
export function bestNames(matches: Iterable<AliasMatch>): Map<number, { alias: string; score: number }> {
  const best = new Map<number, { alias: string; score: number }>();
  for (const m of matches) {
    const seen = best.get(m.speakerId);
    if (seen === undefined || m.score > seen.score) best.set(m.speakerId, { alias: m.alias, score: m.score });
  }
  return best;
}

/** The `limit` best speakers: by score, then the more quoted, then by name. */
export function rankCandidates<R extends SpeakerRow & { quoteCount: number }>(
  best: ReadonlyMap<number, { alias: string; score: number }>,
  speakers: readonly R[],
  limit: number,
): { row: R; alias: string; score: number }[] {
  return speakers
    .map((row) => ({ row, ...(best.get(row.id) as { alias: string; score: number }) }))
    .sort((a, b) => b.score - a.score || b.row.quoteCount - a.row.quoteCount || a.row.name.localeCompare(b.row.name))
    .slice(0, limit);
}
