import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Config } from '../config.ts';
import { callerOf } from './access.ts';
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
    allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'X-Request-Id', 'Whosaid-Read-After'],
    exposedHeaders: ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Location', 'Server-Timing', 'Whosaid-Read-After'],
  });
}

const clientAddress = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');

/**
 * Request budget per verified API key, or per client address for everything
 * else (no key, an invalid key), with the IETF `RateLimit` and
 * `RateLimit-Policy` headers; over budget → 429 problem+json with Retry-After.
 * A key counts as itself only once verified (see identifyCaller), so knowing
 * a key's public prefix does nothing to its budget. Pages and /docs count
 * like the API; /health is exempt, so a health checker behind the same proxy
 * neither spends nor is refused the clients' budget.
 */
export function rateLimiter(limits: Config['rateLimit']): RequestHandler {
  return rateLimit({
    windowMs: limits.windowMs,
    limit: limits.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.path === '/health',
    keyGenerator: (req) => {
      const caller = callerOf(req);
      return caller?.kind === 'key' ? `key:${caller.actor.keyId ?? 'none'}` : `ip:${clientAddress(req)}`;
    },
    handler: (req, res) => {
      sendProblem(res, problemFor('rate_limited', `At most ${limits.max} requests per ${limits.windowMs / 1000} s; retry later.`, req.originalUrl));
    },
  });
}

/**
 * Failed authentications per client address, a budget of its own and much
 * smaller than the request budget: once spent, every further key from that
 * address that does not verify gets 429 (Retry-After) until the window ends.
 * Requests without a key, and valid keys, are not affected.
 */
export function authFailureLimiter(limits: Config['rateLimit']): RequestHandler {
  const windows = new Map<string, { failures: number; resetAt: number }>();
  const current = (address: string, now: number) => {
    const entry = windows.get(address);
    return entry !== undefined && entry.resetAt > now ? entry : undefined;
  };
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [address, entry] of windows) if (entry.resetAt <= now) windows.delete(address);
  }, limits.windowMs);
  sweep.unref();
  return (req, res, next) => {
    const now = Date.now();
    const address = clientAddress(req);
    const entry = current(address, now) ?? { failures: 0, resetAt: now + limits.windowMs };
    entry.failures++;
    windows.set(address, entry);
    if (entry.failures <= limits.authFailures) {
      next();
      return;
    }
    res.setHeader('Retry-After', String(Math.ceil((entry.resetAt - now) / 1000)));
    sendProblem(
      res,
      problemFor('rate_limited', `Too many failed authentications from this address (at most ${limits.authFailures} per ${limits.windowMs / 1000} s); retry later.`, req.originalUrl),
    );
  };
}
