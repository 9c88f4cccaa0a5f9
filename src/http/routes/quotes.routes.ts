import { z } from 'zod';
import type { Repositories } from '../../storage/ports/index.ts';
import { createQuote, getProvenance, getQuote } from '../../services/quote.service.ts';
import { changeStatus, correctQuote } from '../../services/correction.service.ts';
import { provGraph, toProvJson, toProvO } from '../../formats/prov.ts';
import type { Publisher } from '../../formats/publisher.ts';
import { searchQuotes } from '../../services/search.service.ts';
import type { Services } from '../../services/services.ts';
import { quoteHistory } from '../../services/revision.service.ts';
import { historyEndpoint } from './history-endpoint.ts';
import { BODY_ERRORS, checkedInSlices, defineEndpoint, reply, replyAs, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { negotiate } from '../negotiate.ts';
import { provJsonSchema, provOSchema } from '../schemas/formats.ts';
import { idParam } from '../schemas/common.ts';
import { QUERY_LANGUAGE, correctionBody, createQuoteBody, decision, provenance, quoteView, reasonBody, searchPage, searchQuery } from './quotes.schemas.ts';

/** Search hits checked and serialised per turn of the event loop. */
const HITS_PER_TURN = 25;

const PROVENANCE_FORMATS = { json: 'application/json', 'prov-json': 'application/prov+json', 'prov-o': 'application/ld+json' } as const;

const provenanceQuery = z.object({
  format: z
    .enum(['json', 'prov-json', 'prov-o'])
    .optional()
    .describe('json (the default), prov-json (W3C PROV-JSON) or prov-o (PROV-O as JSON-LD); overrides Accept'),
});

export function quoteEndpoints(repos: Repositories, services: Pick<Services, 'cursors'>, publisher: Publisher): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/v1/quotes',
      operationId: 'searchQuotes',
      summary: 'Search quotes',
      description: `Full-text search over quote text, ranked by relevance (bm25), with filters, facets and cursor pagination. Without \`q\`, filters alone list quotes newest first.\n\n${QUERY_LANGUAGE}`,
      tags: ['quotes'],
      query: searchQuery,
      responses: { 200: { description: 'A page of results; Server-Timing carries the database time (db)', schema: searchPage } },
      errors: ['validation_failed', 'invalid_search_query', 'invalid_cursor'],
      handler: async ({ query }) => {
        const { dbMs, estimate, ...page } = await searchQuotes({ ...repos, cursors: services.cursors }, query);
        const estimated = { estimatedMatches: estimate?.count ?? null, moreThanEstimate: estimate?.more ?? false };
        // Up to 100 hits with their highlights (~6 ms to check whole): checked a slice per turn.
        const body = await checkedInSlices({ operationId: 'searchQuotes', status: 200 }, searchPage, { ...page, ...estimated }, 'items', HITS_PER_TURN);
        return reply(200, body, { 'Server-Timing': `db;dur=${dbMs.toFixed(2)}` });
      },
    }),
    defineEndpoint({
      method: 'get',
      path: '/v1/quotes/{id}',
      operationId: 'getQuote',
      summary: 'A quote with its speaker, affiliation at the time, and occurrences',
      tags: ['quotes'],
      params: idParam,
      responses: { 200: { description: 'The quote', schema: quoteView } },
      errors: ['validation_failed', 'not_found'],
      handler: async ({ params }) => reply(200, await getQuote(repos, params.id)),
    }),
    defineEndpoint({
      method: 'get',
      path: '/v1/quotes/{id}/provenance',
      operationId: 'getQuoteProvenance',
      summary: 'Where a quote comes from',
      description:
        'The chain from speaker to venue and date, through each relay, to each document (earliest first), with offsets, an excerpt and the sha256 of each source text. Also as W3C PROV: PROV-JSON (Accept: application/prov+json or ?format=prov-json) or PROV-O JSON-LD (Accept: application/ld+json or ?format=prov-o); docs/formats.md.',
      tags: ['quotes'],
      params: idParam,
      query: provenanceQuery,
      responses: {
        200: {
          description: 'The provenance',
          schema: provenance,
          alternates: { [PROVENANCE_FORMATS['prov-json']]: provJsonSchema, [PROVENANCE_FORMATS['prov-o']]: provOSchema },
        },
      },
      errors: ['validation_failed', 'not_found', 'not_acceptable'],
      handler: async ({ params, query }, { req, res }) => {
        const format = negotiate(req, res, query.format, PROVENANCE_FORMATS);
        const p = await getProvenance(repos, params.id);
        if (format === 'prov-json') return replyAs(200, PROVENANCE_FORMATS['prov-json'], toProvJson(provGraph(p, publisher)));
        if (format === 'prov-o') return replyAs(200, PROVENANCE_FORMATS['prov-o'], toProvO(provGraph(p, publisher)));
        return reply(200, p);
      },
    }),
    historyEndpoint({
      path: '/v1/quotes/{id}/history',
      operationId: 'getQuoteHistory',
      summary: "A quote's corrections, newest first",
      description: 'Every revision of the quote: what changed (each field before and after), who (key name), when and why; undos included. docs/editorial.md.',
      tag: 'quotes',
      params: idParam,
      load: (params, query) => quoteHistory(repos, services.cursors, params.id, query),
    }),
    defineEndpoint({
      method: 'post',
      path: '/v1/quotes',
      operationId: 'createQuote',
      summary: 'Record a quote with its evidence',
      description: 'The document must contain `text` exactly at the given offsets (422 otherwise). The same words by the same speaker become one quote with several occurrences.',
      tags: ['quotes'],
      body: createQuoteBody,
      responses: {
        201: { description: 'A new quote was recorded', schema: quoteView, headers: { Location: 'URL of the new quote' } },
        200: { description: 'A new occurrence was added to a quote already known', schema: quoteView },
      },
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large', 'blank_text', 'evidence_mismatch', 'unknown_reference', 'occurrence_exists', 'attribution_withdrawn', ...WRITE_ERRORS],
      handler: async ({ body }) => {
        const { quote, quoteCreated } = await createQuote(repos, body);
        return quoteCreated
          ? reply(201, quote, { Location: `/v1/quotes/${quote.id}` })
          : reply(200, quote);
      },
    }),
    defineEndpoint({
      method: 'patch',
      path: '/v1/quotes/{id}',
      operationId: 'updateQuote',
      summary: "Correct a quote's speaker, kind, date said, venue or subject",
      description:
        'The words themselves cannot change: they are bound to their evidence. A new speaker must be named in one of the quote\'s documents at the offsets given (`speaker.mention`), in the attribution or a relay. A reason is required; the change is one revision (GET /v1/quotes/{id}/history), and an active quote becomes corrected. Search reflects the change at once. docs/editorial.md.',
      tags: ['quotes'],
      params: idParam,
      body: correctionBody,
      responses: { 200: { description: 'The corrected quote', schema: quoteView } },
      errors: [
        ...BODY_ERRORS,
        'reason_required',
        'not_found',
        'unknown_reference',
        'evidence_mismatch',
        'speaker_not_in_document',
        'speaker_has_same_words',
        ...WRITE_ERRORS,
      ],
      handler: async ({ params, body }) => {
        const { reason, ...correction } = body;
        return reply(200, await correctQuote(repos, params.id, correction, reason));
      },
    }),
    ...(['retract', 'restore'] as const).map((action) =>
      defineEndpoint({
        method: 'post',
        path: `/v1/quotes/{id}/${action}`,
        operationId: `${action}Quote`,
        summary: action === 'retract' ? 'Retract a quote' : 'Restore a retracted quote',
        description:
          action === 'retract'
            ? 'Takes the quote off the record without deleting it: hidden from search, speaker pages and verify verdicts (search with status=retracted shows it), its page says who retracted it, when and why, and no re-ingest or seeding files its words under this speaker again. A reason is required. Nothing is deleted through the API. docs/editorial.md.'
            : 'Puts a retracted quote back with the status it had before it was retracted. A reason is required. (A rejection in review is undone instead: POST /v1/revisions/{id}/undo.) docs/editorial.md.',
        tags: ['quotes'],
        params: idParam,
        body: reasonBody,
        responses: { 200: { description: 'The decision', schema: decision } },
        errors: [
          ...BODY_ERRORS,
          'reason_required',
          'not_found',
          ...(action === 'retract' ? (['already_retracted'] as const) : []),
          'status_conflict',
          ...WRITE_ERRORS,
        ],
        handler: async ({ params, body }) => reply(200, await changeStatus(repos, params.id, action, body.reason)),
      }),
    ),
  ];
}
