import { statusOnArrival } from '../../../domain/status.ts';
import type { NewCitedQuote, SavedCitedQuote } from '../../ports/index.ts';
import { rows, value, type WriteContext } from '../connection.ts';
import { searchText } from './attribution-writes.ts';
import { audit } from './audit.ts';
import { syncQuotes } from './search-sync.ts';

/**
 * Stores quotes known only from citations inside the caller's transaction: a quote whose speaker's same
 * words are stored gains the citations it lacks. The source's most confident citation decides the status,
 * as an attribution's confidence does. New quotes are filed (said on, else the earliest day seen cited)
 * and tagged at the end, in one statement; citations change neither for a stored quote.
 */
export async function saveCitedQuotes(ctx: WriteContext, quotes: readonly NewCitedQuote[], reviewBelow: number): Promise<SavedCitedQuote[]> {
  const db = ctx.client;
  const saved: SavedCitedQuote[] = [];
  for (const q of quotes) {
    const status = statusOnArrival(Math.max(...q.citations.map((c) => c.confidence)), reviewBelow);
    const inserted = await value<number>(
      db,
      `INSERT INTO quote (speaker_id, about_speaker_id, text, normalized_text, normalized_hash, kind, said_on, venue, filed_on, search_tags, search_text, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, '{}', $9, $10, $11, $11)
       ON CONFLICT (normalized_hash, speaker_id) DO NOTHING RETURNING id`,
      [q.speakerId, q.aboutSpeakerId, q.text, q.normalizedText, q.normalizedHash, q.kind, q.saidOn, q.venue, searchText(q.text), status, ctx.now],
    );
    const quoteId = inserted ?? ((await value<number>(db, 'SELECT id FROM quote WHERE normalized_hash = $1 AND speaker_id = $2', [q.normalizedHash, q.speakerId])) as number);
    if (inserted !== null) await audit(ctx, 'create', 'Quote', quoteId);
    const added = await rows(
      db,
      `INSERT INTO citation (quote_id, url, seen_on, confidence, source, source_quote_id, created_at)
       SELECT $1, c.url, c.seen_on, c.confidence, c.source, c.source_quote_id, $7
       FROM unnest($2::text[], $3::text[], $4::float8[], $5::text[], $6::text[]) AS c(url, seen_on, confidence, source, source_quote_id)
       ON CONFLICT (quote_id, url) DO NOTHING RETURNING id`,
      [
        quoteId,
        q.citations.map((c) => c.url),
        q.citations.map((c) => c.seenOn),
        q.citations.map((c) => c.confidence),
        q.citations.map((c) => c.source),
        q.citations.map((c) => c.sourceQuoteId),
        ctx.now,
      ],
    );
    saved.push({ quoteId, quoteCreated: inserted !== null, citationsCreated: added.length });
  }
  await syncQuotes(db, saved.filter((s) => s.quoteCreated).map((s) => s.quoteId));
  return saved;
}
