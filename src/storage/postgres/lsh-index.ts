import { setImmediate as nextTurn } from 'node:timers/promises';
import { LSH_VERSION, lshBuckets, type LshBucket } from '../../verification/minhash.ts';
import { column, rows, type Connections, type Queryable } from './connection.ts';

/** Quotes one reconciliation step indexes: a short transaction, so writes meanwhile never wait long. */
const RECONCILE_BATCH = 2_000;

/**
 * Quotes whose keys are computed in one turn of the event loop: a quote's keys cost ~0.08 ms on the serving
 * thread, so the ~5,800 quotes of the longest article took ~450 ms in one go, and every request waited.
 */
const KEYS_PER_TURN = 200;

/** A quote to index: its id and normalised text. */
export interface LshQuote {
  id: number;
  normalizedText: string;
}

/** A similarity key as one number: band × 2³² + the bucket read unsigned (exact in a double and a bigint). */
export const lshKey = ({ band, bucket }: LshBucket): number => band * 2 ** 32 + (bucket >>> 0);

/**
 * The verify index (quote_lsh): each quote's similarity keys in one row,
 * written right after the quote's commit, in one statement for a whole
 * group of quotes, so the ingest transaction does not carry them. A crash
 * between the two leaves quotes out: reconcile() adds them.
 */
export class LshIndex {
  constructor(private readonly connections: Connections) {}

  async add(quotes: readonly LshQuote[], db: Queryable = this.connections.write): Promise<number> {
    if (quotes.length === 0) return 0;
    // Keys as text: an array of arrays of bigints of different lengths does not bind; a '{…}' literal per quote does.
    const keys: string[] = [];
    for (let i = 0; i < quotes.length; i += KEYS_PER_TURN) {
      if (i > 0) await nextTurn();
      for (const q of quotes.slice(i, i + KEYS_PER_TURN)) keys.push(`{${lshBuckets(q.normalizedText).map(lshKey).join(',')}}`);
    }
    // Only quotes still stored: one deleted since its commit gets no keys.
    await rows(
      db,
      `INSERT INTO quote_lsh (quote_id, version, keys)
       SELECT k.id, $3, k.keys::bigint[] FROM unnest($1::int[], $2::text[]) AS k(id, keys)
       WHERE EXISTS (SELECT 1 FROM quote q WHERE q.id = k.id)
       ON CONFLICT (quote_id) DO UPDATE SET version = EXCLUDED.version, keys = EXCLUDED.keys`,
      [quotes.map((q) => q.id), keys, LSH_VERSION],
    );
    return quotes.length;
  }

  /** Removes the keys of these quotes (in the caller's transaction). */
  async remove(db: Queryable, quoteIds: readonly number[]): Promise<void> {
    await rows(db, 'DELETE FROM quote_lsh WHERE quote_id = ANY($1::int[])', [quoteIds]);
  }

  /** Indexes the quotes the index lacks (or holds from another LSH_VERSION), removes the keys of quotes gone. */
  async reconcile(): Promise<{ indexed: number; removed: number; complete: boolean }> {
    let indexed = 0;
    let removed = 0;
    try {
      const gone = await column<number>(this.connections.write, 'SELECT l.quote_id FROM quote_lsh l WHERE NOT EXISTS (SELECT 1 FROM quote q WHERE q.id = l.quote_id)');
      if (gone.length > 0) {
        await this.connections.transaction((ctx) => this.remove(ctx.client, gone));
        removed = gone.length;
      }
      for (;;) {
        const batch = await rows<{ id: number; normalized_text: string }>(
          this.connections.write,
          `SELECT q.id, q.normalized_text FROM quote q LEFT JOIN quote_lsh l ON l.quote_id = q.id
           WHERE l.quote_id IS NULL OR l.version <> $1 ORDER BY q.id LIMIT ${RECONCILE_BATCH}`,
          [LSH_VERSION],
        );
        if (batch.length === 0) break;
        await this.add(batch.map((b) => ({ id: b.id, normalizedText: b.normalized_text })));
        indexed += batch.length;
      }
      return { indexed, removed, complete: true };
    } catch {
      return { indexed, removed, complete: false };
    }
  }
}
