import cors from 'cors';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Config } from '../config.ts';
import { presentedKey } from './access.ts';
import { problemFor, sendProblem } from './problem.ts';

/** Security headers; the API serves JSON, so the strictest defaults apply. */
export function securityHeaders(): RequestHandler {
  return helmet();
}

/** CORS only for the configured origins; none configured means same-origin only (no CORS headers). */
export function corsPolicy(origins: string[]): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  return cors({
    origin: origins.includes('*') ? '*' : origins,
    allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Location', 'Server-Timing'],
  });
}

/**
 * Per-key (or per-IP without a key) request budget with the IETF `RateLimit`
 * and `RateLimit-Policy` headers; over budget → 429 problem+json with Retry-After.
 * Keys are counted by their public prefix so secrets never sit in the limiter's memory.
 */
export function rateLimiter(limits: Config['rateLimit']): RequestHandler {
  return rateLimit({
    windowMs: limits.windowMs,
    limit: limits.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const key = presentedKey(req);
      const prefix = key === null ? null : /^ws_([A-Za-z0-9]{12})_/.exec(key)?.[1];
      return prefix ? `key:${prefix}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (req, res) => {
      sendProblem(res, problemFor('rate_limited', `At most ${limits.max} requests per ${limits.windowMs / 1000} s; retry later.`, req.originalUrl));
    },
  });
}
