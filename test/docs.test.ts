import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/test-app.ts';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: { example?: unknown };
}
interface Operation {
  operationId: string;
  tags: string[];
  parameters?: Parameter[];
}
type Paths = Record<string, Record<string, Operation>>;

describe('interactive docs at /docs', () => {
  const t = useTestApp({ seed: true });

  it('redirects /docs to /docs/ so relative asset URLs resolve', async () => {
    await request(t.app).get('/docs').expect(301).expect('Location', '/docs/');
  });

  it('serves Swagger UI from the local package, pointed at /openapi.json, with nothing from another host', async () => {
    const page = await request(t.app).get('/docs/').expect(200).expect('Content-Type', /text\/html/);
    expect(page.text).toContain('ui/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const init = await request(t.app).get('/docs/docs.js').expect(200).expect('Content-Type', /javascript/);
    expect(init.text).toContain("url: '/openapi.json'");
    expect(init.text).toContain('validatorUrl: null');
    await request(t.app).get('/docs/ui/swagger-ui-bundle.js').expect(200).expect('Content-Type', /javascript/);
    await request(t.app).get('/docs/ui/swagger-ui.css').expect(200).expect('Content-Type', /css/);
  });

  it('when /docs opens, then "Try it out" is off until the reader asks for it', async () => {
    const init = await request(t.app).get('/docs/docs.js').expect(200);
    expect(init.text).toContain('tryItOutEnabled: false');
  });

  it('when the document lists its groups, then they come in the order users need them: quotes (search first), verify, speakers, documents, admin keys late', async () => {
    const doc = (await request(t.app).get('/openapi.json').expect(200)).body as { tags: { name: string }[]; paths: Paths };
    expect(doc.tags.map((tag) => tag.name)).toEqual(['quotes', 'verify', 'review', 'revisions', 'speakers', 'documents', 'feeds', 'extraction', 'keys', 'meta']);
    const firstQuoteOperation = Object.values(doc.paths)
      .flatMap((methods) => Object.values(methods))
      .find((operation) => operation.tags.includes('quotes'));
    expect(firstQuoteOperation?.operationId).toBe('searchQuotes');
  });

  it('when a GET operation is executed with the values /docs fills in, then it answers 200 and a list finds something on the seed', async () => {
    const doc = (await request(t.app).get('/openapi.json').expect(200)).body as { paths: Paths };
    let executed = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      const operation = methods.get;
      if (operation === undefined) continue;
      // Swagger UI fills an input with the parameter's example, else its schema's example.
      const filled = (operation.parameters ?? []).map((p) => ({ ...p, value: p.example ?? p.schema?.example }));
      const url = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(filled.find((p) => p.name === name)?.value)));
      const query = Object.fromEntries(filled.filter((p) => p.in === 'query' && p.value !== undefined).map((p) => [p.name, String(p.value)]));
      const res = await t.api('admin').get(url).query(query);
      expect(res.status, `${operation.operationId} ${url} ${JSON.stringify(query)}`).toBe(200);
      const items: unknown = res.body.items;
      if (Array.isArray(items)) expect(items.length, `${operation.operationId} ${JSON.stringify(query)} finds nothing`).toBeGreaterThan(0);
      executed += 1;
    }
    expect(executed).toBeGreaterThanOrEqual(6);
  });

  it('when an optional parameter has no example of its own operation, then /docs leaves it empty', async () => {
    const doc = (await request(t.app).get('/openapi.json').expect(200)).body as { paths: Paths };
    const search = doc.paths['/v1/quotes']?.get;
    const prefilled = (search?.parameters ?? []).filter((p) => p.example !== undefined || p.schema?.example !== undefined).map((p) => p.name);
    expect(prefilled.sort()).toEqual(['limit', 'q']);
  });
});
