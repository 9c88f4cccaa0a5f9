import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/test-app.ts';

describe('GET /v1/quotes never answers 5xx', () => {
  const t = useTestApp({ seed: true });

  // Characters that mean something to FTS5, to the query language or to URLs, mixed with any Unicode.
  const special = fc.constantFrom('"', '“', '”', '*', '-', '^', ':', '(', ')', '{', '}', 'OR', 'AND', 'NOT', 'NEAR', ' ', '\u0000', '%', '&', '+', 'é', 'Jong-un', '’');
  const queryText = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }), special), { maxLength: 12 }).map((parts) => parts.join(''));

  it('for random query strings, filters and sorts', async () => {
    await fc.assert(
      fc.asyncProperty(
        queryText,
        fc.option(fc.constantFrom('relevance', 'date', 'other'), { nil: undefined }),
        fc.option(fc.constantFrom('speaker,year', 'outlet', 'organization,kind', 'nope'), { nil: undefined }),
        fc.option(queryText, { nil: undefined }),
        async (q, sort, facets, speaker) => {
          const query: Record<string, string> = { q };
          if (sort !== undefined) query.sort = sort;
          if (facets !== undefined) query.facets = facets;
          if (speaker !== undefined) query.speaker = speaker;
          const res = await request(t.app).get('/v1/quotes').query(query);
          expect(res.status, JSON.stringify({ query, body: res.body })).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
