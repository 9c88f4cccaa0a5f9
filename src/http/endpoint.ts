import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { hasRole, runAs, type Actor, type Role } from '../domain/actor.ts';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import type { ProblemIssue } from './problem.ts';
import { BLANK_TEXT } from './schemas/common.ts';
import { yieldIfLong } from '../turns.ts';
import { REASON_FIELD } from './schemas/revision.ts';

type AnySchema = z.ZodType;
interface DeclaredResponse {
  description: string;
  schema: AnySchema;
  /** Media type of `schema`; default application/json. A string body of a non-JSON type is sent as it is. */
  mediaType?: string;
  /** Other representations of the same response, by media type, for content negotiation. */
  alternates?: Record<string, AnySchema>;
  /** Response headers the handler sets, by name, with what each means (documented in OpenAPI). */
  headers?: Record<string, string>;
  /** The handler may answer a TextStream (any of the media types): written as produced, never held whole. */
  streamed?: boolean;
}
type Responses = Record<number, DeclaredResponse>;

type Output<S> = S extends AnySchema ? z.output<S> : undefined;

/**
 * A body already checked against its response schema and serialised where it
 * was produced (a worker thread, or a slice per turn of the event loop): sent
 * as is, so a large answer costs the serving thread neither validation nor
 * serialisation. Given as parts, it is written a part per turn of the event
 * loop (a 500,000-character document is ~1 MB of JSON: converting it to bytes
 * at once holds the thread ~4 ms).
 */
export class SerializedJson<T> {
  declare readonly type: T;
  readonly parts: readonly string[];
  constructor(json: string | readonly string[]) {
    this.parts = typeof json === 'string' ? [json] : json;
  }

  get json(): string {
    return this.parts.join('');
  }
}

/** Items of a long list checked and serialised per turn of the event loop (~0.1 ms each for an article's quotes). */
const ITEMS_PER_TURN = 100;

/** Characters of a long text serialised per turn of the event loop (~0.5 ms). */
const TEXT_PER_TURN = 65_536;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** A long string as JSON, a slice of its characters per turn of the event loop: the parts of one JSON string. */
async function stringInParts(text: string): Promise<string[]> {
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + TEXT_PER_TURN, text.length);
    // A surrogate pair stays whole: its halves apart would be written as escapes.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    const json = JSON.stringify(text.slice(start, end));
    parts.push(json.slice(1, -1));
    start = end;
    if (start < text.length) await nextTurn();
  }
  return ['"', ...parts, '"'];
}

/**
 * `value` checked against `schema` and serialised like any answer, but its
 * list `key` (thousands of quotes for a long article) a slice of items per
 * turn of the event loop (`perTurn`: fewer for larger items, such as search
 * hits with their highlights, ~0.06 ms each), and its string `text` (a
 * document's, up to 500,000 characters) a slice of characters per turn, so
 * that other requests are served in between. A value that fails the check is
 * a contract error, as in the endpoint's own check.
 */
export async function checkedInSlices<S extends z.ZodObject, K extends keyof S['shape'] & string>(
  operation: { operationId: string; status: number },
  schema: S,
  value: z.input<S>,
  key: K,
  perTurn = ITEMS_PER_TURN,
  text?: keyof S['shape'] & string,
): Promise<SerializedJson<z.output<S>>> {
  const { operationId, status } = operation;
  const list = schema.shape[key];
  const items = (value as Record<string, unknown>)[key];
  if (!(list instanceof z.ZodArray) || !Array.isArray(items)) throw new Error(`checkedInSlices: ${key} is not a list of ${operationId}'s answer`);
  const long = text === undefined ? undefined : (value as Record<string, unknown>)[text];
  if (text !== undefined && !(schema.shape[text] instanceof z.ZodString && typeof long === 'string')) {
    throw new Error(`checkedInSlices: ${text} is not a string of ${operationId}'s answer`);
  }
  const check = <T>(part: z.ZodType<T>, input: unknown): T => {
    const checked = part.safeParse(input);
    if (!checked.success) throw new ResponseContractError(operationId, status, checked.error);
    return checked.data;
  };
  // The text is checked (a plain string) apart from the rest: the rest is checked with it empty.
  if (text !== undefined) check(schema.shape[text] as z.ZodString, long);
  const whole = check(schema, { ...value, [key]: [], ...(text === undefined ? {} : { [text]: '' }) }) as Record<string, unknown>;
  const rest = Object.fromEntries(Object.entries(whole).filter(([name]) => name !== key && name !== text));
  const parts: string[] = [];
  const head = JSON.stringify(rest);
  parts.push(`${head.slice(0, -1)}${head === '{}' ? '' : ','}`);
  if (text !== undefined) {
    await nextTurn();
    parts.push(`${JSON.stringify(text)}:`, ...(await stringInParts(long as string)), ',');
  }
  parts.push(`${JSON.stringify(key)}:[`);
  for (let i = 0; i < items.length; i += perTurn) {
    if (i > 0 || text !== undefined) await nextTurn();
    const json = JSON.stringify(check(list, items.slice(i, i + perTurn)));
    if (json !== '[]') parts.push(`${i === 0 ? '' : ','}${json.slice(1, -1)}`);
  }
  parts.push(']}');
  return new SerializedJson(parts);
}

