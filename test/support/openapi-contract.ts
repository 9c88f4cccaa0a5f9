import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Response } from 'supertest';

// ajv-formats is CommonJS; under ESM its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const DOCUMENT_ID = 'https://whosaid.local/openapi.json';

export interface OpenApiLike {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> }>>;
}

/** JSON-pointer escaping (RFC 6901) of one path segment. */
const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Validates real responses against the generated document with Ajv (JSON
 * Schema 2020-12, the dialect of OpenAPI 3.1). The document is added whole, so
 * its `#/components/schemas/…` references resolve as they would for a client.
 */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiLike) {
    addFormats(this.ajv);
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  }

  validatorAt(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  /** Errors (empty when it conforms) of a real response to `method path` (path as in the document). */
  check(method: string, path: string, res: Response): string[] {
    const responses = this.document.paths[path]?.[method]?.responses;
    if (responses === undefined) return [`${method.toUpperCase()} ${path} is not in the document`];
    const declared = responses[String(res.status)];
    if (declared === undefined) return [`status ${res.status} is not declared for ${method.toUpperCase()} ${path}`];
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
    if (declared.content?.[mediaType] === undefined) return [`${res.status} is not declared with content type ${mediaType}`];
    const missing = Object.keys(declared.headers ?? {}).filter((name) => res.headers[name.toLowerCase()] === undefined);
    if (missing.length > 0) return [`declared header(s) ${missing.join(', ')} missing from the ${res.status} response`];
    const pointer = ['', 'paths', path, method, 'responses', String(res.status), 'content', mediaType, 'schema']
      .map(escapePointer)
      .join('/');
    const validate = this.validatorAt(pointer);
    // Supertest parses JSON bodies only; others (Atom, CSV) are validated as the text they are.
    const body = mediaType === 'application/json' || mediaType.endsWith('+json') ? res.body : res.text;
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  }
}
