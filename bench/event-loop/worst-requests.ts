import type { Role } from '../../src/domain/actor.ts';
import { MAX_DOCUMENT_CHARS } from '../../src/http/routes/documents.routes.ts';
import { MAX_EXTRACT_CHARS } from '../../src/http/schemas/extraction.ts';
import { COST_FAMILIES } from '../cost/families.ts';
import { quotebankLines } from '../quotebank/generate.ts';
import type { LoopRequest } from './measure.ts';

/**
 * The worst request of every route of the API (and of the pages the cost
 * suite attacks), for the event-loop test (test/event-loop-routes.test.ts)
 * and suite (bench/event-loop.bench.ts): while a route's requests are served
 * one after the other, the serving thread must keep answering. A route with
 * adversarial cost families (bench/cost/families.ts) sends each of them at
 * its largest input; a write sends its largest body against the corpus's
 * most-quoted speakers and biggest targets. Keyed "METHOD /path" as in the
 * OpenAPI document: a route missing here fails the test.
 */
export interface WorstContext {
  base: string;
  keys: Record<Role, string>;
  /** The corpus's words, most common first. */
  words: readonly string[];
}

export interface WorstCase {
  /** Why these requests are the route's worst. */
  why: string;
  /**
   * Up to `n` requests to send back to back; any setup (creating what a
   * request consumes) is done here, before the measurement.
   */
  requests(ctx: WorstContext, n: number): Promise<LoopRequest[]>;
  /** Statuses the requests may get (the work measured must be the real one, not a refusal). */
  statuses: number[];
  /** At most this many requests: for routes whose one request takes seconds. */
  most?: number;
  /**
   * Why the route does not keep the bound yet (what holds the thread): the
   * test skips it, saying so, and the bench suite still measures it.
   */
  blocks?: string;
}