/**
 * A body produced piece by piece (exports of a whole search): written with backpressure as it comes, so memory
 * stays constant. It cannot be checked against a schema; the route's tests check what it writes.
 */
export class TextStream {
  constructor(readonly chunks: AsyncIterable<string>) {}
}

type Streamed<D extends DeclaredResponse> = D['streamed'] extends true ? TextStream : never;

type AlternateReply<S extends number, D extends DeclaredResponse> = D['alternates'] extends Record<string, AnySchema>
  ? {
      [M in keyof D['alternates'] & string]: {
        status: S;
        mediaType: M;
        body: z.input<D['alternates'][M]> | Streamed<D>;
        headers?: Record<string, string>;
      };
    }[keyof D['alternates'] & string]
  : never;

/** What a handler returns: one of the declared statuses, with a body its schema (or the named alternate's) accepts. */
export type Reply<R extends Responses> = {
  [S in keyof R & number]:
    | {
        status: S;
        mediaType?: undefined;
        body: z.input<R[S]['schema']> | SerializedJson<z.output<R[S]['schema']>> | Streamed<R[S]>;
        headers?: Record<string, string>;
      }
    | AlternateReply<S, R[S]>;
}[keyof R & number];

export const JSON_MEDIA_TYPE = 'application/json';

/** JSON and its structured-suffix types (application/ld+json, application/problem+json …). */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === JSON_MEDIA_TYPE || mediaType.endsWith('+json');
}

/** Every representation of a declared response, by media type: the main one first. */
export function representations(declared: DeclaredResponse): [string, AnySchema][] {
  return [[declared.mediaType ?? JSON_MEDIA_TYPE, declared.schema], ...Object.entries(declared.alternates ?? {})];
}

/**
 * One route, fully described: the same zod schemas validate the request,
 * type the handler, validate the response and produce the OpenAPI document.
 * Handlers only ever see parsed input.
 */
export interface Endpoint<
  P extends AnySchema | undefined = AnySchema | undefined,
  Q extends AnySchema | undefined = AnySchema | undefined,
  B extends AnySchema | undefined = AnySchema | undefined,
  R extends Responses = Responses,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path: /v1/quotes/{id} */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /**
   * A body the handler reads itself, as it arrives (an import's NDJSON lines), instead of a JSON `body`: its
   * media type (checked: 415 otherwise) and what it holds, for the OpenAPI document.
   */
  streamedBody?: { mediaType: string; description: string };
  responses: R;
  /** Problem codes this route can answer with (besides the ones every route can). */
  errors: ErrorCode[];
  /** Who may call it. Default: reads need `reader` (public when reads are public), writes `editor`. */
  access?: 'public' | Role;
  handler: (
    input: { params: Output<P>; query: Output<Q>; body: Output<B> },
    ctx: { req: Request; res: Response },
  ) => Promise<Reply<R>> | Reply<R>;
}

export function defineEndpoint<
  P extends AnySchema | undefined,
  Q extends AnySchema | undefined,
  B extends AnySchema | undefined,
  R extends Responses,
