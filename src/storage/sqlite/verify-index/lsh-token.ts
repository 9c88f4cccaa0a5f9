import { lshBuckets, type LshBucket } from '../../../verification/minhash.ts';

/**
 * How an LSH bucket is stored in the `quote_lsh` FTS5 index: one token per
 * (band, bucket), e.g. "b3x4021870123". The bucket is written unsigned, so the
 * token is letters and digits only and the default tokenizer keeps it whole
 * ("-" would split it). The migration that created the index holds a frozen
 * SQL copy of this format (prisma/migrations/*_lsh_fts): change both, or bump
 * LSH_VERSION so every quote is re-indexed.
 */
export function lshToken({ band, bucket }: LshBucket): string {
  return `b${band}x${bucket >>> 0}`;
}

/**
 * `bucket >>> 0` in decimal, as String() writes it, printed in two parts below 2^30 when it is not:
 * V8 prints small integers several times faster than larger numbers, and every quote indexed prints 14.
 */
function unsignedDecimal(bucket: number): string {
  const value = bucket >>> 0;
  if (value < 0x40000000) return String(value);
  const high = Math.floor(value / 100_000);
  return `${high}${String(value - high * 100_000).padStart(5, '0')}`;
}

/** The indexed text of one quote: its bucket tokens (lshToken), space-separated. */
export function lshDocument(buckets: readonly LshBucket[]): string {
  let text = '';
  for (let i = 0; i < buckets.length; i++) {
    const { band, bucket } = buckets[i] as LshBucket;
    text += `${i === 0 ? '' : ' '}b${band}x${unsignedDecimal(bucket)}`;
  }
  return text;
}

/** What a quote is indexed with in `quote_lsh`: the tokens of its LSH buckets. */
export function lshIndexDocument(normalizedText: string): string {
  return lshDocument(lshBuckets(normalizedText));
}

/** A token as an FTS5 MATCH expression: a quoted string, so it is only ever a literal term. */
export function lshMatch(bucket: LshBucket): string {
  return `"${lshToken(bucket)}"`;
}
