import { sha256Hex } from '../domain/text.ts';
import type { AlteredShape, ClaimProbe } from '../storage/ports/index.ts';
import type { Claim } from '../verification/compare.ts';
import { functionWordsBucket, functionWordsOf } from '../verification/function-words.ts';
import { minhashBuckets } from '../verification/minhash.ts';
import { SKELETON_BAND, skeletonBucket, skeletonOf } from '../verification/skeleton.ts';
import { byDistance, skeletonVariants, type SkeletonVariant } from '../verification/skeleton-variants.ts';
import { THRESHOLDS } from '../verification/thresholds.ts';
import { yieldIfLong } from '../turns.ts';

/**
 * What storage is told of a claim to find its candidates (ClaimProbe, AlteredShape): the hash of its
 * normalised text and its similarity fingerprint, keys made the way the write path makes every stored
 * quote's (src/verification/minhash.ts).
 */

/** A claim too short, or with too few function words, for its shape to mean anything has none. */
function shapeUsable(claim: Claim): boolean {
  const skeleton = skeletonOf(claim.text);
  return skeleton.words >= THRESHOLDS.minLooseWords && skeleton.functionWords >= THRESHOLDS.skeletonFunctionWords;
}

/** The claim's hash alone: all the exact tier needs, where the fingerprint costs more than that lookup. */
export function textProbe(claim: Claim): Pick<ClaimProbe, 'normalizedHash'> {
  return { normalizedHash: sha256Hex(claim.normalized) };
}

export function claimProbe(claim: Claim, text = textProbe(claim)): ClaimProbe {
  return {
    ...text,
    fingerprint: {
      wording: minhashBuckets(claim.text),
      shape: shapeUsable(claim) ? skeletonBucket(claim.text) : null,
    },
  };
}

/**
 * The claim's shape with words added or removed, cheapest and most specific first: its function words alone (only
 * with `functionWordsMin` of them, fewer are shared by too many quotes), then skeletons one, then two, token edits
 * from its own. None for a claim without a shape. Made only when the cheaper tiers did not settle the claim
 * (hundreds of keys, the event loop let run between them: turns.ts).
 */
export async function alteredShapes(claim: Claim): Promise<AlteredShape[]> {
  if (!shapeUsable(claim)) return [];
  const functionWords = functionWordsOf(claim.text);
  const variants: SkeletonVariant[] = [];
  for (const variant of skeletonVariants(claim.text, THRESHOLDS.skeletonVariantDepth, THRESHOLDS.skeletonVariantProbes)) {
    await yieldIfLong();
    if (variant !== null) variants.push(variant);
  }
  return [
    ...(functionWords.count >= THRESHOLDS.functionWordsMin ? [[functionWordsBucket(claim.text)]] : []),
    ...byDistance(variants, THRESHOLDS.skeletonVariantDepth).map((buckets) => buckets.map((bucket) => ({ band: SKELETON_BAND, bucket }))),
  ];
}
