import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import type { Endpoint } from '../endpoint.ts';
import { buildOpenApiDocument, type DocumentOptions } from './openapi.document.ts';

const require = createRequire(import.meta.url);
/** swagger-ui-dist ships the built UI; served from node_modules so nothing is fetched from a CDN. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const DOCS_DIR = path.resolve(import.meta.dirname, 'docs');

/** Swagger UI styles its elements inline, so the docs get their own, slightly looser policy. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** GET /openapi.json (generated once, from the registry) and the interactive docs at /docs. */
export function openApiRoutes(endpoints: readonly Endpoint[], options: DocumentOptions): Router {
  const document = JSON.stringify(buildOpenApiDocument(endpoints, options));
  const router = express.Router();
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').setHeader('Cache-Control', 'no-cache');
    res.send(document);
  });
  router.use('/docs', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    next();
  });
  router.get('/docs', (req, res, next) => {
    // Relative asset URLs in index.html need the trailing slash.
    if (!req.originalUrl.split('?')[0]?.endsWith('/')) {
      res.redirect(301, '/docs/');
      return;
    }
    next();
  });
  router.use('/docs', express.static(DOCS_DIR, { index: 'index.html', redirect: false }));
  router.use('/docs/ui', express.static(SWAGGER_UI_DIR, { index: false, redirect: false }));
  return router;
}
