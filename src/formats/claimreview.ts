import type { VerifyResult } from '../services/verify.service.ts';
import type { Verdict } from '../verification/verdict.ts';
import { absolute, organizationNode, SCHEMA_ORG_CONTEXT, speakerNode, type Publisher } from './publisher.ts';

export type { Publisher };

/**
 * The rating scale of whosaid's ClaimReviews: ordinal, 1 (worst) to 5 (best), by how faithfully the claim
 * renders words on record. `not_found` has no value on the scale: nothing on record is no judgement of truth.
 */
export const CLAIM_RATINGS: Record<Verdict, { value: number | null; name: string }> = {
  accurate: { value: 5, name: 'Accurate quote' },
  partial: { value: 4, name: 'Accurate but partial quote' },
  paraphrase: { value: 3, name: 'Paraphrase, not the words said' },
  altered: { value: 2, name: 'Altered quote' },
  misattributed: { value: 1, name: 'Misattributed quote' },
  not_found: { value: null, name: 'No record of this quote' },
};
export const WORST_RATING = 1 as const;
export const BEST_RATING = 5 as const;

type Match = VerifyResult['matches'][number];

/** Where the matched words first appeared: one of our documents, as a schema.org CreativeWork. */
function appearanceNode(publisher: Publisher, match: Match) {
  const earliest = match.provenance.earliest;
  if (earliest === null) return null;
  return {
    '@type': 'NewsArticle' as const,
    url: absolute(publisher, `/v1/documents/${earliest.documentId}`),
    ...(earliest.title === null ? {} : { headline: earliest.title }),
    ...(earliest.publishedOn === null ? {} : { datePublished: earliest.publishedOn }),
    ...(earliest.outlet === null ? {} : { publisher: { '@type': 'Organization' as const, name: earliest.outlet } }),
  };
}

function claimAuthor(publisher: Publisher, claim: VerifyResult['claim']) {
  if (claim.speaker === null) return {};
  const [only, ...others] = claim.speaker.resolved;
  if (only !== undefined && others.length === 0) return { author: speakerNode(publisher, only) };
  return { author: { '@type': 'Person' as const, name: claim.speaker.query } };
}

/**
 * A verify answer as a schema.org ClaimReview (the markup fact-checkers publish and Google Fact Check
 * Tools read). A pure mapping: everything comes from the verify result and the publisher settings.
 */
export function toClaimReview(result: VerifyResult, publisher: Publisher, reviewedOn: Date) {
  const [basis] = result.matches;
  const appearances = result.matches.map((m) => appearanceNode(publisher, m)).filter((a) => a !== null);
  const unique = [...new Map(appearances.map((a) => [a.url, a])).values()];
  const first = basis === undefined ? null : appearanceNode(publisher, basis);
  const rating = CLAIM_RATINGS[result.verdict];
  return {
    '@context': SCHEMA_ORG_CONTEXT,
    '@type': 'ClaimReview' as const,
    // The evidence the verdict rests on, or the check page when there is none.
    url: absolute(publisher, basis === undefined ? '/check' : `/quotes/${basis.quote.id}`),
    claimReviewed: result.claim.text,
    datePublished: reviewedOn.toISOString().slice(0, 10),
    author: organizationNode(publisher),
    reviewBody: result.explanation,
    itemReviewed: {
      '@type': 'Claim' as const,
      ...claimAuthor(publisher, result.claim),
      ...(result.claim.date === null ? {} : { datePublished: result.claim.date }),
      ...(first === null ? {} : { firstAppearance: first }),
      ...(unique.length === 0 ? {} : { appearance: unique }),
    },
    reviewRating: {
      '@type': 'Rating' as const,
      alternateName: result.verdict,
      name: rating.name,
      ...(rating.value === null ? {} : { ratingValue: rating.value }),
      worstRating: WORST_RATING,
      bestRating: BEST_RATING,
      ratingExplanation: result.explanation,
    },
  };
}

export type ClaimReview = ReturnType<typeof toClaimReview>;
