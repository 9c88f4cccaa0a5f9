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
 * Verifies the presented key. `admit` runs first when a key is presented
 * (the failed-authentication limit: it may refuse before any verification);
 * `failed` is told of each key that does not verify.
 */
export function identifyCaller(
  keys: ApiKeyRepository,
  guard: { admit: RequestHandler; failed: (req: Request) => void },
): RequestHandler {
  return (req, res, next) => {
    if (presentedKey(req) === null) {
      callers.set(req, { kind: 'anonymous' });
      next();
      return;
    }
    guard.admit(req, res, (error?: unknown) => {
      if (error !== undefined) {
        next(error);
        return;
      }
      const caller = verify(keys, req);
      if (caller.kind === 'invalid') guard.failed(req);
      callers.set(req, caller);
      next();
    });
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
