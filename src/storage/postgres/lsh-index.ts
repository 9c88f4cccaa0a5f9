import { LSH_VERSION, lshBuckets } from '../../verification/minhash.ts';
import { column, rows, type Connections, type Queryable } from './connection.ts';

/** Quotes one reconciliation step indexes: a short transaction, so writes meanwhile never wait long. */
const RECONCILE_BATCH = 2_000;

/** A quote to index: its id and normalised text. */
export interface LshQuote {
  id: number;
  normalizedText: string;
}

/**
 * The verify index (quote_lsh): each quote's similarity keys, written right
 * after the quote's commit, in one statement for a whole group of quotes, so
 * the ingest transaction does not carry its 14 random-key rows per quote
 * (6.3–7.6k quotes/s with them in the transaction, 20.9k/s without, at 1M).
 * A crash between the two leaves quotes out: quote_lsh_indexed lists the
 * quotes indexed, and reconcile() adds the others.
 */
export class LshIndex {
  constructor(private readonly connections: Connections) {}

  async add(quotes: readonly LshQuote[], db: Queryable = this.connections.write): Promise<number> {
    if (quotes.length === 0) return 0;
    const ids: number[] = [];
    const bands: number[] = [];
    const buckets: number[] = [];
    for (const q of quotes) {
      for (const b of lshBuckets(q.normalizedText)) {
        ids.push(q.id);
        bands.push(b.band);
        buckets.push(b.bucket | 0);
      }
    }
    // Only quotes still stored: one deleted since its commit gets no keys.
    await rows(
      db,
      `WITH keys AS (
         INSERT INTO quote_lsh (band, bucket, quote_id)
         SELECT k.band, k.bucket, k.quote_id FROM unnest($1::smallint[], $2::int[], $3::int[]) AS k(band, bucket, quote_id)
         WHERE EXISTS (SELECT 1 FROM quote q WHERE q.id = k.quote_id)
         ON CONFLICT DO NOTHING)
       INSERT INTO quote_lsh_indexed (quote_id, version)
       SELECT id, $5 FROM unnest($4::int[]) AS i(id) WHERE EXISTS (SELECT 1 FROM quote q WHERE q.id = i.id)
       ON CONFLICT (quote_id) DO UPDATE SET version = EXCLUDED.version`,
      [bands, buckets, ids, quotes.map((q) => q.id), LSH_VERSION],
    );
    return quotes.length;
  }

  /** Removes the keys of these quotes (in the caller's transaction). */
  async remove(db: Queryable, quoteIds: readonly number[]): Promise<void> {
    await rows(db, 'DELETE FROM quote_lsh WHERE quote_id = ANY($1::int[])', [quoteIds]);
    await rows(db, 'DELETE FROM quote_lsh_indexed WHERE quote_id = ANY($1::int[])', [quoteIds]);
  }

  /** Indexes the quotes the index lacks (or holds from another LSH_VERSION), removes the keys of quotes gone. */
  async reconcile(): Promise<{ indexed: number; removed: number; complete: boolean }> {
    let indexed = 0;
    let removed = 0;
    try {
      const gone = await column<number>(
        this.connections.write,
        'SELECT i.quote_id FROM quote_lsh_indexed i WHERE NOT EXISTS (SELECT 1 FROM quote q WHERE q.id = i.quote_id)',
      );
      if (gone.length > 0) {
        await this.connections.transaction((ctx) => this.remove(ctx.client, gone));
        removed = gone.length;
      }
      for (;;) {
        const batch = await rows<{ id: number; normalized_text: string }>(
          this.connections.write,
          `SELECT q.id, q.normalized_text FROM quote q LEFT JOIN quote_lsh_indexed i ON i.quote_id = q.id
           WHERE i.quote_id IS NULL OR i.version <> $1 ORDER BY q.id LIMIT ${RECONCILE_BATCH}`,
          [LSH_VERSION],
        );
        if (batch.length === 0) break;
        await this.connections.transaction(async (ctx) => {
          await rows(ctx.client, 'DELETE FROM quote_lsh WHERE quote_id = ANY($1::int[])', [batch.map((b) => b.id)]);
          await this.add(batch.map((b) => ({ id: b.id, normalizedText: b.normalized_text })), ctx.client);
        });
        indexed += batch.length;
      }
      return { indexed, removed, complete: true };
    } catch {
      return { indexed, removed, complete: false };
    }
  }
}
