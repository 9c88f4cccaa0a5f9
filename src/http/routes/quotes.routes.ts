import { z } from 'zod';
import type { Repositories } from '../../repositories/ports.ts';
import { createQuote, deleteQuote, getProvenance, getQuote, updateQuote } from '../../services/quote.service.ts';
import { provGraph, toProvJson, toProvO } from '../../formats/prov.ts';
import type { Publisher } from '../../formats/publisher.ts';
import { MAX_RESULT_WINDOW, searchQuotes } from '../../services/search.service.ts';
import type { Services } from '../../services/services.ts';
import { defineEndpoint, reply, replyAs, type Endpoint } from '../endpoint.ts';
import { negotiate } from '../negotiate.ts';
import { provJsonSchema, provOSchema } from '../schemas/formats.ts';
import {
  affiliation,
  documentSummary,
  idParam,
  isoDate,
  occurrence,
  quoteKind,
  quoteRecord,
  relay,
  span,
  speakerSummary,
  userText,
  decimalInt,
} from '../schemas/common.ts';

export const QUERY_LANGUAGE = `Query language: plain words must all match, each also in its regular English inflections ("attend" finds "attended", "attending"; "troops" finds "troop") and its derived forms ("ambassador" finds "ambassadorial", "negotiate" finds "negotiations"); "exact phrase" (straight or curly quotes; a quoted single word is exact); prefix* (at least 3 letters before the *, at most 3 per query); -excluded or NOT excluded ; a OR b ; a AND b (the same as a b). A speaker's name or alias among the words, with or without a title ("Ushakov", "Mr. Ushakov", "President Putin"), shows that speaker's quotes matching the other words; a name in quotes is searched as text. Anything else (lower-case and/or/not, NEAR, parentheses, other punctuation) is literal text. Matching ignores case, accents, hyphens and apostrophe style ("Kim Jong-un" = "kim jong un").`;

const FACETS = ['speaker', 'organization', 'outlet', 'kind', 'year'] as const;

