import type BetterSqlite3 from 'better-sqlite3';
import { LSH_INDEX_BANDS, type LshBucket } from '../../src/verification/minhash.ts';

/**
 * The verification LSH index ("QuoteLshBucket", one row per quote and band: 12 MinHash bands and the skeleton band)
 * for a bulk load. Rows are collected per band during the load and inserted
 * at the end in primary-key order (band, bucket, quoteId): appending sorted
 * keys to the WITHOUT ROWID B-tree is far cheaper than inserting each quote's
 * rows at random places as it arrives (BENCHMARKS.md, "Corpus and bulk load").
 *
 * A key packs bucket * 2^21 + quoteId into a float64 (exact while ids stay
 * below 2^21), so one typed-array sort per band orders the rows.
 */
const ID_SPACE = 2 ** 21;
/** Rows per INSERT: one statement step for many rows cuts the per-call cost of the driver. */
const ROWS_PER_STATEMENT = 200;

export class LshRows {
  private readonly bands: Float64Array[];
  private readonly fill = new Int32Array(LSH_INDEX_BANDS);

  constructor(capacity: number) {
    if (capacity >= ID_SPACE) throw new Error(`The corpus generator supports fewer than ${ID_SPACE} quotes.`);
    this.bands = Array.from({ length: LSH_INDEX_BANDS }, () => new Float64Array(capacity));
  }

  add(quoteId: number, buckets: readonly LshBucket[]): void {
    for (const b of buckets) (this.bands[b.band] as Float64Array)[(this.fill[b.band] as number)++] = b.bucket * ID_SPACE + quoteId;
  }

  /** Inserts every row, sorted, in one transaction. */
  insert(db: BetterSqlite3.Database): void {
    const statement = (rows: number) =>
      db.prepare(`INSERT INTO QuoteLshBucket (band, bucket, quoteId) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}`);
    const full = statement(ROWS_PER_STATEMENT);
    const params: number[] = [];
    db.transaction(() => {
      this.bands.forEach((keys, band) => {
        for (const key of keys.subarray(0, this.fill[band]).sort()) {
          // Buckets are signed 32-bit: floor, not truncation, recovers them.
          const bucket = Math.floor(key / ID_SPACE);
          params.push(band, bucket, key - bucket * ID_SPACE);
          if (params.length === ROWS_PER_STATEMENT * 3) {
            full.run(params);
            params.length = 0;
          }
        }
      });
      if (params.length > 0) statement(params.length / 3).run(params);
    })();
  }
}
