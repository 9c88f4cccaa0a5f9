import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/test-app.ts';

describe('interactive docs at /docs', () => {
  const t = useTestApp();

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
});
