import type { z } from 'zod';
import type { HistoryPage } from '../../services/revision.service.ts';
import { defineEndpoint, reply, type Endpoint } from '../endpoint.ts';
import { historyPage, historyQuery } from '../schemas/revision.ts';

/**
 * GET /v1/<entities>/{ref}/history: one entity's revisions, newest first, a signed-cursor page at a time
 * (docs/editorial.md). Quotes, speakers and documents answer it alike; `load` finds the entity (404) and its page.
 */
export function historyEndpoint<P extends z.ZodType>(entity: {
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params: P;
  load: (params: z.output<P>, query: z.output<typeof historyQuery>) => Promise<HistoryPage>;
}): Endpoint {
  return defineEndpoint({
    method: 'get',
    path: entity.path,
    operationId: entity.operationId,
    summary: entity.summary,
    ...(entity.description === undefined ? {} : { description: entity.description }),
    tags: [entity.tag],
    params: entity.params,
    query: historyQuery,
    responses: { 200: { description: 'A page of revisions', schema: historyPage } },
    errors: ['validation_failed', 'not_found', 'invalid_cursor'],
    // P is a schema, so its parsed params are its output (the conditional type stays unresolved for a generic P).
    handler: async ({ params, query }) => reply(200, await entity.load(params as z.output<P>, query)),
  });
}
