import type { Request, RequestHandler } from 'express';
import type { Actor } from '../domain/actor.ts';
import { AppError } from '../domain/errors.ts';
import type { ApiKeyRepository } from '../repositories/ports.ts';
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

/**
 * Who a request comes from, decided once, before rate limiting: no key, a
 * verified key, or a key that failed verification (kept to answer 401 where
 * a route needs a key).
 */
export type Caller = { kind: 'anonymous' } | { kind: 'key'; actor: Actor } | { kind: 'invalid'; error: AppError };

const callers = new WeakMap<Request, Caller>();

export function callerOf(req: Request): Caller | undefined {
  return callers.get(req);
}

function verify(keys: ApiKeyRepository, req: Request): Caller {
  const key = presentedKey(req);
  if (key === null) return { kind: 'anonymous' };
  try {
    return { kind: 'key', actor: authenticate(keys, key) };
  } catch (error) {
    if (error instanceof AppError) return { kind: 'invalid', error };
    throw error;
  }
}

/**
 * Verifies the presented key (a hash and an indexed lookup: cheap). A key
 * that does not verify is counted by `failed`, which answers 429 once the
 * client address has spent its failed-authentication budget, instead of
 * letting it through to the 401 of the route. A valid key always passes: a
 * failing neighbour behind the same address cannot lock its owner out.
 */
export function identifyCaller(keys: ApiKeyRepository, failed: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const caller = verify(keys, req);
    callers.set(req, caller);
    if (caller.kind === 'invalid') failed(req, res, next);
    else next();
  };
}

export function accessPolicy(keys: ApiKeyRepository, publicReads: boolean): AccessPolicy {
  return {
    publicReads,
    identify(req: Request): Actor | null {
      const caller = callerOf(req) ?? verify(keys, req);
      if (caller.kind === 'invalid') throw caller.error;
      return caller.kind === 'key' ? caller.actor : null;
    },
  };
}