>(endpoint: Endpoint<P, Q, B, R>): Endpoint {
  // Types are checked here, at the definition; the router and the OpenAPI builder need only the erased shape.
  return endpoint as unknown as Endpoint;
}

export function toIssues(error: z.ZodError, prefix: string): ProblemIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

function parsePart<S extends AnySchema | undefined>(schema: S, value: unknown, part: string): Output<S> {
  if (schema === undefined) return undefined as Output<S>;
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = toIssues(result.error, part);
    const first = issues[0];
    const blank = (issue: z.core.$ZodIssue) => issue.code === 'custom' && issue.params?.problem === BLANK_TEXT;
    // A correction without a reason (missing, not text, or blank) is refused with its own code.
    if (part === 'body' && result.error.issues.every((issue) => issue.path.length === 1 && issue.path[0] === REASON_FIELD)) {
      throw new AppError('reason_required', 'Say why: a correction needs a reason (the "reason" field).', { issues });
    }
    if (part === 'body' && result.error.issues.every(blank)) {
      throw new AppError('blank_text', first ? `${first.path}: ${first.message}` : 'A text is blank.', { issues });
    }
    throw new AppError(
      'validation_failed',
      first ? `${first.path}: ${first.message}` : `Invalid ${part}.`,
      { issues },
    );
  }
  return result.data as Output<S>;
}

/** Raised when a handler's reply does not match its declared schema: a bug, never the client's fault. */
export class ResponseContractError extends Error {
  constructor(operationId: string, status: number, error: z.ZodError | string) {
    super(`Response of ${operationId} (${status}) breaks its schema: ${typeof error === 'string' ? error : error.message}`);
    this.name = 'ResponseContractError';
  }
}

export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}

export interface AccessPolicy {
  /** The actor of the key the request presents, null without one; throws for a bad key. */
  identify(req: Request): Promise<Actor | null>;
  publicReads: boolean;
}

/** What any route taking a JSON body can answer about the body itself. */
export const BODY_ERRORS: readonly ErrorCode[] = ['validation_failed', 'malformed_json', 'invalid_content_encoding', 'unsupported_media_type', 'payload_too_large'];

/** What any route that writes can answer when the storage cannot take the write: busy past its timeout (503), or full (507). */
export const WRITE_ERRORS: readonly ErrorCode[] = ['database_busy', 'storage_full'];

export function requiredAccess(endpoint: Pick<Endpoint, 'access' | 'method'>): 'public' | Role {
  return endpoint.access ?? (endpoint.method === 'get' ? 'reader' : 'editor');
}

async function authorize(endpoint: Endpoint, policy: AccessPolicy, req: Request, res: Response): Promise<Actor> {
  const anonymous: Actor = { keyId: null, role: null, via: 'api', name: 'anonymous' };
  const required = requiredAccess(endpoint);
  const actor = await policy.identify(req);
  if (required === 'public' || (required === 'reader' && policy.publicReads)) return actor ?? anonymous;
  if (actor === null || actor.role === null) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="whosaid"');
    throw new AppError('authentication_required', `This route needs an API key with the ${required} role (Authorization: Bearer <key>).`);
  }
  if (!hasRole(actor.role, required)) {
    throw new AppError('forbidden', `This route needs the ${required} role; the key has ${actor.role}.`);
  }
  return actor;
}

function toHandler(endpoint: Endpoint, policy: AccessPolicy): RequestHandler {
  return async (req, res) => runAs(await authorize(endpoint, policy, req, res), () => handle(endpoint, req, res));
}

