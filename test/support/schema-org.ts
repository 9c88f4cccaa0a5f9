/**
 * The part of the schema.org vocabulary whosaid emits (https://schema.org, version 29): each type's parent
 * and the properties it adds, and Google's documented requirements for ClaimReview markup
 * (developers.google.com/search/docs/appearance/structured-data/factcheck).
 */
const TYPES: Record<string, { parent: string | null; properties: string[] }> = {
  Thing: { parent: null, properties: ['name', 'url', 'description', 'alternateName', 'identifier', 'sameAs', 'image'] },
  CreativeWork: {
    parent: 'Thing',
    properties: ['author', 'datePublished', 'dateCreated', 'headline', 'publisher', 'isPartOf', 'text', 'inLanguage', 'about', 'mentions', 'citation'],
  },
  Article: { parent: 'CreativeWork', properties: ['articleBody', 'articleSection', 'wordCount'] },
  NewsArticle: { parent: 'Article', properties: ['dateline', 'printEdition', 'printPage'] },
  Review: { parent: 'CreativeWork', properties: ['reviewBody', 'reviewRating', 'itemReviewed', 'reviewAspect'] },
  ClaimReview: { parent: 'Review', properties: ['claimReviewed'] },
  Claim: { parent: 'CreativeWork', properties: ['appearance', 'firstAppearance', 'claimInterpreter'] },
  Quotation: { parent: 'CreativeWork', properties: ['spokenByCharacter'] },
  Intangible: { parent: 'Thing', properties: [] },
  Rating: { parent: 'Intangible', properties: ['ratingValue', 'bestRating', 'worstRating', 'ratingExplanation', 'author', 'reviewAspect'] },
  Person: { parent: 'Thing', properties: ['jobTitle', 'affiliation', 'worksFor'] },
  Organization: { parent: 'Thing', properties: ['member', 'parentOrganization'] },
};

function propertiesOf(type: string): Set<string> {
  const out = new Set<string>();
  for (let t: string | null = type; t !== null; t = TYPES[t]?.parent ?? null) for (const p of TYPES[t]?.properties ?? []) out.add(p);
  return out;
}

/** Problems (empty when none) of a JSON-LD node and its descendants against the vocabulary above. */
export function schemaOrgProblems(node: unknown, path = '$'): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => schemaOrgProblems(n, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  if (Array.isArray(record['@graph'])) return schemaOrgProblems(record['@graph'], `${path}.@graph`);
  const type = record['@type'];
  if (typeof type !== 'string') return [`${path}: no @type`];
  if (TYPES[type] === undefined) return [`${path}: ${type} is not a schema.org type known here`];
  const allowed = propertiesOf(type);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith('@')) continue;
    if (!allowed.has(key)) problems.push(`${path}: ${key} is not a property of ${type}`);
    problems.push(...schemaOrgProblems(value, `${path}.${key}`));
  }
  return problems;
}

/** Google's required ClaimReview properties, and the Rating's. */
export function googleClaimReviewProblems(review: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of ['claimReviewed', 'reviewRating', 'url']) if (review[key] === undefined) problems.push(`missing ${key}`);
  const rating = review.reviewRating as Record<string, unknown> | undefined;
  if (typeof rating?.alternateName !== 'string') problems.push('reviewRating.alternateName must be text');
  if (typeof review.url === 'string' && !/^https?:\/\//.test(review.url)) problems.push('url must be absolute');
  if (rating?.ratingValue !== undefined) {
    const value = Number(rating.ratingValue);
    if (!(value >= Number(rating.worstRating) && value <= Number(rating.bestRating))) problems.push('ratingValue outside worstRating..bestRating');
  }
  return problems;
}
