import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { MAX_PREFIX_EXPANSION } from '../src/domain/search-query.ts';
import { addQuote, addSpeaker, ids, search } from './support/search-fixtures.ts';
import { unique, useTestApp } from './support/test-app.ts';

/**
 * A prefix costs the engine every (word, quote) pair of the words it starts,
 * so the cap is on those pairs, counted in the index before the query runs.
 */
describe('GET /v1/quotes: what a prefix* may stand for', () => {
  const t = useTestApp();
  // QUOTES quotes sharing WORDS distinct words that start alike (half "…a…", half "…b…"): together just
  // over the cap of (word, quote) pairs, each half well under it. (The database is this file's own.)
  const WORDS = 2_400;
  const QUOTES = Math.floor(MAX_PREFIX_EXPANSION / WORDS) + 1;
  const stem = 'zqx';
  const words = Array.from({ length: WORDS }, (_, i) => `${stem}${i % 2 === 0 ? 'a' : 'b'}${(i >> 1).toString(36)}`);
  const tag = unique('tag');
  const stored: number[] = [];

  async function store(): Promise<void> {
    if (stored.length > 0) return;
    const speaker = (await addSpeaker(t)).slug;
    for (let n = 0; n < QUOTES; n++) stored.push(await addQuote(t, { speaker, text: `${tag} ${n} ${words.join(' ')}` }));
  }

  it('when the words a prefix starts are in more quotes together than the cap allows, then the search is refused with 400 invalid_search_query', async () => {
    await store();
    const res = await request(t.app).get('/v1/quotes').query({ q: `${stem}*` });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('invalid_search_query');
    expect(res.body.detail).toContain(`"${stem}*"`);
    expect(res.body.detail).toMatch(/Add letters/);
    // The page, the feed and the export refuse it the same way.
    expect((await request(t.app).get('/feeds/search.atom').query({ q: `${stem}*` })).status).toBe(400);
    expect((await request(t.app).get('/v1/quotes/export').query({ q: `${stem}*` })).status).toBe(400);
  }, 120_000);

  it('when the prefixes of a query are within the cap one by one but not together, then it is refused', async () => {
    await store();
    for (const half of [`${stem}a*`, `${stem}b*`]) expect((await request(t.app).get('/v1/quotes').query({ q: `${tag} ${half}` })).status).toBe(200);
    expect((await request(t.app).get('/v1/quotes').query({ q: `${stem}a* OR ${stem}b*` })).status).toBe(400);
    // An excluded prefix is merged too, so it counts as well.
    expect((await request(t.app).get('/v1/quotes').query({ q: `${tag} ${stem}a* -${stem}b*` })).status).toBe(400);
  }, 120_000);

  it('when a longer prefix stands for fewer words, then it is served and finds every quote', async () => {
    await store();
    const first = await search(t, { q: `${stem}a*`, limit: 100 });
    const rest = await search(t, { q: `${stem}a*`, limit: 100, cursor: first.nextCursor ?? '' });
    expect([...ids(first), ...ids(rest)].sort((a, b) => a - b)).toEqual([...stored].sort((a, b) => a - b));
  }, 120_000);
});
