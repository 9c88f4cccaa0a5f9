import type { QuoteLink, QuoteRecord } from '../domain/models.ts';
import { normalizeQuoteText } from '../domain/text.ts';
import type { Repositories } from '../storage/ports/index.ts';
import { displayDiff, type DiffOp } from '../verification/meaning.ts';
import { tokenize } from '../verification/tokens.ts';
import { distanceInTurns } from './edit-distance.ts';
import { yieldIfLong } from '../turns.ts';

/** Two quotes of one speaker whose normalised texts are at least this similar (characters) are variants of one statement. */
const VARIANT_SIMILARITY = 0.9;

/** How many of the speaker's quotes (most recent first) a new quote is compared with. */
const COMPARED = 1000;

/** A speaker's stored quotes (up to COMPARED, newest first) with their normalised texts. */
type StoredQuotes = { id: number; normalized: string }[];

/** Quotes whose texts are read per statement. */
const TEXTS_PER_READ = 100;

/**
 * The stored quotes of each speaker, read and normalised once per write: an
 * article of thousands of quotes by a few speakers compared each with the same
 * 1,000 stored quotes, normalising all of them every time. Read a hundred at a
 * time and normalised one at a time, letting the event loop run every TURN_MS.
 */
export class StoredQuotesOf {
  private readonly bySpeaker = new Map<number, Promise<StoredQuotes>>();

  constructor(private readonly repos: Repositories) {}

  get(speakerId: number): Promise<StoredQuotes> {
    let quotes = this.bySpeaker.get(speakerId);
    if (quotes === undefined) {
      quotes = this.read(speakerId);
      this.bySpeaker.set(speakerId, quotes);
    }
    return quotes;
  }

  private async read(speakerId: number): Promise<StoredQuotes> {
    const ids = await this.repos.quotes.standingIdsBySpeaker(speakerId, COMPARED);
    const quotes: StoredQuotes = [];
    for (let i = 0; i < ids.length; i += TEXTS_PER_READ) {
      await yieldIfLong();
      const slice = ids.slice(i, i + TEXTS_PER_READ);
      const texts = await this.repos.quotes.texts(slice);
      for (const id of slice) {
        const text = texts.get(id);
        if (text === undefined) continue;
        await yieldIfLong();
        quotes.push({ id, normalized: normalizeQuoteText(text) });
      }
    }
    return quotes;
  }
}

/**
 * A stored quote of the speaker whose words are nearly, but not exactly,
 * these: the quote a new one is a variant of (storage links it to that
 * quote's root). Undefined when none is that close. Long texts are compared
 * in turns of the event loop (two of 20,000 characters take 100–230 ms).
 */
export async function resembledQuote(stored: StoredQuotesOf, speakerId: number, normalized: string): Promise<number | undefined> {
  for (const q of await stored.get(speakerId)) {
    const other = q.normalized;
    const longest = Math.max(other.length, normalized.length);
    if (other === normalized || longest === 0 || Math.min(other.length, normalized.length) / longest < VARIANT_SIMILARITY) continue;
    await yieldIfLong();
    if (1 - (await distanceInTurns(other, normalized)) / longest >= VARIANT_SIMILARITY) return q.id;
  }
  return undefined;
}

/** A variant link with the word diff between the two quotes' words. */
export interface VariantLink extends QuoteLink {
  diff: DiffOp[] | null;
}

/** A variant link with the word diff between the two wordings (the diff verify shows). */
const link = (to: QuoteLink, from: string, towards: string): VariantLink => ({ ...to, diff: displayDiff(tokenize(from), tokenize(towards)) });

/**
 * The quote's variant links with their word diffs, computed on read: for a
 * variant, from the root's words to its own; for a root, from its words to
 * each variant's.
 */
export async function variantLinksOf(repos: Repositories, quote: Pick<QuoteRecord, 'id' | 'text'>): Promise<{ variantOf: VariantLink | null; variants: VariantLink[] }> {
  const links = await repos.quotes.variantLinks(quote.id);
  return {
    variantOf: links.variantOf === null ? null : link(links.variantOf, links.variantOf.text, quote.text),
    variants: links.variants.map((v) => link(v, quote.text, v.text)),
  };
}
