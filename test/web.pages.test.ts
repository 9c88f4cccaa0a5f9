import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { snippetHtml } from '../src/web/html.ts';
import { searchFormHtml } from '../src/web/search.view.ts';
import { useTestApp, unique } from './support/test-app.ts';

describe('web pages over HTTP', () => {
  const t = useTestApp({ seed: true });

  it('the search page answers HTML with a strict content security policy', async () => {
    const res = await request(t.app).get('/').query({ q: 'ambassadorial' }).expect(200).expect('Content-Type', /text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.text).toContain('represented at the <mark>ambassadorial</mark> level');
    expect(res.text).toContain('via TASS');
  });

  it('filters narrow the results: speaker and kind', async () => {
    const lim = await request(t.app).get('/').query({ speaker: 'lim-eul-chul', kind: 'partial' }).expect(200);
    expect(lim.text.match(/class="result"/g)).toHaveLength(2);
    expect(lim.text).not.toContain('Yury Ushakov');
    expect(lim.text).toMatch(/<option value="partial" selected>/);
    expect(lim.text).toContain('2 results');
    const none = await request(t.app).get('/').query({ speaker: 'lim-eul-chul', from: '2999-01-01' }).expect(200);
    expect(none.text).toContain('No quotes match');
  });

  it('pages through results with the cursor link, without repeating a quote', async () => {
    const first = await request(t.app).get('/').query({ limit: 2 }).expect(200);
    const next = /<a class="next" href="([^"]+)"/.exec(first.text)?.[1];
    expect(next).toBeDefined();
    const second = await request(t.app).get((next as string).replaceAll('&amp;', '&')).expect(200);
    const ids = (page: string) => [...page.matchAll(/href="\/quotes\/(\d+)"/g)].map((m) => m[1]);
    expect(ids(first.text)).toHaveLength(2);
    expect(ids(second.text)).toHaveLength(2);
    expect(ids(second.text).filter((id) => ids(first.text).includes(id))).toEqual([]);
  });

  it('a speaker filter that names nobody offers the closest speakers', async () => {
    const res = await request(t.app).get('/').query({ speaker: 'Lim Eul' }).expect(200);
    expect(res.text).toContain('No speaker is known as “Lim Eul”');
    expect(res.text).toContain('<a href="/?speaker=lim-eul-chul">Lim Eul-chul</a>');
    const nobody = await request(t.app).get('/').query({ speaker: unique('zz') }).expect(200);
    expect(nobody.text).toMatch(/No speaker is known as “zz\w+”\.<\/p>/);
  });

  it('bad filters are a 400 page that names the field, never a 500', async () => {
    const res = await request(t.app).get('/').query({ from: '2025-02-30' }).expect(400).expect('Content-Type', /text\/html/);
    expect(res.text).toMatch(/role="alert"[\s\S]*from: must be a calendar date/);
    const query = await request(t.app).get('/').query({ q: '-only' }).expect(400);
    expect(query.text).toContain('at least one word to look for');
  });

  it('an unknown speaker or quote is a 404 page', async () => {
    const speaker = await request(t.app).get(`/speakers/${unique('nobody-')}`).expect(404).expect('Content-Type', /text\/html/);
    expect(speaker.text).toContain('No such speaker');
    await request(t.app).get('/quotes/999999').expect(404);
    await request(t.app).get('/quotes/abc').expect(404);
  });

  it('the check page loads its script from this server and points at /v1/verify', async () => {
    const res = await request(t.app).get('/check').expect(200);
    expect(res.text).toContain('<script src="/assets/check.js" defer></script>');
    expect(res.text).toMatch(/<label for="c-text">/);
    const script = await request(t.app).get('/assets/check.js').expect(200).expect('Content-Type', /javascript/);
    expect(script.text).toContain("fetch('/v1/verify'");
    expect(script.text).not.toContain('innerHTML');
  });
});

describe('web pages where reads are not public', () => {
  const t = useTestApp({ seed: true, config: { publicReads: false } });

  it('are off (401 page), so they cannot read around the API keys', async () => {
    for (const path of ['/', '/?q=ambassadorial', '/speakers/lim-eul-chul', '/quotes/3', '/check']) {
      const res = await request(t.app).get(path).expect(401).expect('Content-Type', /text\/html/);
      expect(res.text, path).toContain('Reading needs an API key here');
      expect(res.text, path).not.toContain('ambassadorial level');
    }
  });
});

describe('the filter form', () => {
  it('shows a filter exactly when the search API schema has it (outlet arrives with the search branch)', () => {
    const withOutlet = searchFormHtml({ values: { outlet: 'Reuters <x>' }, fields: ['q', 'outlet', 'kind'] }, 'hints').value;
    expect(withOutlet).toContain('<label for="f-outlet">Outlet</label>');
    expect(withOutlet).toContain('value="Reuters &lt;x&gt;"');
    expect(withOutlet).toContain('<details class="filters" open>');
    const without = searchFormHtml({ values: {}, fields: ['q', 'kind'] }, 'hints').value;
    expect(without).not.toContain('f-outlet');
    expect(without).toContain('<details class="filters">');
  });
});

describe('snippetHtml', () => {
  it('keeps <mark> and re-escapes everything else', () => {
    expect(snippetHtml('a &lt;b&gt; <mark>c</mark> &amp; d').value).toBe('a &lt;b&gt; <mark>c</mark> &amp; d');
    expect(snippetHtml('<img src=x onerror=alert(1)> <mark>x').value).toBe('&lt;img src=x onerror=alert(1)&gt; <mark>x</mark>');
    expect(snippetHtml('</mark><b>').value).toBe('&lt;/mark&gt;&lt;b&gt;');
  });
});
