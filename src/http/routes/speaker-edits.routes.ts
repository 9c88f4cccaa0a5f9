import { z } from 'zod';
import type { SpeakerAffiliationFields, SpeakerPatch } from '../../domain/speaker-fields.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import type { Services } from '../../services/services.ts';
import { correctSpeaker, mergeDuplicateAffiliations, mergeSpeakers, removeSpeaker, speakerHistory } from '../../services/speaker-edit.service.ts';
import { defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { affiliation, citation, partialDate, refParam, speakerSummary, userText } from '../schemas/common.ts';
import { reason, revision } from '../schemas/revision.ts';
import { historyEndpoint } from './history-endpoint.ts';
import { EDIT_BODY_ERRORS } from './edit-errors.ts';

const BODY_ERRORS = EDIT_BODY_ERRORS;

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits separated by single hyphens').max(120);
const externalId = z.object({ scheme: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/), value: z.string().min(1).max(200) }).strict();
const affiliationFields = {
  organization: userText(300),
  organizationKind: z.string().max(100).nullable().optional(),
  role: userText(300),
  asStated: z.string().max(1000).nullable().optional(),
  validFrom: partialDate.nullable().optional(),
  validTo: partialDate.nullable().optional(),
  sourceDocumentId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
};

const correctSpeakerBody = z
  .object({
    reason,
    name: userText(200).optional(),
    slug: slug.optional().describe('A new slug: the old one answers 301 to it from then on'),
    kind: z.enum(['person', 'organization']).optional(),
    description: z.string().max(1000).nullable().optional(),
    aliases: z.object({ add: z.array(userText(200)).max(50).optional(), remove: z.array(z.string().min(1).max(200)).max(50).optional() }).strict().optional(),
    externalIds: z.object({ add: z.array(externalId).max(20).optional(), remove: z.array(externalId).max(20).optional() }).strict().optional(),
    affiliations: z
      .object({
        add: z.array(z.object(affiliationFields).strict()).max(50).optional(),
        update: z
          .array(z.object({ id: z.number().int().min(1), ...z.object(affiliationFields).partial().shape }).strict())
          .max(50)
          .optional()
          .describe('Fields to change of affiliations of this speaker, by id; null clears a field'),
        remove: z.array(z.number().int().min(1)).max(50).optional().describe('Ids of affiliations of this speaker to remove'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'reason'), 'must change at least one field');

type AffiliationInput = { [K in keyof typeof affiliationFields]?: z.output<(typeof affiliationFields)[K]> };

/** The request's affiliation fields as the domain states them: absent optional fields are null. */
function affiliationOf(a: AffiliationInput & { organization: string; role: string }): Omit<SpeakerAffiliationFields, 'id'> {
  return {
    organization: a.organization,
    organizationKind: a.organizationKind ?? null,
    role: a.role,
    asStated: a.asStated ?? null,
    validFrom: a.validFrom ?? null,
    validTo: a.validTo ?? null,
    sourceDocumentId: a.sourceDocumentId ?? null,
  };
}

/** The request's changes of existing affiliations: only the fields it names. */
function affiliationUpdate(u: AffiliationInput & { id: number }): Partial<Omit<SpeakerAffiliationFields, 'id'>> & { id: number } {
  const { id, ...fields } = u;
  return { id, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
}

function speakerPatch(body: z.output<typeof correctSpeakerBody>): SpeakerPatch {
  const { affiliations, ...rest } = body;
  const patch: SpeakerPatch = Object.fromEntries(Object.entries(rest).filter(([k, v]) => v !== undefined && k !== 'reason'));
  if (affiliations !== undefined) {
    patch.affiliations = {
      add: (affiliations.add ?? []).map(affiliationOf),
      update: (affiliations.update ?? []).map(affiliationUpdate),
      remove: affiliations.remove ?? [],
    };
  }
  return patch;
}

const speakerDetail = speakerSummary
  .extend({
    aliases: z.array(z.string()),
    externalIds: z.array(z.object({ scheme: z.string(), value: z.string() })),
    affiliations: z.array(affiliation),
    quoteCount: z.number().int(),
  })
  .meta({ id: 'SpeakerDetail' });

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
      .array(
        z.object({
          from: z.number().int().describe('The quote folded: gone'),
          into: z.number().int().describe('The quote kept'),
          occurrences: z.number().int().describe('Occurrences moved to the kept quote (one at a place it already had is that one)'),
          citations: z.number().int().describe('Citations moved to the kept quote (one at a URL it was already cited at is merged into that one)'),
          mergedCitations: z.array(citation).describe('The folded quote\'s citations at a URL the kept quote was cited at too, as they were: the kept citation took the higher confidence and any date or source id it lacked'),
          relinked: z
            .array(z.object({ id: z.number().int(), before: z.number().int().nullable(), after: z.number().int().nullable() }))
            .describe('Variant links changed so that the near-duplicates of both quotes stay linked to the one quote (links never chain): the quote, its root before and after'),
        }),
      )
      .describe('Quotes whose words both speakers had on record: `from`\'s occurrences, citations and variants joined `into`\'s quote, and `from`\'s quote is gone'),
    redirectedSlugs: z.array(z.string()).describe('Every slug that now answers 301 to `into`'),
    revision: revision.describe('The revision on `into` that records the merge (the speaker merged away has one too, under their old id)'),
  })
  .meta({ id: 'SpeakerMerge' });

const affiliationMerge = z
  .object({
    kept: affiliation.describe('The affiliation kept, with the merged role and period'),
    keptBefore: affiliation,
    dropped: affiliation.describe('The affiliation merged into `kept`: gone'),
  })
  .meta({ id: 'AffiliationMerge' });

/** An editor's corrections of speakers, with their history: correct, merge two, remove an empty one, merge duplicate affiliations. */
export function speakerEditEndpoints(repos: Repositories, services: Pick<Services, 'cursors'>): Endpoint[] {
  return [
    defineEndpoint({
      method: 'patch',
      path: '/v1/speakers/{idOrSlug}',
      operationId: 'correctSpeaker',
      summary: "Correct a speaker's names, slug, aliases, external IDs or affiliations",
      description:
        'One revision (who, when, each field before and after, why) in the same transaction as the change; undo it with POST /v1/revisions/{id}/undo. ' +
        'A new name joins the aliases (the old one stays one unless removed); a new slug leaves the old one answering 301. Quotes are re-filed for search when affiliations change.',
      tags: ['speakers'],
      params: refParam,
      body: correctSpeakerBody,
      responses: { 200: { description: 'The speaker as corrected, and the revision (null when nothing changed)', schema: z.object({ speaker: speakerDetail, revision: revision.nullable() }) } },
      errors: [...BODY_ERRORS, 'not_found', 'speaker_exists', 'external_id_taken', 'unknown_reference', ...WRITE_ERRORS],
      handler: async ({ params, body }) => reply(200, await correctSpeaker(repos, params.idOrSlug, speakerPatch(body), body.reason)),
    }),
    historyEndpoint({
      path: '/v1/speakers/{idOrSlug}/history',
      operationId: 'getSpeakerHistory',
      summary: "A speaker's corrections, newest first",
      description:
        'Every revision of the speaker: corrections, affiliation merges, merges (on both speakers), removal; each with who (key name), when, what (before and after) and why. ' +
        'A speaker merged away or removed keeps their history under their id.',
      tag: 'speakers',
      params: refParam,
      load: (params, query) => speakerHistory(repos, services.cursors, params.idOrSlug, query),
    }),
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
      handler: async ({ params, body }) => reply(200, await mergeSpeakers(repos, params.idOrSlug, body.into, body.reason)),
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
      handler: async ({ params, body }) => reply(200, await removeSpeaker(repos, params.idOrSlug, body.reason)),
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
      responses: {
        200: {
          description: 'What was merged (empty: no duplicates), and its one revision (null when nothing was merged)',
          schema: z.object({ merged: z.array(affiliationMerge), revision: revision.nullable() }),
        },
      },
      errors: [...BODY_ERRORS, 'not_found', 'unknown_reference', 'not_duplicate_affiliations', ...WRITE_ERRORS],
      handler: async ({ params, body }) => reply(200, await mergeDuplicateAffiliations(repos, params.idOrSlug, body.affiliationIds ?? null, body.reason)),
    }),
  ];
}
