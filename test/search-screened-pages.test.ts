import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp, unique } from './support/test-app.ts';
import { oneSpeakerDocument } from './support/one-speaker-document.ts';
import type { QuoteStatus } from '../src/domain/status.ts';

/**
 * The default view's pages when many matches are withdrawn (docs/search.md, "Status"): ranked pages
 * are screened on a window of rows up to the 500th result and excluded in the index past it; every
 * way must give the same pages, with no withdrawn or unreviewed quote, none twice and none missed.
 */
describe('pages of a search whose matches are often withdrawn', () => {
  const t = useTestApp();

  /** `count` quotes holding one word of their own; every quote whose index `hide` picks gets `status`. */
  async function quotesWithStatuses(count: number, hide: (i: number) => QuoteStatus | null) {
    const tag = unique('scr');
    const lines = Array.from({ length: count }, (_, i) => `Point ${i} ${tag} ${i % 7 === 0 ? `${tag} again` : 'once'}`);
    const stored = await oneSpeakerDocument(t.repos, lines, 'Screen Wire')();
    const ids = stored.saved.map((s) => s.quoteId);
    const statuses = ids.flatMap((quoteId, i) => {
      const status = hide(i);
      return status === null ? [] : [{ quoteId, status, statusNote: null }];
    });
    await t.repos.writes.restoreStatuses(statuses, []);
    const hidden = new Set(statuses.map((s) => s.quoteId));
    return { tag, shown: ids.filter((id) => !hidden.has(id)), hidden };
  }

  /** Every page of a search, following the cursors. */
  async function allPages(query: Record<string, string | number>) {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const response = await request(t.app).get('/v1/quotes').query(cursor === undefined ? query : { ...query, cursor });
      expect(response.status).toBe(200);
      ids.push(...(response.body.items as { id: number }[]).map((q) => q.id));
      cursor = response.body.nextCursor ?? undefined;
      if (cursor === undefined) return ids;
    }
    throw new Error('more than 100 pages');
  }

  it('when a third of the matches are retracted, rejected or unreviewed, then the pages hold every standing one once, past the 500th too', async () => {
    const withdrawn: QuoteStatus[] = ['retracted', 'rejected', 'needs_review'];
    const { tag, shown, hidden } = await quotesWithStatuses(840, (i) => (i % 3 === 1 ? (withdrawn[i % withdrawn.length] as QuoteStatus) : null));
    expect(shown.length).toBeGreaterThan(500);
    const queries: Record<string, string | number>[] = [{ q: tag, limit: 100 }, { q: tag, limit: 37 }, { q: tag, sort: 'date', limit: 100 }];
    for (const query of queries) {
      const ids = await allPages(query);
      expect(ids.filter((id) => hidden.has(id))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort((a, b) => a - b)).toEqual([...shown].sort((a, b) => a - b));
    }
  });

  it('when most matches of a ranked search are withdrawn, then its first pages still hold only standing quotes, all of them', async () => {
    const { tag, shown, hidden } = await quotesWithStatuses(300, (i) => (i % 10 === 0 ? null : 'retracted'));
    const ids = await allPages({ q: tag, limit: 7 });
    expect(ids.filter((id) => hidden.has(id))).toEqual([]);
    expect([...ids].sort((a, b) => a - b)).toEqual([...shown].sort((a, b) => a - b));
  });
});
