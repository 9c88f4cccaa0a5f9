import type { Request } from 'express';
import { z } from 'zod';
import { atomDocument, atomEntry, etagOf, matchesEtag, type FeedSpec } from '../../formats/atom.ts';
import type { Publisher } from '../../formats/publisher.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import { getQuoteInContext } from '../../services/quote.service.ts';
import { searchQuotes, type SearchRequest } from '../../services/search.service.ts';
import type { Services } from '../../services/services.ts';
import { getSpeakerProfile } from '../../services/speaker.service.ts';
import { mapInTurns, mapInTurnsAsync, yieldIfLong } from '../../turns.ts';
import { defineEndpoint, reply, type Endpoint } from '../endpoint.ts';
import { searchQuery } from './quotes.schemas.ts';

const ATOM = 'application/atom+xml';

const feedResponses = {
  200: {
    description: 'An Atom 1.0 feed, newest quotes first; ETag names this exact feed',
    schema: z.string().describe('Atom 1.0 XML (RFC 4287)'),
    mediaType: ATOM,
    headers: { ETag: 'Validator of this feed: send it back in If-None-Match' },
  },
  304: { description: 'Not modified: the If-None-Match ETag is still current', schema: z.undefined(), headers: { ETag: 'The current validator' } },
};

/** A feed's filters are the search's, without paging: a feed is always its newest page. */
const feedQuery = searchQuery.omit({ cursor: true, facets: true, sort: true }).extend({
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Entries in the feed'),
});

/** The feed of a search: its newest matches (newest said first), each with its evidence. */
async function feedOf(repos: Repositories, services: Pick<Services, 'cursors'>, request: SearchRequest): Promise<FeedSpec['quotes']> {
  const page = await searchQuotes({ ...repos, cursors: services.cursors }, { ...request, sort: 'date' });
  return mapInTurnsAsync(page.items, (hit) => getQuoteInContext(repos, hit.id));
}

/** The feed written an entry at a time, letting the event loop run between them (100 entries: ~3 ms), and its ETag. */
async function answer(req: Request, spec: FeedSpec, publisher: Publisher) {
  const entries = await mapInTurns(spec.quotes, (quote) => atomEntry(publisher, quote));
  await yieldIfLong();
  const body = atomDocument(spec, entries, publisher);
  await yieldIfLong();
  const etag = etagOf(body);
  return matchesEtag(req.get('If-None-Match'), etag) ? reply(304, undefined, { ETag: etag }) : reply(200, body, { ETag: etag });
}

export function feedEndpoints(repos: Repositories, services: Pick<Services, 'cursors'>, publisher: Publisher): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/feeds/speakers/{slug}.atom',
      operationId: 'speakerFeed',
      summary: "Atom feed of a speaker's quotes",
      description: 'Newest said first. Poll with If-None-Match: an unchanged feed answers 304 without a body.',
      tags: ['feeds'],
      params: z.object({ slug: z.string().min(1).max(200).meta({ description: 'Speaker slug (or id)', example: 'yury-ushakov' }) }),
      query: z.object({ limit: feedQuery.shape.limit }),
      responses: feedResponses,
      errors: ['validation_failed', 'not_found'],
      handler: async ({ params, query }, { req }) => {
        const speaker = await getSpeakerProfile(repos, params.slug, 0);
        const quotes = await feedOf(repos, services, { speaker: String(speaker.id), limit: query.limit });
        const selfPath = `/feeds/speakers/${encodeURIComponent(speaker.slug)}.atom`;
        return answer(req, { selfPath, alternatePath: `/speakers/${encodeURIComponent(speaker.slug)}`, title: `${speaker.name}: quotes`, quotes }, publisher);
      },
    }),
    defineEndpoint({
      method: 'get',
      path: '/feeds/search.atom',
      operationId: 'searchFeed',
      summary: 'Atom feed of a saved search',
      description: 'The same query and filters as GET /v1/quotes; newest said first. Poll with If-None-Match: an unchanged feed answers 304 without a body.',
      tags: ['feeds'],
      query: feedQuery,
      responses: feedResponses,
      errors: ['validation_failed', 'invalid_search_query'],
      handler: async ({ query }, { req }) => {
        const filters = Object.entries(query).filter(([k, v]) => k !== 'limit' && v !== undefined) as [string, string][];
        const search = new URLSearchParams(filters.sort(([a], [b]) => a.localeCompare(b))).toString();
        const suffix = search === '' ? '' : `?${search}`;
        const title = query.q === undefined ? 'whosaid: newest quotes' : `whosaid: quotes matching “${query.q}”`;
        return answer(req, { selfPath: `/feeds/search.atom${suffix}`, alternatePath: `/${suffix}`, title, quotes: await feedOf(repos, services, query) }, publisher);
      },
    }),
  ];
}
