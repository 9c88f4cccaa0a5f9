import { z } from 'zod';
import type { Repositories } from '../../storage/ports/index.ts';
import { defineEndpoint, reply, type Endpoint } from '../endpoint.ts';

const health = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.object({
      reachable: z.boolean(),
      backend: z.enum(['sqlite', 'postgres']),
      replica: z
        .object({
          reachable: z.boolean(),
          lagBytes: z.number().int().nullable().meta({ description: 'Log bytes the primary has written that the replica has not replayed yet' }),
          replayPaused: z.boolean().nullable(),
        })
        .nullable()
        .meta({ description: 'The read replica (DATABASE_REPLICA_URL), or null without one' }),
      latestMigration: z.string().nullable(),
      appliedMigrations: z.number().int(),
    }),
  })
  .meta({ id: 'Health' });

export function healthEndpoints(repos: Repositories): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness and database status',
      tags: ['meta'],
      access: 'public',
      responses: {
        200: { description: 'Healthy', schema: health },
        503: { description: 'The database cannot be reached', schema: health },
      },
      errors: [],
      handler: async () => {
        const reachable = await repos.health.ping();
        const version = reachable ? await repos.health.schemaVersion() : { latestMigration: null, appliedMigrations: 0 };
        const { backend, replica } = await repos.health.status();
        const body = { status: reachable ? 'ok' : 'unavailable', database: { reachable, backend, replica, ...version } } as const;
        return reachable ? reply(200, body) : reply(503, body);
      },
    }),
  ];
}
