import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { ERROR_CODES, type ErrorCode } from '../../domain/errors.ts';
import type { Role } from '../../domain/actor.ts';
import { isJsonMediaType, representations, requiredAccess, type Endpoint } from '../endpoint.ts';
import { problemFor, problemSchema, PROBLEM_CONTENT_TYPE } from '../problem.ts';
import { OPERATION_EXAMPLES, type OperationExamples } from './openapi.examples.ts';
import { orderedTags } from './openapi.tags.ts';

/**
 * Problems any route can answer with, whatever it declares: an unexpected
 * failure, the rate limit, and a presented key that is not valid (checked on every route).
 */
export const ALWAYS_POSSIBLE_ERRORS: readonly ErrorCode[] = ['internal_error', 'rate_limited', 'invalid_api_key'];

const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key: `Authorization: Bearer ws_…`' },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same API key in `X-API-Key`' },
} as const;
const WITH_KEY: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/** Who may call an endpoint on this server: anyone, or only with a key of some role. */
function accessOf(endpoint: Endpoint, publicReads: boolean): { keyRole: Role | null } {
  const required = requiredAccess(endpoint);
  if (required === 'public' || (required === 'reader' && publicReads)) return { keyRole: null };
  return { keyRole: required };
}

/** The problems the access rules add: no key (401), and a key whose role is too low (403). */
function accessErrors(keyRole: Role | null): ErrorCode[] {
  if (keyRole === null) return [];
  return keyRole === 'reader' ? ['authentication_required'] : ['authentication_required', 'forbidden'];
}

export type OpenApiDocument = ReturnType<typeof createDocument>;

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

export interface DocumentOptions {
  info: DocumentInfo;
  /** Whether this server lets anyone read (PUBLIC_READS): decides which reads need a key. */
  publicReads: boolean;
}

/** The problem codes of one route, grouped by the HTTP status each code is answered with. */
function errorsByStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...ALWAYS_POSSIBLE_ERRORS])) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

function problemResponse(endpoint: Endpoint, codes: ErrorCode[]): ZodOpenApiResponseObject {
  // The shared Problem component, with `code` narrowed to what this status can carry on this route.
  // Loose: the other members are the Problem's; a plain object would render additionalProperties: false.
  const narrowed = z.looseObject({ code: z.enum(codes as [ErrorCode, ...ErrorCode[]]) });
  const examples = Object.fromEntries(
    codes.map((code) => [
      code,
      { summary: ERROR_CODES[code].title, value: problemFor(code, `Example: ${ERROR_CODES[code].title}.`, examplePath(endpoint)) },
    ]),
  );
  return {
    description: codes.map((code) => `\`${code}\`: ${ERROR_CODES[code].title}`).join('; '),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: z.intersection(problemSchema, narrowed), examples } },
  };
}

/** The path with the example's parameters filled in, for the `instance` of example problems. */
function examplePath(endpoint: Endpoint): string {
  const params = OPERATION_EXAMPLES[endpoint.operationId]?.params ?? {};
  return endpoint.path.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

function operationFor(endpoint: Endpoint, publicReads: boolean): ZodOpenApiOperationObject {
  const { keyRole } = accessOf(endpoint, publicReads);
  const access =
    keyRole === null
      ? requiredAccess(endpoint) === 'public'
        ? 'Open to everyone.'
        : 'Open to everyone on this server (public reads); a key may be sent.'
      : `Needs an API key with the \`${keyRole}\` role (or higher).`;
  const examples: OperationExamples = OPERATION_EXAMPLES[endpoint.operationId] ?? {};
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, declared] of Object.entries(endpoint.responses)) {
    const example = examples.responses?.[Number(status)];
    responses[status] = {
      description: declared.description,
      ...(declared.headers === undefined
        ? {}
        : {
            headers: Object.fromEntries(
              Object.entries(declared.headers).map(([name, description]) => [name, { description, required: true, schema: { type: 'string' } }]),
            ),
          }),
      content: Object.fromEntries(
        representations(declared).map(([mediaType, schema], i) => [
          mediaType,
          { schema, ...(example === undefined || i > 0 || !isJsonMediaType(mediaType) ? {} : { example }) },
        ]),
      ),
    };
  }
  for (const [status, codes] of errorsByStatus([...endpoint.errors, ...accessErrors(keyRole)])) {
    responses[String(status)] = problemResponse(endpoint, codes);
  }

  const requestParams: NonNullable<ZodOpenApiOperationObject['requestParams']> = {};
  if (endpoint.params !== undefined) requestParams.path = endpoint.params as z.ZodObject;
  if (endpoint.query !== undefined) requestParams.query = endpoint.query as z.ZodObject;
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: endpoint.description === undefined ? access : `${endpoint.description}\n\n${access}`,
    tags: endpoint.tags,
    // Empty requirement first = the key is optional.
    security: keyRole === null ? (requiredAccess(endpoint) === 'public' ? [] : [{}, ...WITH_KEY]) : WITH_KEY,
    requestParams,
    ...(endpoint.streamedBody === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            description: endpoint.streamedBody.description,
            content: { [endpoint.streamedBody.mediaType]: { schema: z.string().describe(endpoint.streamedBody.description) } },
          },
        }),
    ...(endpoint.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: endpoint.body, ...(examples.body === undefined ? {} : { example: examples.body }) },
            },
          },
        }),
    responses: responses as ZodOpenApiResponsesObject,
  };
}

/**
 * Parameter examples are set after generation: the schemas are shared, the examples belong to one operation.
 * An optional parameter the operation's examples leave out gets no example at all (its shared schema's example
 * is dropped): Swagger UI fills a parameter's input with its example, and an example date in every date filter
 * would make "Execute" find nothing.
 */
function addParameterExamples(document: OpenApiDocument, endpoints: readonly Endpoint[]): void {
  for (const endpoint of endpoints) {
    const examples = OPERATION_EXAMPLES[endpoint.operationId];
    const operation = document.paths?.[endpoint.path]?.[endpoint.method];
    if (operation === undefined) continue;
    for (const parameter of operation.parameters ?? []) {
      if ('$ref' in parameter) continue;
      const source = parameter.in === 'path' ? examples?.params : parameter.in === 'query' ? examples?.query : undefined;
      const value = source?.[parameter.name];
      if (value !== undefined) {
        parameter.example = value;
      } else if (parameter.required !== true) {
        delete parameter.example;
        if (parameter.schema !== undefined && !('$ref' in parameter.schema)) delete parameter.schema.example;
      }
    }
  }
}

/**
 * The OpenAPI 3.1 document of every endpoint in the registry: the same zod
 * schemas that validate requests and responses, rendered by zod-openapi.
 * Nothing here names a route, so endpoints added to the registry appear by themselves.
 */
export function buildOpenApiDocument(endpoints: readonly Endpoint[], { info, publicReads }: DocumentOptions): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const endpoint of endpoints) {
    paths[endpoint.path] = { ...paths[endpoint.path], [endpoint.method]: operationFor(endpoint, publicReads) };
  }
  const tags = orderedTags(endpoints.flatMap((e) => e.tags));
  const document = createDocument({
    openapi: '3.1.0',
    info: { ...info },
    tags,
    paths,
    components: { schemas: { Problem: problemSchema }, securitySchemes: SECURITY_SCHEMES },
  });
  addParameterExamples(document, endpoints);
  return document;
}