/** News-like text of exactly `length` characters: quotes, cues and carried-over speakers. */
export function article(length: number, tag: string): string {
  const names = ['Kim Young-ho', 'Maria Zakharova', 'Lim Eul-chul', 'John Smith'];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const name = names[i % names.length] as string;
    const part = `“We will not move on item ${i} of ${tag},” ${name} said on Tuesday. The talks resumed in Seoul after ${i % 7} days. ${name.split(' ')[0]} added that “nothing is settled yet.”\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('').slice(0, length);
}

const REASON = 'Event-loop worst case: an editor correcting the record.';
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
/** A run-unique tag: the corpus file may be served by several runs. */
const tag = () => `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Each cost family of the route at its largest input, in turn. */
function fromCostFamilies(route: string): WorstCase['requests'] {
  const families = COST_FAMILIES.filter((f) => f.route === route);
  if (families.length === 0) throw new Error(`no cost family for ${route}`);
  return async ({ words }, n) =>
    times(n, (i) => {
      const family = families[i % families.length] as (typeof families)[number];
      const request = family.build(family.sizes.at(-1) as number, words);
      return { method: request.method, path: request.path, body: request.body, pages: request.pages };
    });
}

const costStatuses = (route: string) => [...new Set(COST_FAMILIES.filter((f) => f.route === route).flatMap((f) => f.statuses))];
const costCase = (route: string): WorstCase => ({ why: 'its adversarial cost families at their largest inputs', requests: fromCostFamilies(route), statuses: costStatuses(route) });
const same = (request: LoopRequest): WorstCase['requests'] => async (_ctx, n) => times(n, () => request);

/** Calls the API before the measurement, to make what the measured requests consume. */
async function call(ctx: WorstContext, method: string, path: string, role: Role, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${ctx.base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ctx.keys[role]}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`setup ${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** A document of `text` and a quote of all of it by `speaker`, stored before the measurement; its occurrence waits for review below the threshold. */
async function storedQuote(ctx: WorstContext, speaker: string, text: string, confidence = 1): Promise<{ quoteId: number; occurrenceId: number; documentId: number }> {
  const document = await call(ctx, 'POST', '/v1/documents', 'editor', { text });
  const documentId = document.id as number;
  const quote = await call(ctx, 'POST', '/v1/quotes', 'editor', { speaker, text, kind: 'direct', evidence: { documentId, start: 0, end: text.length, confidence } });
  return { quoteId: quote.id as number, occurrenceId: (quote.occurrences as { id: number }[])[0]?.id as number, documentId };
}

/** The longest quote text (20,000 characters) of the corpus's most common words, unique to this call. */
const longQuote = (words: readonly string[]) => `${tag()} ${words.slice(0, 4000).join(' ')}`.slice(0, 20_000).trim();

/** Attributions of long texts to the most-quoted speaker waiting for review, made before the measurement. */
async function waitingForReview(ctx: WorstContext, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push((await storedQuote(ctx, MOST_QUOTED, longQuote(ctx.words), 0.4)).occurrenceId);
  return ids;
}

/** Targets handed out so far per route: each try of a route consumes targets no earlier try used. */
const handedOut = new Map<string, number>();
/** `n` fresh indexes for `route`'s targets. */
function fresh(route: string, n: number): number[] {
  const from = handedOut.get(route) ?? 0;
  handedOut.set(route, from + n);
  return times(n, (i) => from + i);
}

/**
 * The `i`-th active quote from `base` (a multiple of 400): the corpus gives quotes whose id is 1–7 past a
 * multiple of 400 other statuses (retracted, rejected, corrected, waiting for review).
 */
const activeQuote = (base: number, i: number) => base + 400 * Math.floor(i / 300) + 100 + (i % 300);

/** An affiliation with no dates, at a new organisation: every quote of the speaker gains its tag. */
const newAffiliation = (run: string) => ({ organization: `Worst Case Organisation ${run}`, organizationKind: null, role: 'adviser', asStated: null, validFrom: null, validTo: null, sourceDocumentId: null });

/** The corpus's speakers are numbered by how often they are quoted (Zipf): 1 is quoted most. */
const MOST_QUOTED = '1';
/** Speakers merged into the most quoted by the merge route. */
const MERGED_FROM = 2;
/** Speakers whose affiliations are merged: none of them merged away before. */
const AFFILIATIONS_FROM = 400;

export const WORST_REQUESTS: Record<string, WorstCase> = {
  'GET /health': { why: 'counts the database', requests: same({ method: 'GET', path: '/health' }), statuses: [200] },
  'GET /v1/me': { why: 'a key verified', requests: same({ method: 'GET', path: '/v1/me', role: 'reader' }), statuses: [200] },
  'GET /v1/keys': { why: 'every key', requests: same({ method: 'GET', path: '/v1/keys', role: 'admin' }), statuses: [200] },
  'POST /v1/keys': {
    why: 'a key hashed and stored, longest name',
    requests: same({ method: 'POST', path: '/v1/keys', role: 'admin', body: { name: 'k'.repeat(200), role: 'reader' } }),
    statuses: [201],
  },
  'DELETE /v1/keys/{id}': {
    why: 'a key revoked',
    requests: async (ctx, n) => {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) ids.push((await call(ctx, 'POST', '/v1/keys', 'admin', { name: `revoked ${i}`, role: 'reader' })).id as number);
      return ids.map((id) => ({ method: 'DELETE', path: `/v1/keys/${id}`, role: 'admin' }));
    },
    statuses: [200],
  },
  'GET /v1/quotes': costCase('GET /v1/quotes'),
  'GET /v1/quotes/{id}': { why: 'a quote with its evidence', requests: same({ method: 'GET', path: '/v1/quotes/1' }), statuses: [200] },
  'GET /v1/quotes/{id}/provenance': costCase('GET /v1/quotes/{id}/provenance'),
  'GET /v1/quotes/{id}/history': { why: "a quote's revisions", requests: same({ method: 'GET', path: '/v1/quotes/1/history?limit=100' }), statuses: [200] },
  'POST /v1/quotes': {
    why: 'the longest text (20,000 characters) filed under the most-quoted speaker: normalised and compared with all their quotes',
    requests: async (ctx, n) => {
      const texts = times(n, () => longQuote(ctx.words));
      const documents: number[] = [];
      for (const text of texts) documents.push((await call(ctx, 'POST', '/v1/documents', 'editor', { text })).id as number);
      return texts.map((text, i) => ({
        method: 'POST',
        path: '/v1/quotes',
        role: 'editor',
        body: { speaker: MOST_QUOTED, kind: 'direct', text, evidence: { documentId: documents[i], start: 0, end: text.length } },
      }));
    },
    statuses: [201],
    most: 10,
  },
  'PATCH /v1/quotes/{id}': {
    why: 'every field but the speaker corrected, about the most-quoted speaker (re-tagged, re-indexed)',
    requests: async (_ctx, n) =>
      fresh('PATCH /v1/quotes/{id}', n).map((i) => ({
        method: 'PATCH',
        path: `/v1/quotes/${activeQuote(4_000, i)}`,
        role: 'editor',
        body: { kind: 'indirect', saidOn: '2001-01-01', about: MOST_QUOTED, venue: `${tag()} ${'v'.repeat(480)}`, reason: REASON },
      })),
    statuses: [200],
  },
  'POST /v1/quotes/{id}/retract': {
    why: 'a quote taken off the record (re-indexed)',
    requests: async (_ctx, n) => fresh('retract', n).map((i) => ({ method: 'POST', path: `/v1/quotes/${activeQuote(800, i)}/retract`, role: 'editor', body: { reason: REASON } })),
    statuses: [200, 409],
  },
  'POST /v1/quotes/{id}/restore': {
    why: 'a retracted quote put back (re-indexed)',
    requests: async (ctx, n) => {
      const ids = fresh('restore', n).map((i) => activeQuote(2_000, i));
      for (const id of ids) await call(ctx, 'POST', `/v1/quotes/${id}/retract`, 'editor', { reason: REASON });
      return ids.map((id) => ({ method: 'POST', path: `/v1/quotes/${id}/restore`, role: 'editor', body: { reason: REASON } }));
    },
    statuses: [200],
  },
  'GET /v1/quotes/export': { why: 'every quote, no filter', requests: same({ method: 'GET', path: '/v1/quotes/export?format=ndjson' }), statuses: [200], most: 2 },
  'POST /v1/import': {
    why: 'a Quotebank upload of 5,000 new quotations (ten 500-line batches, each written in its own transaction, new speakers and all)',
    requests: async (_ctx, n) =>
      times(n, () => ({
        method: 'POST',
        path: '/v1/import?format=quotebank',
        role: 'editor',
        raw: { mediaType: 'application/x-ndjson', text: [...quotebankLines({ layout: 'quote', quotes: 5_000, seed: Math.floor(Math.random() * 2 ** 31) })].join('\n') + '\n' },
      })),
    statuses: [200],
    most: 3,
  },
  'GET /v1/export': {
    why: 'the full dump',
    requests: same({ method: 'GET', path: '/v1/export', role: 'admin' }),
    statuses: [200],
    most: 2,
  },
  'GET /v1/speakers': costCase('GET /v1/speakers'),
  'GET /v1/speakers/{idOrSlug}': costCase('GET /v1/speakers/{idOrSlug}'),
  'POST /v1/speakers': {
    why: 'the most aliases and affiliations a speaker can be created with',
    requests: async (_ctx, n) => {
      const run = tag();
      return times(n, (i) => ({
        method: 'POST',
        path: '/v1/speakers',
        role: 'editor',
        body: {
          name: `Worst Case ${run} ${i}`,
          kind: 'person',
          aliases: times(50, (a) => `Alias ${run} ${i} ${a}`),
          affiliations: times(50, (a) => ({ organization: `Organisation ${run} ${a}`, role: `role ${a}` })),
        },
      }));
    },
    statuses: [201],
  },
  'PATCH /v1/speakers/{idOrSlug}': {
    why: 'the most-quoted speaker renamed, with 50 aliases and an affiliation of no dates added (every quote of theirs re-tagged and re-indexed; one affiliation suffices, and the speaker does not pile them up over the tries)',
    requests: async (_ctx, n) => {
      const run = tag();
      return times(n, (i) => ({
        method: 'PATCH',
        path: `/v1/speakers/${MOST_QUOTED}`,
        role: 'editor',
        body: {
          name: `Renamed ${run} ${i}`,
          aliases: { add: times(50, (a) => `Renamed alias ${run} ${i} ${a}`) },
          affiliations: { add: [newAffiliation(`${run} ${i}`)] },
          reason: REASON,
        },
      }));
    },
    statuses: [200],
  },
  'GET /v1/speakers/{idOrSlug}/history': {
    why: "the most-corrected speaker's revisions",
    requests: same({ method: 'GET', path: `/v1/speakers/${MOST_QUOTED}/history?limit=100` }),
    statuses: [200],
  },
  'POST /v1/speakers/{idOrSlug}/merge': {
    why: 'the next most-quoted speakers merged into the most quoted (all their quotes re-filed and re-indexed)',
    requests: async (_ctx, n) =>
      fresh('merge', n).map((i) => ({ method: 'POST', path: `/v1/speakers/${MERGED_FROM + i}/merge`, role: 'editor', body: { into: MOST_QUOTED, reason: REASON } })),
    statuses: [200],
  },
  'DELETE /v1/speakers/{idOrSlug}': {
    why: 'a speaker with 50 aliases and affiliations removed',
    requests: async (ctx, n) => {
      const run = tag();
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const body = { name: `Removed ${run} ${i}`, kind: 'person', aliases: times(50, (a) => `Removed alias ${run} ${i} ${a}`) };
        ids.push(((await call(ctx, 'POST', '/v1/speakers', 'editor', body)) as { id: number }).id);
      }
      return ids.map((id) => ({ method: 'DELETE', path: `/v1/speakers/${id}`, role: 'editor', body: { reason: REASON } }));
    },
    statuses: [200],
  },
  'POST /v1/speakers/{idOrSlug}/affiliations/merge': {
    why: "every duplicate of much-quoted speakers' affiliations merged",
    requests: async (_ctx, n) =>
      fresh('affiliations', n).map((i) => ({ method: 'POST', path: `/v1/speakers/${AFFILIATIONS_FROM + i}/affiliations/merge`, role: 'editor', body: { reason: REASON } })),
    statuses: [200],
  },
  'POST /v1/documents': {
    why: `the longest article (${MAX_DOCUMENT_CHARS} characters), its quotes extracted and stored`,
    requests: async (_ctx, n) =>
      times(n, () => ({ method: 'POST', path: '/v1/documents', role: 'editor', body: { text: article(MAX_DOCUMENT_CHARS, tag()), extract: true } })),
    statuses: [201],
    most: 1,
  },
  'GET /v1/documents/{id}': {
    why: `the longest document (${MAX_DOCUMENT_CHARS} characters)`,
    requests: async (ctx, n) => {
      const stored = await call(ctx, 'POST', '/v1/documents', 'editor', { text: article(MAX_DOCUMENT_CHARS, tag()) });
      const id = (stored.document as { id: number } | undefined)?.id ?? (stored.id as number);
      return times(n, () => ({ method: 'GET', path: `/v1/documents/${id}` }));
    },
    statuses: [200],
  },
  'PATCH /v1/documents/{id}': {
    why: "a document's outlet and language changed (its quotes re-tagged)",
    requests: async (_ctx, n) =>
      fresh('PATCH /v1/documents/{id}', n).map((i) => ({ method: 'PATCH', path: `/v1/documents/${1 + i}`, role: 'editor', body: { outlet: `Outlet ${tag()}`, language: 'fr', reason: REASON } })),
    statuses: [200],
  },
  'GET /v1/documents/{id}/history': { why: "a document's revisions", requests: same({ method: 'GET', path: '/v1/documents/1/history?limit=100' }), statuses: [200] },
  'POST /v1/extract': {
    why: `the longest text extraction takes (${MAX_EXTRACT_CHARS} characters)`,
    requests: async (_ctx, n) => times(n, () => ({ method: 'POST', path: '/v1/extract', role: 'reader', body: { text: article(MAX_EXTRACT_CHARS, tag()) } })),
    statuses: [200],
    most: 2,
  },
  'POST /v1/verify': costCase('POST /v1/verify'),
  'GET /feeds/search.atom': costCase('GET /feeds/search.atom'),
  'GET /feeds/speakers/{slug}.atom': costCase('GET /feeds/speakers/{slug}.atom'),
  'GET /v1/review': { why: 'the longest page of the queue', requests: same({ method: 'GET', path: '/v1/review?limit=100', role: 'editor' }), statuses: [200] },
  'POST /v1/review/{occurrenceId}/accept': {
    why: 'a long attribution accepted (re-indexed)',
    requests: async (ctx, n) => (await waitingForReview(ctx, n)).map((id) => ({ method: 'POST', path: `/v1/review/${id}/accept`, role: 'editor', body: {} })),
    statuses: [200],
    most: 10,
  },
  'POST /v1/review/{occurrenceId}/fix': {
    why: 'the kind of a long attribution corrected (re-indexed)',
    requests: async (ctx, n) =>
      (await waitingForReview(ctx, n)).map((id) => ({ method: 'POST', path: `/v1/review/${id}/fix`, role: 'editor', body: { kind: 'indirect', reason: REASON } })),
    statuses: [200, 409, 422],
    most: 10,
  },
  'POST /v1/review/{occurrenceId}/reject': {
    why: 'a long attribution rejected (re-indexed)',
    requests: async (ctx, n) => (await waitingForReview(ctx, n)).map((id) => ({ method: 'POST', path: `/v1/review/${id}/reject`, role: 'editor', body: { reason: REASON } })),
    statuses: [200],
    most: 10,
  },
  'POST /v1/revisions/{id}/undo': {
    why: 'a rename and a new affiliation of the most-quoted speaker undone (every quote of theirs re-tagged and re-indexed); merges cannot be undone',
    requests: async (ctx, n) => {
      const ids: number[] = [];
      for (const i of fresh('undo', n)) {
        const run = `${tag()} ${i}`;
        const body = { name: `Undone ${run}`, affiliations: { add: [newAffiliation(run)] }, reason: REASON };
        const renamed = await call(ctx, 'PATCH', `/v1/speakers/${MOST_QUOTED}`, 'editor', body);
        ids.push((renamed.revision as { id: number }).id);
      }
      // Newest first: a change is undone only while nothing later changed the same speaker.
      return ids.reverse().map((id) => ({ method: 'POST', path: `/v1/revisions/${id}/undo`, role: 'editor', body: { reason: REASON } }));
    },
    statuses: [201],
    most: 1,
  },
  'GET /': costCase('GET /'),
  'GET /speakers': costCase('GET /speakers'),
};
