import { setImmediate as nextTurn } from 'node:timers/promises';
import { LSH_VERSION, lshBuckets, type LshBucket } from '../../verification/minhash.ts';
import { column, rows, value, type Connections, type Queryable } from './connection.ts';

/** Quotes one reconciliation step indexes: a short transaction, so writes meanwhile never wait long. */
const RECONCILE_BATCH = 2_000;

/**
 * Quotes whose keys are computed in one turn of the event loop: a quote's keys cost ~0.08 ms on the serving
 * thread, so the ~5,800 quotes of the longest article took ~450 ms in one go, and every request waited.
 */
const KEYS_PER_TURN = 200;

/**
 * Backlog rows one move takes into the GIN index: one statement, so thousands of quotes share its
 * planning, its round trip and its commit, and the GIN index's pending list takes them in one go.
 */
const MOVE_BATCH = 5_000;

/** How long the backlog gathers after an ingest before the move starts: fewer, larger moves. */
const MOVE_AFTER_MS = 200;

/** A quote to index: its id and normalised text. */
export interface LshQuote {
  id: number;
  normalizedText: string;
}

/** A similarity key as one number: band × 2³² + the bucket read unsigned (exact in a double and a bigint). */
export const lshKey = ({ band, bucket }: LshBucket): number => band * 2 ** 32 + (bucket >>> 0);

/** Each quote's keys as a '{…}' bigint[] literal (an array of arrays of different lengths does not bind), a few hundred quotes a turn. */
async function keyLiterals(quotes: readonly LshQuote[]): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < quotes.length; i += KEYS_PER_TURN) {
    if (i > 0) await nextTurn();
    for (const q of quotes.slice(i, i + KEYS_PER_TURN)) keys.push(`{${lshBuckets(q.normalizedText).map(lshKey).join(',')}}`);
  }
  return keys;
}

/**
 * The verify index: each quote's similarity keys in one row, read as the view
 * `quote_lsh` over two tables (migration 20261206040000):
 * - an ingest writes its new quotes' keys into `quote_lsh_backlog`, in its own
 *   transaction (no GIN index there: a heap row and an ascending primary key);
 * - a background step moves the backlog into `quote_lsh_indexed` (GIN) in
 *   batches, after the ingests' callers heard back: `scheduleMove`.
 * A lookup reads both, so it sees every committed quote; a crash loses
 * nothing (the backlog is a table; each process moves it after starting).
 * Other writes (cited quotes, single attributions, reconcile) index their
 * quotes directly with `add`.
 */
export class LshIndex {
  private moveTimer: NodeJS.Timeout | null = null;
  private moving: Promise<void> | null = null;
  private followingMove: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly connections: Connections) {}

  /** Indexes quotes now, straight into the GIN table (after their commit; one deleted since gets no keys). */
  async add(quotes: readonly LshQuote[], db: Queryable = this.connections.write): Promise<number> {
    if (quotes.length === 0) return 0;
    const keys = await keyLiterals(quotes);
    await rows(
      db,
      `INSERT INTO quote_lsh_indexed (quote_id, version, keys)
       SELECT k.id, $3, k.keys::bigint[] FROM unnest($1::int[], $2::text[]) AS k(id, keys)
       WHERE EXISTS (SELECT 1 FROM quote q WHERE q.id = k.id)
       ON CONFLICT (quote_id) DO UPDATE SET version = EXCLUDED.version, keys = EXCLUDED.keys`,
      [quotes.map((q) => q.id), keys, LSH_VERSION],
    );
    return quotes.length;
  }

  /** Writes new quotes' keys into the backlog, in the caller's transaction (the one that creates the quotes). */
  async queue(db: Queryable, quotes: readonly LshQuote[]): Promise<void> {
    if (quotes.length === 0) return;
    const keys = await keyLiterals(quotes);
    await rows(
      db,
      `INSERT INTO quote_lsh_backlog (quote_id, version, keys)
       SELECT k.id, $3, k.keys::bigint[] FROM unnest($1::int[], $2::text[]) AS k(id, keys)`,
      [quotes.map((q) => q.id), keys, LSH_VERSION],
    );
  }

  /** Moves the backlog into the GIN index soon (a move already waiting or running takes this one's rows too). */
  scheduleMove(): void {
    if (this.stopped || this.moveTimer !== null) return;
    this.moveTimer = setTimeout(() => {
      this.moveTimer = null;
      void this.moveBacklog();
    }, MOVE_AFTER_MS);
    this.moveTimer.unref();
  }

  /**
   * Moves the whole backlog into the GIN index, a batch a statement, oldest quotes first; resolves when the
   * backlog is empty (or another process holds the rest). Several processes share the work: a batch skips
   * rows another is moving. A failed move leaves its rows in the backlog, where lookups still find them.
   */
  moveBacklog(): Promise<void> {
    // A move already running may have read its last batch before this caller's rows were committed: one more
    // move follows it (shared by every caller meanwhile), so no committed row waits for the next ingest.
    if (this.moving !== null) {
      this.followingMove ??= this.moving.then(() => {
        this.followingMove = null;
        return this.stopped ? undefined : this.moveBacklog();
      });
      return this.followingMove;
    }
    this.moving = (async () => {
      try {
        for (;;) {
          const moved = await value<number>(
            this.connections.write,
            `WITH batch AS (
               DELETE FROM quote_lsh_backlog WHERE quote_id IN (SELECT quote_id FROM quote_lsh_backlog ORDER BY quote_id LIMIT $1 FOR UPDATE SKIP LOCKED)
               RETURNING quote_id, version, keys
             ), moved AS (
               INSERT INTO quote_lsh_indexed (quote_id, version, keys) SELECT quote_id, version, keys FROM batch ORDER BY quote_id
               ON CONFLICT (quote_id) DO UPDATE SET version = EXCLUDED.version, keys = EXCLUDED.keys
               RETURNING 1
             )
             SELECT count(*)::int FROM moved`,
            [MOVE_BATCH],
          );
          if (this.stopped || (moved ?? 0) < MOVE_BATCH) break;
        }
      } catch {
        // The rows stay in the backlog (read by every lookup); the next ingest or start moves them.
      } finally {
        this.moving = null;
      }
    })();
    return this.moving;
  }

  /** Stops scheduling moves and waits for the one running: the backlog left is kept for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.moveTimer !== null) clearTimeout(this.moveTimer);
    this.moveTimer = null;
    await this.moving;
    await this.followingMove;
  }

  /** Removes the keys of these quotes (in the caller's transaction), wherever they are. */
  async remove(db: Queryable, quoteIds: readonly number[]): Promise<void> {
    // The backlog first: a move holding these rows is waited for, and the next statement sees where it put them.
    await rows(db, 'DELETE FROM quote_lsh_backlog WHERE quote_id = ANY($1::int[])', [quoteIds]);
    await rows(db, 'DELETE FROM quote_lsh_indexed WHERE quote_id = ANY($1::int[])', [quoteIds]);
  }

  /**
   * Moves the backlog, indexes the quotes the index lacks (or holds from another LSH_VERSION), removes the
   * keys of quotes gone.
   */
  async reconcile(): Promise<{ indexed: number; removed: number; complete: boolean }> {
    let indexed = 0;
    let removed = 0;
    try {
      await this.moveBacklog();
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
