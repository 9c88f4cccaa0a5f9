import { z } from 'zod';
import type { Repositories } from '../../storage/ports/index.ts';
import { createSpeaker, findSpeakerCandidates, getSpeakerProfile } from '../../services/speaker.service.ts';
import { AppError } from '../../domain/errors.ts';
import { speakerRedirect } from '../../services/speaker-edit.service.ts';
import { queryString } from '../redirect.ts';
import { defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { affiliation, decimalInt, partialDate, quoteRecord, refParam, speakerSummary, userText } from '../schemas/common.ts';

const candidate = speakerSummary
  .extend({
    matchedAlias: z.string(),
    score: z.number().describe('1 for an exact name or alias, 0.8 prefix, 0.6 word match; otherwise similarity of spelling (1 − edit distance / length, from 0.6) found through a trigram index: "Yuri Ushakov" finds Yury Ushakov'),
    quoteCount: z.number().int(),
    affiliations: z.array(affiliation),
  })
  .meta({ id: 'SpeakerCandidate' });

const profile = speakerSummary
  .extend({
    aliases: z.array(z.string()),
    externalIds: z.array(z.object({ scheme: z.string(), value: z.string() })),
    affiliations: z.array(affiliation).describe('Affiliation timeline, earliest first'),
    currentAffiliations: z.array(affiliation),
    quoteCount: z.number().int(),
    quotes: z.array(quoteRecord),
    quotesAbout: z.array(quoteRecord).describe('Quotes recorded as being about this speaker (their subject), newest first; as many as `quotes`'),
    mentionsQuery: z
      .string()
      .nullable()
      .describe('q for GET /v1/quotes that finds quotes naming this speaker: their names and aliases that name nobody else, as phrases; null when every name of theirs is shared'),
  })
  .meta({ id: 'Speaker' });

const createSpeakerBody = z
  .object({
    name: userText(200),
    kind: z.enum(['person', 'organization']),
    slug: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits separated by single hyphens')
      .max(120)
      .optional(),
    description: z.string().max(1000).optional(),
    aliases: z.array(userText(200)).max(50).default([]),
    externalIds: z
      .array(z.object({ scheme: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/), value: z.string().min(1).max(200) }).strict())
      .max(20)
      .default([]),
    affiliations: z
      .array(
        z
          .object({
            organization: userText(300),
            organizationKind: z.string().max(100).optional(),
            role: userText(300),
            asStated: z.string().max(1000).optional(),
            validFrom: partialDate.optional(),
            validTo: partialDate.optional(),
            sourceDocumentId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();

export function speakerEndpoints(repos: Repositories): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/v1/speakers',
      operationId: 'searchSpeakers',
      summary: 'Find speakers by name or alias',
      description: 'Disambiguation candidates, best match first: "Kim" returns every Kim, each with their affiliations.',
      tags: ['speakers'],
      query: z.object({
        q: userText(200).describe('Name, alias or part of one'),
        limit: decimalInt(1, 50).default(10),
      }),
      responses: { 200: { description: 'Candidates', schema: z.object({ items: z.array(candidate) }) } },
      errors: ['validation_failed'],
      handler: async ({ query }) => reply(200, { items: await findSpeakerCandidates(repos, query.q, query.limit) }),
    }),
    defineEndpoint({
      method: 'get',
      path: '/v1/speakers/{idOrSlug}',
      operationId: 'getSpeaker',
      summary: 'A speaker with their affiliation timeline and quotes',
      tags: ['speakers'],
      params: refParam,
      query: z.object({ quotes: decimalInt(0, 200).default(50).describe('How many quotes to include') }),
      description: 'A slug or id the speaker no longer has (merged into another, or renamed) answers 301 to the speaker it names now.',
      responses: {
        200: { description: 'The speaker', schema: profile },
        301: { description: 'Merged or renamed: the speaker is at Location', schema: z.undefined(), headers: { Location: 'URL of the speaker now' } },
      },
      errors: ['validation_failed', 'not_found'],
      handler: async ({ params, query }, { req }) => {
        try {
          return reply(200, await getSpeakerProfile(repos, params.idOrSlug, query.quotes));
        } catch (error) {
          // Only a ref that names no speaker is looked up among the redirects: the common read pays nothing.
          const target = error instanceof AppError && error.code === 'not_found' ? await speakerRedirect(repos, params.idOrSlug) : null;
          if (target === null) throw error;
          return reply(301, undefined, { Location: `/v1/speakers/${encodeURIComponent(target.slug)}${queryString(req.originalUrl)}` });
        }
      },
    }),
    defineEndpoint({
      method: 'post',
      path: '/v1/speakers',
      operationId: 'createSpeaker',
      summary: 'Add a speaker (person or organisation)',
      tags: ['speakers'],
      body: createSpeakerBody,
      responses: { 201: { description: 'Created', schema: speakerSummary, headers: { Location: 'URL of the new speaker' } } },
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large', 'blank_text', 'speaker_exists', 'external_id_taken', 'unknown_reference', ...WRITE_ERRORS],
      handler: async ({ body }) => {
        const speaker = await createSpeaker(repos, body);
        return reply(201, speaker, { Location: `/v1/speakers/${speaker.slug}` });
      },
    }),
  ];
}
