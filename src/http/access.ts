import type { Request } from 'express';
import type { Actor } from '../domain/actor.ts';
import type { ApiKeyRepository } from '../storage/ports/index.ts';
import { authenticate } from '../services/api-key.service.ts';
import type { AccessPolicy } from './endpoint.ts';

/** The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(req: Request): string | null {
  const authorization = req.get('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? (match[1] as string) : authorization;
  }
  return req.get('x-api-key') ?? null;
}

export function accessPolicy(keys: ApiKeyRepository, publicReads: boolean): AccessPolicy {
  return {
    publicReads,
    async identify(req: Request): Promise<Actor | null> {
      const key = presentedKey(req);
      return key === null ? null : authenticate(keys, key);
    },
  };
}
