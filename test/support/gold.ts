import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SEED_DIRECTORY } from '../../src/bootstrap.ts';

export interface GoldAttribution {
  kind: 'direct' | 'partial' | 'indirect';
  text: string;
  start: number;
  end: number;
  speaker: string;
  optional?: boolean;
  saidOn?: string;
  venue?: string;
  relayedBy?: string;
  about?: string;
}

export const ARTICLE_FILE = path.join(SEED_DIRECTORY, 'seoul-2025-05-08-victory-day.txt');
export const article = readFileSync(ARTICLE_FILE, 'utf8');
export const gold = JSON.parse(readFileSync(path.join(SEED_DIRECTORY, 'seoul-2025-05-08-victory-day.gold.json'), 'utf8')) as {
  attributions: GoldAttribution[];
};

/** The rarest run of `n` words of a quote: a phrase a journalist could search it by. */
export function distinctivePhrase(text: string, n = 4): string {
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const start = Math.max(0, Math.floor(words.length / 2) - Math.floor(n / 2));
  return words.slice(start, start + n).join(' ');
}