const facetList = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const names = [...new Set(value.split(',').map((n) => n.trim()).filter((n) => n !== ''))];
    const unknown = names.filter((n) => !(FACETS as readonly string[]).includes(n));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown facet ${unknown.join(', ')}; use any of ${FACETS.join(', ')}` });
      return z.NEVER;
    }
    return names as (typeof FACETS)[number][];
  })
  .describe(`Comma-separated facets to count for the current query: ${FACETS.join(', ')}`);

export const searchQuery = z.object({
  q: z.string().max(1000, 'must be at most 1000 characters').optional().describe(QUERY_LANGUAGE),
  speaker: z.string().min(1).max(200).optional().describe('Speaker id, slug, name or alias'),
  organization: z.string().min(1).max(200).optional().describe("Organisation slug or name: the speaker's affiliation when the words were said"),
  outlet: z.string().trim().min(1).max(200).optional().describe('Outlet of a document quoting it (case-insensitive)'),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or ko')
    .optional()
    .describe('Language of a document quoting it'),
  kind: quoteKind.optional(),
  from: isoDate.optional().describe('Said on or after (publication date when the date said is unknown)'),
  to: isoDate.optional().describe('Said on or before'),
  publishedFrom: isoDate.optional().describe('Quoted in a document published on or after'),
  publishedTo: isoDate.optional().describe('Quoted in a document published on or before'),
  sort: z.enum(['relevance', 'date']).optional().describe('relevance (bm25, ties newest first; the default with q) or date (newest said first)'),
  facets: facetList.optional(),
  limit: decimalInt(1, 100).default(20),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
});

const searchHit = quoteRecord
  .extend({
    snippet: z.string().describe('HTML-escaped excerpt; matches wrapped in <mark>'),
    matches: z
      .array(z.object({ start: z.number().int(), end: z.number().int() }))
      .describe('UTF-16 offsets into text of each matched word, for clients that render their own highlights'),
    score: z.number().nullable().describe('bm25 relevance, higher is better; null without a text query'),
    filedOn: z.string().nullable().describe('Said on, else first published'),
    firstPublishedOn: z.string().nullable(),
  })
  .meta({ id: 'SearchHit' });

const speakerMatch = z
  .object({
    text: z.string().describe('The words of q read as a name, folded, titles included ("mr ushakov")'),
    status: z
      .enum(['applied', 'ambiguous', 'no_quotes'])
      .describe(
        "applied: the results are this speaker's quotes matching the other words; ambiguous: the name fits several speakers (listed) and the words were searched as text; no_quotes: none of the speaker's quotes match, the words were searched as text",
      ),
    speakers: z.array(speakerSummary.extend({ affiliations: z.array(affiliation) })).describe('The speaker, or the candidates (at most 20) of an ambiguous name'),
    otherWords: z.string().nullable().describe('The rest of q, searched in the speaker’s quotes; null when the name was all of q'),
    asText: z.string().describe('A q that searches the name as text (its words quoted)'),
  })
  .meta({ id: 'SpeakerMatch' });

const facetValues = z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() }));

const searchPage = z
  .object({
    items: z.array(searchHit),
    nextCursor: z
      .string()
      .nullable()
      .describe(`Signed cursor of the next page; null on the last page and past the first ${MAX_RESULT_WINDOW} results (narrow the query to see further)`),
    order: z
      .enum(['relevance', 'date', 'recent'])
      .describe('Order used. recent (newest recorded first) replaces the one asked for when too many quotes match to sort them quickly'),
    estimatedMatches: z
      .number()
      .int()
      .nullable()
      .describe('Upper bound of the matches from per-term counts; 25001 means more than 25,000; null when the index was not consulted'),
    facets: z
      .object({
        counts: z.object(Object.fromEntries(FACETS.map((f) => [f, facetValues.optional()]))),
        basedOn: z.number().int().describe('Matches counted'),
        sampled: z.boolean().describe('True when only the most recent matches were counted'),
      })
      .optional(),
    speakerMatch: speakerMatch.nullable().describe('Set when q names a speaker (and no speaker filter is given)'),
  })
  .meta({ id: 'SearchPage' });

const quoteView = quoteRecord
  .extend({
    asOf: z.string().nullable().describe('Date of "at the time": said on, else first published'),
    affiliationAtTime: z.array(affiliation),
    occurrences: z.array(occurrence),
  })
  .meta({ id: 'Quote' });

const provenance = z
  .object({
    quote: z.object({ id: z.number().int(), text: z.string(), kind: quoteKind }),
    speaker: speakerSummary,
    affiliationAtTime: z.array(affiliation),
    saidOn: z.string().nullable(),
    venue: z.string().nullable(),
    about: speakerSummary.nullable(),
    earliest: z
      .object({ documentId: z.number().int(), outlet: z.string().nullable(), publishedOn: z.string().nullable() })
      .nullable(),
    chains: z.array(
      z.object({
        occurrenceId: z.number().int(),
        hops: z.array(z.object({ role: z.enum(['speaker', 'venue', 'relay', 'document']), label: z.string() })),
        relays: z.array(relay),
        document: documentSummary,
        start: z.number().int(),
        end: z.number().int(),
        cue: span.nullable(),
        speakerMention: span.nullable(),
        context: z.object({ before: z.string(), quote: z.string(), after: z.string() }),
        attributedBy: z.enum(['manual', 'seed', 'extractor']),
        confidence: z.number(),
      }),
    ),
  })
  .meta({ id: 'Provenance' });

const offsets = z
  .object({ start: z.number().int().min(0).max(10_000_000), end: z.number().int().min(1).max(10_000_000) })
  .strict();

const createQuoteBody = z
  .object({
    speaker: z.string().min(1).max(200).describe('Speaker id, slug, name or alias (must name exactly one speaker)'),
    about: z.string().min(1).max(200).optional(),
    text: userText(20_000),
    kind: quoteKind,
    saidOn: isoDate.optional(),
    venue: z.string().min(1).max(500).optional(),
    evidence: z
      .object({
        documentId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
        start: z.number().int().min(0).max(10_000_000),
        end: z.number().int().min(1).max(10_000_000),
        cue: offsets.optional(),
        speakerMention: offsets.optional(),
        relays: z
          .array(
            z
              .object({ name: z.string().min(1).max(200), organizationKind: z.string().max(100).optional(), mention: offsets.optional() })
              .strict(),
          )
          .max(10)
          .default([]),
        confidence: z.number().min(0).max(1).default(1),
      })
      .strict()
      .describe('Where the quote appears: the document text at [start, end) must equal `text` exactly'),
  })
  .strict();

const updateQuoteBody = z
  .object({
    kind: quoteKind.optional(),
    saidOn: isoDate.nullable().optional(),
    venue: z.string().min(1).max(500).nullable().optional(),
    about: z.string().min(1).max(200).nullable().optional().describe('Speaker id, slug, name or alias; null to clear'),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field');

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
      handler: ({ query }) => {
        const { dbMs, ...page } = searchQuotes({ ...repos, cursors: services.cursors }, query);
        return reply(200, page, { 'Server-Timing': `db;dur=${dbMs.toFixed(2)}` });
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
      handler: ({ params }) => reply(200, getQuote(repos, params.id)),
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
      handler: ({ params, query }, { req, res }) => {
        const format = negotiate(req, res, query.format, PROVENANCE_FORMATS);
        const p = getProvenance(repos, params.id);
        if (format === 'prov-json') return replyAs(200, PROVENANCE_FORMATS['prov-json'], toProvJson(provGraph(p, publisher)));
        if (format === 'prov-o') return replyAs(200, PROVENANCE_FORMATS['prov-o'], toProvO(provGraph(p, publisher)));
        return reply(200, p);
      },
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
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large', 'blank_text', 'evidence_mismatch', 'unknown_reference', 'occurrence_exists', 'database_busy'],
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
      summary: "Correct a quote's kind, date said, venue or subject",
      description: 'The words themselves cannot change: they are bound to their evidence. Search reflects the change at once.',
      tags: ['quotes'],
      params: idParam,
      body: updateQuoteBody,
      responses: { 200: { description: 'The updated quote', schema: quoteView } },
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'not_found', 'unknown_reference'],
      handler: async ({ params, body }) => reply(200, await updateQuote(repos, params.id, body)),
    }),
    defineEndpoint({
      method: 'delete',
      path: '/v1/quotes/{id}',
      operationId: 'deleteQuote',
      summary: 'Delete a quote with its occurrences',
      description: 'It disappears from search at once.',
      tags: ['quotes'],
      params: idParam,
      responses: { 204: { description: 'Deleted', schema: z.undefined() } },
      errors: ['validation_failed', 'not_found'],
      handler: async ({ params }) => {
        await deleteQuote(repos, params.id);
        return reply(204, undefined);
      },
    }),
  ];
}
