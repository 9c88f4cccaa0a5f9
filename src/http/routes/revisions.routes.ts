import type { Repositories } from '../../storage/ports/index.ts';
import { undoRevision } from '../../services/revision.service.ts';
import { BODY_ERRORS, defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { idParam } from '../schemas/common.ts';
import { revision, undoBody } from '../schemas/revision.ts';

/** Undo of a revision (docs/editorial.md). Histories are the entities' own routes (/v1/quotes/{id}/history). */
export function revisionEndpoints(repos: Repositories): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/v1/revisions/{id}/undo',
      operationId: 'undoRevision',
      summary: 'Undo a correction',
      description:
        'Puts back the values the revision\'s fields had before it, as a new revision (action "undo") that names it; the search and verify indexes follow at once. Refused (409) when it was undone already (already_undone), or when a later change touched the same fields (revision_superseded: undo that one first).',
      tags: ['revisions'],
      params: idParam,
      body: undoBody,
      responses: { 201: { description: 'The undo, itself a revision', schema: revision, headers: { Location: 'URL of the new revision' } } },
      errors: [
        ...BODY_ERRORS,
        'reason_required',
        'not_found',
        'already_undone',
        'revision_superseded',
        'speaker_has_same_words',
        ...WRITE_ERRORS,
      ],
      handler: async ({ params, body }) => {
        const undo = await undoRevision(repos, params.id, body.reason);
        return reply(201, undo, { Location: `/v1/revisions/${undo.id}` });
      },
    }),
  ];
}
