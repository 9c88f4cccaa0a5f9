import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CODES } from '../src/domain/errors.ts';
import { defineEndpoint, reply } from '../src/http/endpoint.ts';
import { ALWAYS_POSSIBLE_ERRORS, buildOpenApiDocument } from '../src/http/openapi/openapi.document.ts';
import { allEndpoints } from '../src/http/routes/index.ts';
import { ContractChecker, type OpenApiLike } from './support/openapi-contract.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; example?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown; example?: unknown; examples?: Record<string, { value: unknown }> }> }>;
}

describe('GET /openapi.json', () => {
  let t: TestApp;
  let document: OpenApiLike & Json;
  beforeAll(async () => {
    t = await createTestApp();
    document = (await request(t.app).get('/openapi.json').expect(200).expect('Content-Type', /application\/json/)).body;
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op: op as unknown as Operation })),
    );

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every endpoint of the registry, with its parameters', () => {
    const endpoints = allEndpoints(t.repos, t.services);
    expect(operations()).toHaveLength(endpoints.length);
    for (const endpoint of endpoints) {
      const op = document.paths[endpoint.path]?.[endpoint.method] as unknown as Operation | undefined;
      expect(op?.operationId, `${endpoint.method} ${endpoint.path}`).toBe(endpoint.operationId);
      const declared = (op?.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      for (const name of Object.keys((endpoint.params as z.ZodObject | undefined)?.shape ?? {})) expect(declared).toContain(`path:${name}`);
      for (const name of Object.keys((endpoint.query as z.ZodObject | undefined)?.shape ?? {})) expect(declared).toContain(`query:${name}`);
      if (endpoint.body !== undefined) expect(op?.requestBody?.content['application/json']).toBeDefined();
    }
  });

  it('documents each declared problem code as problem+json under the status ERROR_CODES gives it', () => {
    const checker = new ContractChecker(document);
    for (const endpoint of allEndpoints(t.repos, t.services)) {
      const op = document.paths[endpoint.path]?.[endpoint.method] as unknown as Operation;
      for (const code of [...endpoint.errors, ...ALWAYS_POSSIBLE_ERRORS]) {
        const status = String(ERROR_CODES[code].status);
        const problem = op.responses[status]?.content?.['application/problem+json'];
        expect(problem?.examples?.[code], `${endpoint.operationId} ${status} ${code}`).toBeDefined();
        const pointer = `/paths/${endpoint.path.replaceAll('/', '~1')}/${endpoint.method}/responses/${status}/content/application~1problem+json/schema`;
        const validate = checker.validatorAt(pointer);
        expect(validate(problem?.examples?.[code]?.value), JSON.stringify(validate.errors)).toBe(true);
        // The narrowed code enum refuses a code this status does not carry on this route.
        expect(validate({ ...(problem?.examples?.[code]?.value as Json), code: 'not_a_code' })).toBe(false);
      }
    }
  });

  it('has examples from the seed data, each valid against its schema', () => {
    const checker = new ContractChecker(document);
    let checked = 0;
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        const example = response.content?.['application/json']?.example;
        if (example === undefined) continue;
        const validate = checker.validatorAt(`/paths/${path.replaceAll('/', '~1')}/${method}/responses/${status}/content/application~1json/schema`);
        expect(validate(example), `${op.operationId} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    // Request examples (bodies and parameters) must be accepted by the request schemas too.
    for (const { path, method, op } of operations()) {
      const pointer = `/paths/${path.replaceAll('/', '~1')}/${method}`;
      if (op.requestBody?.content['application/json']?.example !== undefined) {
        const validate = checker.validatorAt(`${pointer}/requestBody/content/application~1json/schema`);
        expect(validate(op.requestBody.content['application/json'].example), `${op.operationId} body: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      }
      (op.parameters ?? []).forEach((parameter, i) => {
        if (parameter.example === undefined) return;
        const validate = checker.validatorAt(`${pointer}/parameters/${i}/schema`);
        // Query and path values travel as text; the schema of a coerced number documents the number.
        expect(validate(parameter.example), `${op.operationId} ${parameter.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      });
    }
    expect(checked).toBeGreaterThanOrEqual(15);
    const search = document.paths['/v1/quotes']?.get as unknown as Operation;
    expect(search.parameters?.find((p) => p.name === 'q')?.example).toBe('ambassadorial');
    expect(JSON.stringify(document)).toContain('North Korea will be represented at the ambassadorial level');
  });

  it('documents the access rules: key schemes, who needs a key, and the 401/403 that follow', () => {
    const components = document.components as { securitySchemes: Record<string, { type: string }> };
    expect(Object.keys(components.securitySchemes).sort()).toEqual(['apiKeyHeader', 'bearerAuth']);
    const op = (path: string, method: string) => document.paths[path]?.[method] as unknown as Operation & { security: object[]; description: string };
    // Reads are public in the test app: a key is optional, and only a bad one can fail.
    expect(op('/v1/quotes', 'get').security).toEqual([{}, { bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(op('/v1/quotes', 'get').responses['401']?.content?.['application/problem+json']?.examples).toHaveProperty('invalid_api_key');
    expect(op('/v1/quotes', 'get').responses['403']).toBeUndefined();
    expect(op('/health', 'get').security).toEqual([]);
    const write = op('/v1/speakers', 'post');
    expect(write.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(write.description).toContain('`editor` role');
    expect(Object.keys(write.responses['401']?.content?.['application/problem+json']?.examples ?? {}).sort()).toEqual(['authentication_required', 'invalid_api_key']);
    expect(write.responses['403']?.content?.['application/problem+json']?.examples).toHaveProperty('forbidden');
    expect(write.responses['429']?.content?.['application/problem+json']?.examples).toHaveProperty('rate_limited');

    const closed = buildOpenApiDocument(allEndpoints(t.repos, t.services), { info: { title: 't', version: '0', description: 'd' }, publicReads: false });
    expect(closed.paths?.['/v1/quotes']?.get?.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
  });

  it('picks up an endpoint added to the registry without any other change', () => {
    const extra = defineEndpoint({
      method: 'post',
      path: '/v1/extra/{id}',
      operationId: 'extraForTest',
      summary: 'Only in this test',
      tags: ['test'],
      params: z.object({ id: z.coerce.number().int() }),
      body: z.object({ text: z.string() }),
      responses: { 200: { description: 'ok', schema: z.object({ verdict: z.enum(['accurate', 'not_found']) }) } },
      errors: ['validation_failed', 'not_found'],
      handler: () => reply(200, { verdict: 'accurate' as const }),
    });
    const built = buildOpenApiDocument([...allEndpoints(t.repos, t.services), extra], { info: { title: 't', version: '0', description: 'd' }, publicReads: true });
    const op = built.paths?.['/v1/extra/{id}']?.post;
    expect(op?.operationId).toBe('extraForTest');
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404', '429', '500']);
    // Declared response headers are documented (the 201s of the real registry declare Location).
    const created = built.paths?.['/v1/speakers']?.post?.responses?.['201'] as { headers?: Record<string, { description?: string }> } | undefined;
    expect(created?.headers?.Location?.description).toBe('URL of the new speaker');
  });
});