async function handle(endpoint: Endpoint, req: Request, res: Response): Promise<void> {
  // The turn's clock starts here: work a handler does before it lets the event loop run counts (src/turns.ts).
  await yieldIfLong();
  if (endpoint.body !== undefined && !req.is(['application/json', 'application/*+json'])) {
    throw new AppError('unsupported_media_type', 'This route takes a JSON body: send Content-Type: application/json.');
  }
  if (endpoint.streamedBody !== undefined && req.is(endpoint.streamedBody.mediaType) !== endpoint.streamedBody.mediaType) {
    throw new AppError('unsupported_media_type', `This route takes ${endpoint.streamedBody.mediaType}: send Content-Type: ${endpoint.streamedBody.mediaType}.`);
  }
  const input = {
    params: parsePart(endpoint.params, req.params, 'params'),
    query: parsePart(endpoint.query, req.query, 'query'),
    body: parsePart(endpoint.body, req.body, 'body'),
  };
  const reply = await endpoint.handler(input, { req, res });
  const declared = endpoint.responses[reply.status];
  if (declared === undefined) throw new ResponseContractError(endpoint.operationId, reply.status, 'undeclared status');
  if (reply.body instanceof SerializedJson) {
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    res.status(reply.status).type('application/json');
    const { parts } = reply.body;
    // A body that fits one turn goes out whole, with its length: one write to the socket, where a stream takes
    // two (its chunk, then its end), each a system call that costs about as much as the statement behind a page.
    if (parts.reduce((n, part) => n + part.length, 0) <= TEXT_PER_TURN) res.send(parts.join(''));
    else await writeStream(res, new TextStream(inTurns(parts)));
    return;
  }
  const mediaType = reply.mediaType ?? declared.mediaType ?? JSON_MEDIA_TYPE;
  const schema = reply.mediaType === undefined ? declared.schema : declared.alternates?.[reply.mediaType];
  if (schema === undefined) throw new ResponseContractError(endpoint.operationId, reply.status, `undeclared media type ${mediaType}`);
  if (reply.body instanceof TextStream) {
    if (declared.streamed !== true) throw new ResponseContractError(endpoint.operationId, reply.status, 'not declared as streamed');
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    res.status(reply.status).type(mediaType);
    await writeStream(res, reply.body);
    return;
  }
  const checked = schema.safeParse(reply.body);
  if (!checked.success) throw new ResponseContractError(endpoint.operationId, reply.status, checked.error);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status);
  if (checked.data === undefined) {
    res.end();
  } else if (isJsonMediaType(mediaType)) {
    res.type(mediaType).send(JSON.stringify(checked.data));
  } else if (typeof checked.data === 'string') {
    res.type(mediaType).send(checked.data);
  } else {
    throw new ResponseContractError(endpoint.operationId, reply.status, `a ${mediaType} body must be text`);
  }
}

/** Parts one per turn of the event loop, small ones together (~64 KB at most per turn). */
async function* inTurns(parts: readonly string[]): AsyncGenerator<string> {
  let batch = '';
  for (const part of parts) {
    if (batch.length > 0 && batch.length + part.length > TEXT_PER_TURN) {
      yield batch;
      batch = '';
      await nextTurn();
    }
    batch += part;
  }
  if (batch.length > 0) yield batch;
}

/** Writes each chunk, waiting for the socket to drain when it is full; stops when the client goes away. */
async function writeStream(res: Response, stream: TextStream): Promise<void> {
  try {
    for await (const chunk of stream.chunks) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    res.end();
  } catch (error) {
    // Headers are gone: the only honest signal left is a broken response, never a truncated "success".
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

export function mountEndpoints(router: Router, endpoints: readonly Endpoint[], policy: AccessPolicy): void {
  // A literal path wins over a parameter: /v1/quotes/export must not be taken for /v1/quotes/{id}.
  const literalFirst = [...endpoints].sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')));
  for (const endpoint of literalFirst) {
    router[endpoint.method](expressPath(endpoint.path), toHandler(endpoint, policy));
  }
}

/** A handler's answer; keeps the status a literal so it is checked against the declared responses. */
export function reply<S extends number, B>(status: S, body: B, headers?: Record<string, string>): { status: S; body: B; headers?: Record<string, string> } {
  return headers === undefined ? { status, body } : { status, body, headers };
}

/** A handler's answer in one of the declared alternate media types of its status. */
export function replyAs<S extends number, M extends string, B>(
  status: S,
  mediaType: M,
  body: B,
  headers?: Record<string, string>,
): { status: S; mediaType: M; body: B; headers?: Record<string, string> } {
  return headers === undefined ? { status, mediaType, body } : { status, mediaType, body, headers };
}
