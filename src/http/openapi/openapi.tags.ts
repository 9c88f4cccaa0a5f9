/**
 * The tag groups of the OpenAPI document, in the order /docs shows them: what
 * users do most first (search and read quotes, verify, speakers, documents),
 * administration last. A tag used by an endpoint but missing here is shown
 * before the administrative ones, so a new group is never hidden at the end.
 */
export const TAG_ORDER: readonly { name: string; description: string }[] = [
  { name: 'quotes', description: 'Search quotes; read a quote, its evidence and its provenance; record and correct quotes' },
  { name: 'verify', description: 'Check a claimed quote against the record' },
  { name: 'review', description: 'Attributions waiting for review: list, accept, fix, reject (editor)' },
  { name: 'revisions', description: 'The record of corrections: undo (editor)' },
  { name: 'speakers', description: 'Find speakers by name or alias; their affiliations and quotes' },
  { name: 'documents', description: 'Store source texts (and the quotes found in them); read them back' },
  { name: 'feeds', description: 'Atom feeds of new quotes, for a speaker or any search' },
  { name: 'extraction', description: 'Try the quote extractor on a text without storing anything' },
  { name: 'keys', description: 'API keys (admin)' },
  { name: 'meta', description: 'Service health' },
];

/** Tags known above come after every unknown one from here on. */
const ADMINISTRATIVE_FROM = TAG_ORDER.findIndex((t) => t.name === 'keys');

/** The document's `tags`: every tag the endpoints use, ordered as above, each with its description. */
export function orderedTags(used: Iterable<string>): { name: string; description?: string }[] {
  const rank = (name: string): number => {
    const known = TAG_ORDER.findIndex((t) => t.name === name);
    return known === -1 ? ADMINISTRATIVE_FROM - 0.5 : known;
  };
  return [...new Set(used)]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => {
      const description = TAG_ORDER.find((t) => t.name === name)?.description;
      return description === undefined ? { name } : { name, description };
    });
}
