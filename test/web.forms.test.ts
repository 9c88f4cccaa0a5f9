import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchQuery } from '../src/http/routes/quotes.routes.ts';
import { MAX_CLAIM_CHARS } from '../src/http/routes/verify.routes.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/** The attributes of the element with this id, from a page's HTML. */
function attributesOf(page: string, id: string): Record<string, string> {
  const tag = new RegExp(`<(?:input|textarea)[^>]*\\bid="${id}"[^>]*>`).exec(page)?.[0];
  if (tag === undefined) throw new Error(`no input #${id}`);
  return Object.fromEntries([...tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].slice(1).map((m) => [m[1] ?? '', m[2] ?? '']));
}

describe('web forms and icons over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('when a browser asks for /favicon.ico, then it gets an icon, and every page and /docs link to one that exists', async () => {
    const icon = await request(t.app).get('/favicon.ico').expect(200);
    expect(icon.headers['content-type']).toMatch(/^image\//);
    expect(icon.body.length).toBeGreaterThan(100);
    for (const path of ['/', '/check', '/quotes/3', '/speakers/lim-eul-chul', '/docs/']) {
      const page = await request(t.app).get(path).expect(200);
      const hrefs = [...page.text.matchAll(/<link rel="icon" href="([^"]+)"/g)].map((m) => m[1] ?? '');
      expect(hrefs, path).toEqual(['/favicon.ico', '/assets/favicon.svg']);
    }
    const svg = await request(t.app).get('/assets/favicon.svg').expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('when the check form is shown, then its text limit is the API claim limit and the date takes YYYY-MM-DD', async () => {
    const page = (await request(t.app).get('/check').expect(200)).text;
    expect(attributesOf(page, 'c-text').maxlength).toBe(String(MAX_CLAIM_CHARS));
    expect(attributesOf(page, 'c-speaker').maxlength).toBe('200');
    const date = attributesOf(page, 'c-date');
    expect(date).toMatchObject({ type: 'text', placeholder: 'YYYY-MM-DD', maxlength: '10' });
    expect(new RegExp(`^(?:${date.pattern})$`).test('2025-05-06')).toBe(true);
    expect(new RegExp(`^(?:${date.pattern})$`).test('05/06/2025')).toBe(false);
  });

  it('when the search form is shown, then text fields carry the search API limits and every date filter takes YYYY-MM-DD', async () => {
    const page = (await request(t.app).get('/').expect(200)).text;
    expect(attributesOf(page, 'q').maxlength).toBe(String(searchQuery.shape.q.unwrap().maxLength));
    expect(attributesOf(page, 'f-speaker').maxlength).toBe(String(searchQuery.shape.speaker.unwrap().maxLength));
    for (const name of ['from', 'to', 'publishedFrom', 'publishedTo']) {
      expect(attributesOf(page, `f-${name}`), name).toMatchObject({ type: 'text', placeholder: 'YYYY-MM-DD', inputmode: 'numeric' });
    }
    expect(page).not.toContain('type="date"');
  });

  it('when a date filter is filled in as shown, then the search applies it and shows it back as typed', async () => {
    const res = await request(t.app).get('/').query({ q: 'ambassadorial', from: '2025-05-06', to: '2025-05-06' }).expect(200);
    expect(res.text).toContain('<mark>ambassadorial</mark>');
    expect(attributesOf(res.text, 'f-from').value).toBe('2025-05-06');
  });
});
