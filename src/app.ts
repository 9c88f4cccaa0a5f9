import express, { type Express } from 'express';
import { DEFAULT_IMPORT_MAX_BYTES, type Config } from './config.ts';
import { DEFAULT_REVIEW_THRESHOLD } from './domain/status.ts';
import { accessPolicy, identifyCaller } from './http/access.ts';
import { mountEndpoints } from './http/endpoint.ts';
import { bodyEncodingGuard, errorHandler, requestContext, routeNotFound } from './http/middleware.ts';
import { readPositionContext } from './http/read-position.ts';
import { openApiRoutes } from './http/openapi/openapi.routes.ts';
import { allEndpoints } from './http/routes/index.ts';
import { authFailureLimiter, corsPolicy, rateLimiter, securityHeaders } from './http/security.ts';
import type { Logger } from './logger.ts';
import type { Repositories } from './storage/ports/index.ts';
import { cursorCodec } from './services/cursor.ts';
import type { Services } from './services/services.ts';
import type { Extractor } from './workers/extraction-pool.ts';
import { webRoutes } from './web/web.routes.ts';

const API_INFO = {
  title: 'whosaid',
  version: '0.1.0',
  description: 'Quote attribution: who said what, where it first appeared, who relayed it, how the wording differs. Errors are RFC 9457 problem+json documents with a stable `code`.',
};

export type AppConfig = Pick<Config, 'maxBodyBytes' | 'publicReads' | 'corsOrigins' | 'rateLimit' | 'trustProxy' | 'cursorSecret' | 'publisher'> &
  Partial<Pick<Config, 'importMaxBytes' | 'reviewConfidenceThreshold' | 'quotebankMinSpeakerProbability'>>;

export interface AppDeps {
  config: AppConfig;
  repos: Repositories;
  logger: Logger;
  /** How extraction runs: the server passes its worker pool (see extraction-pool.ts). */
  extractor: Extractor;
}

/** Builds the HTTP application; it never listens (see server.ts). */
export function createApp({ config, repos, logger, extractor }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(logger));
  app.use(readPositionContext);
  app.use(securityHeaders());
  app.use(corsPolicy(config.corsOrigins));
  app.use(identifyCaller(repos.apiKeys, authFailureLimiter(config.rateLimit)));
  app.use(rateLimiter(config.rateLimit));
  app.use(bodyEncodingGuard);
  app.use(express.json({ limit: config.maxBodyBytes, type: ['application/json', 'application/*+json'], strict: true }));
  const services: Services = { cursors: cursorCodec(config.cursorSecret), extractor };
  const endpoints = allEndpoints(repos, services, config.publisher, {
    maxBytes: config.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES,
    quotebank: {
      minSpeakerProbability: config.quotebankMinSpeakerProbability ?? DEFAULT_REVIEW_THRESHOLD,
      reviewBelow: config.reviewConfidenceThreshold ?? DEFAULT_REVIEW_THRESHOLD,
    },
  });
  const router = express.Router();
  mountEndpoints(router, endpoints, accessPolicy(repos.apiKeys, config.publicReads));
  app.use(router);
  app.use(openApiRoutes(endpoints, { info: API_INFO, publicReads: config.publicReads }));
  app.use(webRoutes(repos, { publicReads: config.publicReads, cursors: services.cursors, publisher: config.publisher }));
  app.use(routeNotFound);
  app.use(errorHandler(logger));
  return app;
}
