import { z } from 'zod';
import type { Repositories } from '../../storage/ports/index.ts';
import { mergeDuplicateAffiliations, mergeSpeakers, removeSpeaker } from '../../services/speaker-edit.service.ts';
import { defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { affiliation, refParam, speakerSummary, userText } from '../schemas/common.ts';

/** Errors of every route here that takes a JSON body. */
const BODY_ERRORS = ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large', 'blank_text'] as const;

const reason = userText(1000).describe('Why, in the editor\'s words: kept with the change');

const speakerMerge = z
  .object({
    from: speakerSummary.describe('The speaker merged away: gone, their slug and id now redirect (301) to `into`'),
    into: speakerSummary,
    moved: z.object({
      quotes: z.number().int(),
      quotesAbout: z.number().int(),
      aliases: z.number().int(),
      externalIds: z.number().int(),
      affiliations: z.number().int(),
      organizations: z.number().int().describe('The organisation `from` spoke for (0 or 1)'),
    }),
    foldedQuotes: z
      .array(z.object({ from: z.number().int(), into: z.number().int() }))
      .describe('Quotes whose words both speakers had on record: `from`\'s occurrences joined `into`\'s quote, and `from`\'s quote is gone'),
    redirectedSlugs: z.array(z.string()).describe('Every slug that now answers 301 to `into`'),
  })
  .meta({ id: 'SpeakerMerge' });

const affiliationMerge = z
  .object({
    kept: affiliation.describe('The affiliation kept, with the merged role and period'),
    keptBefore: affiliation,
    dropped: affiliation.describe('The affiliation merged into `kept`: gone'),
  })
  .meta({ id: 'AffiliationMerge' });

/** An editor's clean-up of speakers: merge two, remove an empty one, merge duplicate affiliations. */
export function speakerEditEndpoints(repos: Repositories): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/v1/speakers/{idOrSlug}/merge',
      operationId: 'mergeSpeakers',
      summary: 'Merge this speaker into another',
      description:
        'Everything of this speaker moves to `into`: quotes, quotes about them, aliases, external IDs, affiliations, the organisation they speak for, slug redirects. ' +
        'The same words on record for both become one quote with the occurrences of both. This speaker is removed; their slug and id answer 301 to `into` ' +
        '(API and web). Refused (409 speaker_merge_conflict) when both speak for an organisation or hold different IDs in one scheme. One transaction.',
      tags: ['speakers'],
      params: refParam,
      body: z.object({ into: z.string().min(1).max(200).describe('Id or slug of the speaker to keep'), reason }).strict(),
      responses: { 200: { description: 'Merged', schema: speakerMerge } },
      errors: [...BODY_ERRORS, 'not_found', 'speaker_merge_conflict', ...WRITE_ERRORS],
      handler: async ({ params, body }) => reply(200, await mergeSpeakers(repos, params.idOrSlug, body.into)),
    }),
    defineEndpoint({
      method: 'delete',
      path: '/v1/speakers/{idOrSlug}',
      operationId: 'removeSpeaker',
      summary: 'Remove a speaker who has nothing on record',
      description:
        'Only a speaker with no quotes, no quotes about them, no affiliations and no organisation they speak for (409 speaker_in_use, with the counts, otherwise: merge them instead). ' +
        'Their names, external IDs and slug redirects go with them.',
      tags: ['speakers'],
      params: refParam,
      body: z.object({ reason }).strict(),
      responses: { 200: { description: 'Removed: the speaker as they were', schema: speakerSummary } },
      errors: [...BODY_ERRORS, 'not_found', 'speaker_in_use', ...WRITE_ERRORS],
      handler: async ({ params }) => reply(200, await removeSpeaker(repos, params.idOrSlug)),
    }),
    defineEndpoint({
      method: 'post',
      path: '/v1/speakers/{idOrSlug}/affiliations/merge',
      operationId: 'mergeDuplicateAffiliations',
      summary: "Merge a speaker's duplicate affiliations",
      description:
        'Two affiliations are one role when they are at the same organisation, one role\'s words are the other\'s in order plus qualifiers ' +
        '("analyst" / "senior analyst"; not "deputy", "vice", "acting", "former" and other words that make another role), and their periods meet ' +
        '(or one has no dates). The more specific role is kept, over a period spanning both. Without `affiliationIds`, every duplicate of the speaker is merged; ' +
        'with two ids, those two (422 not_duplicate_affiliations when they are two roles).',
      tags: ['speakers'],
      params: refParam,
      body: z
        .object({
          affiliationIds: z.tuple([z.number().int().min(1), z.number().int().min(1)]).optional().describe('Two affiliations of this speaker'),
          reason,
        })
        .strict(),
      responses: { 200: { description: 'What was merged (empty: no duplicates)', schema: z.object({ merged: z.array(affiliationMerge) }) } },
      errors: [...BODY_ERRORS, 'not_found', 'unknown_reference', 'not_duplicate_affiliations', ...WRITE_ERRORS],
      handler: async ({ params, body }) => reply(200, { merged: await mergeDuplicateAffiliations(repos, params.idOrSlug, body.affiliationIds ?? null) }),
    }),
  ];
}
