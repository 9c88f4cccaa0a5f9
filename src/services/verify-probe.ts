import { sha256Hex } from '../domain/text.ts';
import type { ClaimProbe, SimilarityKey } from '../storage/ports/index.ts';
import type { Claim } from '../verification/compare.ts';
import { functionWordsBucket, functionWordsOf } from '../verification/function-words.ts';
import { minhashBuckets } from '../verification/minhash.ts';
import { SKELETON_BAND, skeletonBucket, skeletonOf } from '../verification/skeleton.ts';
import { skeletonVariantBuckets } from '../verification/skeleton-variants.ts';
import { THRESHOLDS } from '../verification/thresholds.ts';

/**
 * What storage is told of a claim to find its candidates (ClaimProbe): the
 * hash of its normalised text and its similarity fingerprint, keys made the
 * way the write path makes every stored quote's (src/verification/minhash.ts).
 */

/** A claim too short, or with too few function words, for its shape to mean anything has none. */
function shapeUsable(claim: Claim): boolean {
  const skeleton = skeletonOf(claim.text);
  return skeleton.words >= THRESHOLDS.minLooseWords && skeleton.functionWords >= THRESHOLDS.skeletonFunctionWords;
}

/**
 * The claim's shape with words added or removed, cheapest and most specific first: its function words alone (only
 * with `functionWordsMin` of them, fewer are shared by too many quotes), then skeletons one, then two, token edits
 * from its own.
 */
function alteredShapes(claim: Claim): SimilarityKey[][] {
  const functionWords = functionWordsOf(claim.text);
  return [
    ...(functionWords.count >= THRESHOLDS.functionWordsMin ? [[functionWordsBucket(claim.text)]] : []),
    ...skeletonVariantBuckets(claim.text, THRESHOLDS.skeletonVariantDepth, THRESHOLDS.skeletonVariantProbes).map((buckets) =>
      buckets.map((bucket) => ({ band: SKELETON_BAND, bucket })),
    ),
  ];
}

export function claimProbe(claim: Claim): ClaimProbe {
  const usable = shapeUsable(claim);
  let altered: SimilarityKey[][] | null = null;
  return {
    normalizedHash: sha256Hex(claim.normalized),
    fingerprint: {
      wording: minhashBuckets(claim.text),
      shape: usable ? skeletonBucket(claim.text) : null,
      // Made on first use: hundreds of keys, and most claims are settled by the tiers before it.
      get alteredShapes() {
        altered ??= usable ? alteredShapes(claim) : [];
        return altered;
      },
    },
  };
}

