import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ERROR_CODES, type ErrorCode } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { problemFor, sendProblem } from './problem.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Echoes a sane client X-Request-Id or makes one; logs one line per request with its duration. */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    const writeHead = res.writeHead;
    // Server-Timing must be set before the head goes out; patching writeHead is the one reliable hook.
    res.writeHead = function patchedWriteHead(this: typeof res, ...args: Parameters<typeof writeHead>) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const existing = this.getHeader('Server-Timing');
      const total = `app;dur=${ms.toFixed(2)}`;
      this.setHeader('Server-Timing', existing ? `${String(existing)}, ${total}` : total);
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    res.on('finish', () => {
      logger.info(
        { reqId: id, method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    });
    next();
  };
}

export const routeNotFound: RequestHandler = (req, res) => {
  sendProblem(res, problemFor('route_not_found', `${req.method} ${req.path} is not a route of this API.`, req.originalUrl));
};

/** Errors from body parsing and routing (http-errors), by their documented `type`. */
const HTTP_ERROR_TYPES: Record<string, ErrorCode> = {
  'entity.too.large': 'payload_too_large',
  'entity.parse.failed': 'malformed_json',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
  'entity.verify.failed': 'validation_failed',
  'request.size.invalid': 'validation_failed',
  'parameters.too.many': 'validation_failed',
};

interface HttpError {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  code?: unknown;
}

/** zlib and brotli failures (Z_DATA_ERROR, Z_BUF_ERROR, ERR__ERROR_FORMAT_…), which body-parser passes on as 400s. */
const DECODING_FAILURE = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;

function classify(error: unknown): { code: ErrorCode; detail: string; extras: Record<string, unknown> } | null {
  if (error instanceof AppError) return { code: error.code, detail: error.message, extras: error.details };
  if (typeof error !== 'object' || error === null) return null;
  const http = error as HttpError;
  if (typeof http.type === 'string' && http.type in HTTP_ERROR_TYPES) {
    const code = HTTP_ERROR_TYPES[http.type] as ErrorCode;
    const detail = code === 'malformed_json' ? 'The body could not be parsed as JSON.' : String((error as Error).message);
    return { code, detail, extras: {} };
  }
  if (http.status === 400 && typeof http.code === 'string' && DECODING_FAILURE.test(http.code)) {
    return {
      code: 'invalid_content_encoding',
      detail: 'The body does not decode as its Content-Encoding says (plain, truncated or corrupt data); send it uncompressed or encoded as declared.',
      extras: {},
    };
  }
  // A malformed percent-encoding in the path (express reports it as a 400 URIError).
  if (error instanceof URIError && http.status === 400) {
    return { code: 'validation_failed', detail: 'The URL is not correctly percent-encoded.', extras: {} };
  }
  return null;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = classify(error);
    if (known === null) {
      logger.error({ err: error, reqId: res.locals.requestId, path: req.path }, 'unhandled error');
      sendProblem(res, problemFor('internal_error', 'Something went wrong on our side; it has been logged.', req.originalUrl));
      return;
    }
    // A 503 is temporary by definition: say when to come back.
    if (ERROR_CODES[known.code].status === 503 && !res.hasHeader('Retry-After')) {
      const seconds = known.extras.retryAfterSeconds;
      res.setHeader('Retry-After', String(typeof seconds === 'number' ? seconds : 1));
    }
    sendProblem(res, problemFor(known.code, known.detail, req.originalUrl, known.extras));
  };
}

/** The body encodings every supported Node.js decodes the same way; "identity" means none. */
const BODY_ENCODINGS = new Set(['identity', 'gzip', 'deflate', 'br']);

/**
 * Refuses a body in any other encoding (or in stacked ones) with 415 before it is read. The body parser
 * decodes whatever the runtime's zlib knows (Node 24 adds zstd), so without this the same request would
 * be read on one runtime and refused on another.
 */
export const bodyEncodingGuard: RequestHandler = (req, res, next) => {
  const declared = req.headers['content-encoding'];
  if (declared === undefined || BODY_ENCODINGS.has(declared.trim().toLowerCase())) {
    next();
    return;
  }
  sendProblem(
    res,
    problemFor('unsupported_media_type', `Content-Encoding "${declared.slice(0, 100)}" is not accepted; send the body uncompressed or as one of gzip, deflate, br.`, req.originalUrl),
  );
};
