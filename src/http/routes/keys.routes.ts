import { z } from 'zod';
import { currentActor, ROLES } from '../../domain/actor.ts';
import { AppError } from '../../domain/errors.ts';
import type { Repositories } from '../../storage/ports/index.ts';
import { createApiKey, revokeApiKey } from '../../services/api-key.service.ts';
import { defineEndpoint, reply, WRITE_ERRORS, type Endpoint } from '../endpoint.ts';
import { idParam } from '../schemas/common.ts';

const keyInfo = z
  .object({
    id: z.number().int(),
    prefix: z.string().describe('Public part of the key, safe to log'),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export function keyEndpoints(repos: Repositories): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/v1/me',
      operationId: 'getCurrentKey',
      summary: 'The name and role of the key presented',
      description: 'What the web pages ask to check an editor key once per visit (nothing is stored on the server beyond the key\'s hash). 401 without a key.',
      tags: ['keys'],
      responses: { 200: { description: 'The key presented', schema: z.object({ keyId: z.number().int(), name: z.string(), role: z.enum(ROLES) }).meta({ id: 'CurrentKey' }) } },
      errors: ['authentication_required', 'invalid_api_key'],
      handler: () => {
        const actor = currentActor();
        if (actor.keyId === null || actor.role === null) throw new AppError('authentication_required', 'Present an API key (Authorization: Bearer <key>) to see whose it is.');
        return reply(200, { keyId: actor.keyId, name: actor.name, role: actor.role });
      },
    }),
    defineEndpoint({
      method: 'post',
      path: '/v1/keys',
      operationId: 'createApiKey',
      summary: 'Create an API key (admin)',
      description: 'The key is in the response once and never again: only its hash is stored.',
      tags: ['keys'],
      access: 'admin',
      body: z.object({ name: z.string().trim().min(1).max(200), role: z.enum(ROLES) }).strict(),
      responses: { 201: { description: 'Created', schema: keyInfo.extend({ key: z.string() }).meta({ id: 'NewApiKey' }) } },
      errors: ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'authentication_required', 'invalid_api_key', 'forbidden', ...WRITE_ERRORS],
      handler: async ({ body }) => {
        const { key, info } = await createApiKey(repos.apiKeys, body.role, body.name);
        return reply(201, { ...info, key });
      },
    }),
    defineEndpoint({
      method: 'get',
      path: '/v1/keys',
      operationId: 'listApiKeys',
      summary: 'List API keys without their secrets (admin)',
      tags: ['keys'],
      access: 'admin',
      responses: { 200: { description: 'Keys', schema: z.object({ items: z.array(keyInfo) }) } },
      errors: ['authentication_required', 'invalid_api_key', 'forbidden'],
      handler: async () => reply(200, { items: await repos.apiKeys.list() }),
    }),
    defineEndpoint({
      method: 'delete',
      path: '/v1/keys/{id}',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key (admin)',
      tags: ['keys'],
      access: 'admin',
      params: idParam,
      responses: { 200: { description: 'The revoked key', schema: keyInfo } },
      errors: ['validation_failed', 'not_found', 'authentication_required', 'invalid_api_key', 'forbidden', ...WRITE_ERRORS],
      handler: async ({ params }) => reply(200, await revokeApiKey(repos.apiKeys, params.id)),
    }),
  ];
}
