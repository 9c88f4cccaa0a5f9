import { z } from 'zod';
import { VERDICTS } from '../../verification/verdict.ts';

/** Response schemas of the standard formats (schema.org, W3C PROV, Atom, CSV): checked on every answer and documented. */

const schemaOrgThing = z.looseObject({ '@type': z.string(), name: z.string().optional(), url: z.string().optional() });

const creativeWork = z.looseObject({
  '@type': z.literal('NewsArticle'),
  url: z.string(),
  headline: z.string().optional(),
  datePublished: z.string().optional(),
  publisher: schemaOrgThing.optional(),
});

export const claimReviewSchema = z
  .object({
    '@context': z.literal('https://schema.org'),
    '@type': z.literal('ClaimReview'),
    url: z.string().describe('The quote page of the evidence the verdict rests on, or the check page'),
    claimReviewed: z.string(),
    datePublished: z.string(),
    author: z.object({ '@type': z.literal('Organization'), name: z.string(), url: z.string() }).describe('PUBLISHER_NAME and PUBLISHER_URL'),
    reviewBody: z.string(),
    itemReviewed: z.object({
      '@type': z.literal('Claim'),
      author: schemaOrgThing.optional().describe('The claimed speaker'),
      datePublished: z.string().optional().describe('The claimed date'),
      firstAppearance: creativeWork.optional(),
      appearance: z.array(creativeWork).optional(),
    }),
    reviewRating: z.object({
      '@type': z.literal('Rating'),
      alternateName: z.enum(VERDICTS).describe('The verdict'),
      name: z.string(),
      ratingValue: z.number().int().min(1).max(5).optional().describe('5 accurate, 4 partial, 3 paraphrase, 2 altered, 1 misattributed; absent for not_found'),
      worstRating: z.literal(1),
      bestRating: z.literal(5),
      ratingExplanation: z.string(),
    }),
  })
  .meta({ id: 'ClaimReview', description: 'schema.org ClaimReview JSON-LD (docs/formats.md)' });

const provLiteral = z.union([z.string(), z.number(), z.object({ $: z.string(), type: z.string() })]);
const provRecords = z.record(z.string(), z.record(z.string(), z.union([provLiteral, z.array(provLiteral)])));

export const provJsonSchema = z
  .object({
    prefix: z.record(z.string(), z.string()),
    entity: provRecords,
    activity: provRecords,
    agent: provRecords,
    wasGeneratedBy: provRecords.optional(),
    used: provRecords.optional(),
    wasAssociatedWith: provRecords.optional(),
    wasAttributedTo: provRecords.optional(),
    actedOnBehalfOf: provRecords.optional(),
    wasDerivedFrom: provRecords.optional(),
  })
  .meta({ id: 'ProvJson', description: 'W3C PROV-JSON document (docs/formats.md)' });

export const provOSchema = z
  .object({
    '@context': z.record(z.string(), z.string()),
    '@graph': z.array(z.looseObject({ '@id': z.string(), '@type': z.array(z.string()) })),
  })
  .meta({ id: 'ProvO', description: 'W3C PROV-O as JSON-LD (docs/formats.md)' });
