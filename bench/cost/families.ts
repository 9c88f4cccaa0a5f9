import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { searchQuery } from '../../src/http/routes/quotes.schemas.ts';
import { MAX_CLAIM_CHARS } from '../../src/http/routes/verify.schemas.ts';

/**
 * Adversarial request families, one or more per route: each builds a request
 * whose input grows with `size`, from the words of the synthetic corpus (most
 * common first). The cost suite (bench/cost.bench.ts), its test
 * (test/cost.test.ts) and `npm run attack` time them against the server.
 */
export interface CostRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Follow nextCursor this many times and time the last page (deep paging). */
  pages?: number;
}

export interface CostFamily {
  route: string;
  name: string;
  /** Input sizes, smallest first; time must grow at most linearly with them. */
  sizes: number[];
  build(size: number, words: readonly string[]): CostRequest;
  /** Statuses a request of the family may get (a capped input is refused quickly, never served slowly). */
  statuses: number[];
}

const FACETS = 'speaker,organization,outlet,kind,year';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const quotes = (params: Record<string, string | number>): CostRequest => ({
  method: 'GET',
  path: `/v1/quotes?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`,
});
const common = (words: readonly string[], n: number, from = 0) => words.slice(from, from + n);
/** The first `n` distinct `chars`-letter starts of the most common words, as prefix* terms. */
const starts = (words: readonly string[], chars: number, n: number) =>
  [...new Set(words.filter((x) => x.length >= chars).map((x) => x.slice(0, chars)))].slice(0, n).map((x) => `${x}*`);

/** A string the schema constrains by length only (no pattern, format or options): filled with words. */
function freeText(field: z.ZodType): boolean {
  try {
    const json = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return json.type === 'string' && json.pattern === undefined && json.format === undefined && json.enum === undefined;
  } catch {
    return false;
  }
}

/**
 * Every parameter of a query schema at once, each at the largest value its own
 * zod schema accepts among candidates: `size` common words for text (the
 * whole query language's worth at most), the largest numbers, the widest date
 * range, every facet, the last option of an enum. Generated from the schema,
 * so a parameter added to the route is attacked too.
 */
function largestAccepted(schema: z.ZodObject, size: number, words: readonly string[], skip: readonly string[]): Record<string, string> {
  const text = words.slice(0, Math.min(size, 32)).join(' ');
  const shaped = (key: string): string[] => [
    /(?:^to|To)$/.test(key) ? '2099-12-31' : '1900-01-01',
    FACETS,
    ...['1000', '500', '200', '100', '50', '20'],
    'en',
    ...['date', 'relevance', 'indirect', 'partial', 'direct'],
  ];
  const query: Record<string, string> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (skip.includes(key)) continue;
    const value = (freeText(field) ? [text, ...shaped(key)] : shaped(key)).find((v) => field.safeParse(v).success);
    if (value !== undefined) query[key] = value;
  }
  return query;
}

export const COST_FAMILIES: CostFamily[] = [
  {
    route: 'GET /v1/quotes',
    name: 'every parameter at its largest accepted value (generated from the zod schema)',
    sizes: [1, 8, 32],
    build: (k, w) => quotes(largestAccepted(searchQuery, k, w.slice(100), ['cursor', 'speaker', 'organization', 'outlet'])),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'every parameter at its largest, names of no one included (generated from the zod schema)',
    sizes: [1, 8, 32],
    build: (k, w) => quotes(largestAccepted(searchQuery, k, w, ['cursor'])),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'common words (AND)',
    sizes: [1, 4, 16, 32],
    build: (k, w) => quotes({ q: common(w, k).join(' '), limit: 100 }),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'common words (OR)',
    sizes: [2, 8, 32],
    build: (k, w) => quotes({ q: common(w, k).join(' OR '), limit: 100 }),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'prefix soup a* b* … (refused past the caps)',
    sizes: [1, 4, 13, 26],
    build: (k) => quotes({ q: [...LETTERS.slice(0, k)].map((l) => `${l}*`).join(' ') }),
    statuses: [400],
  },
  {
    route: 'GET /v1/quotes',
    name: 'shortest allowed prefixes of common words, OR',
    sizes: [1, 2, 3],
    build: (k, w) => quotes({ q: common(w.filter((x) => x.length >= 3), k).map((x) => `${x.slice(0, 3)}*`).join(' OR '), limit: 100 }),
    statuses: [200, 400],
  },
  {
    route: 'GET /v1/quotes',
    name: 'broadest 3-letter prefixes (starts of the most common words), AND',
    sizes: [1, 2, 3],
    build: (k, w) => quotes({ q: starts(w, 3, k).join(' '), limit: 100, sort: 'date' }),
    statuses: [200, 400],
  },
  {
    route: 'GET /v1/quotes',
    name: '4-letter prefixes of common words, OR, with facets',
    sizes: [1, 2, 3],
    build: (k, w) => quotes({ q: starts(w, 4, k).join(' OR '), limit: 100, facets: FACETS }),
    statuses: [200, 400],
  },
  {
    route: 'GET /v1/quotes',
    name: "prefixes of the index's own tag words (language, kind, speaker)",
    sizes: [1, 2, 3],
    build: (k) => quotes({ q: ['la6*', 'kid*', 'sp1*'].slice(0, k).join(' OR '), limit: 100 }),
    statuses: [200, 400],
  },
  {
    route: 'GET /v1/quotes',
    name: 'phrase of common words',
    sizes: [2, 8, 32],
    build: (k, w) => quotes({ q: `"${common(w, k).join(' ')}"` }),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'common word, excluding common words',
    sizes: [1, 8, 31],
    build: (k, w) => quotes({ q: [w[0] as string, ...common(w, k, 1).map((x) => `-${x}`)].join(' '), limit: 100 }),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'all facets, date order, common words',
    sizes: [1, 2, 4],
    build: (k, w) => quotes({ q: common(w, k).join(' OR '), facets: FACETS, sort: 'date', limit: 100 }),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'all facets, no query',
    sizes: [1, 100],
    build: (k) => quotes({ facets: FACETS, limit: k }),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'query of 1000 characters',
    sizes: [125, 250, 500, 1000],
    build: (k, w) => quotes({ q: common(w, 400, 200).join(' ').slice(0, k).trim() }),
    statuses: [200, 400],
  },
  {
    route: 'GET /v1/quotes',
    name: 'deep paging (pages of 100 followed)',
    sizes: [1, 4, 16],
    build: (k, w) => ({ ...quotes({ q: w[0] as string, limit: 100 }), pages: k }),
    statuses: [200],
  },
  {
    route: 'GET /v1/speakers',
    name: 'name search, growing query',
    sizes: [1, 10, 50, 200],
    build: (k) => ({ method: 'GET', path: `/v1/speakers?limit=50&q=${encodeURIComponent('a'.repeat(k))}` }),
    statuses: [200],
  },
  {
    route: 'GET /v1/speakers/{idOrSlug}',
    name: 'profile with quotes',
    sizes: [1, 50, 200],
    build: (k) => ({ method: 'GET', path: `/v1/speakers/1?quotes=${k}` }),
    statuses: [200, 404],
  },
  {
    route: 'POST /v1/verify',
    name: 'claim of common words',
    sizes: [100, 500, MAX_CLAIM_CHARS],
    build: (k, w) => ({ method: 'POST', path: '/v1/verify', body: { text: common(w, 600).join(' ').slice(0, k).trim(), limit: 20 } }),
    statuses: [200],
  },
  {
    route: 'POST /v1/verify',
    name: 'claim of rare words (each its own doclist), 20 matches',
    sizes: [100, 500, MAX_CLAIM_CHARS],
    build: (k, w) => ({ method: 'POST', path: '/v1/verify', body: { text: w.slice(-2000).join(' ').slice(0, k).trim(), limit: 20 } }),
    statuses: [200],
  },
  {
    route: 'POST /v1/verify',
    name: 'one common word repeated, with a speaker named by title and surname',
    sizes: [100, 500, MAX_CLAIM_CHARS],
    build: (k, w) => ({ method: 'POST', path: '/v1/verify', body: { text: `${w[0] as string} `.repeat(k).slice(0, k).trim(), speaker: 'Mr. Smith', limit: 20 } }),
    statuses: [200],
  },
  {
    route: 'POST /v1/verify',
    name: 'common-word sentences with the function words the skeleton band keys on',
    sizes: [100, 500, MAX_CLAIM_CHARS],
    build: (k, w) => ({
      method: 'POST',
      path: '/v1/verify',
      body: { text: Array.from({ length: 400 }, (_, i) => `the ${w[(i * 7) % 50] as string} of ${w[(i * 11) % 50] as string} and`).join(' ').slice(0, k).trim(), limit: 20 },
    }),
    statuses: [200],
  },
  {
    route: 'GET /v1/quotes',
    name: 'all facets, filters checked row by row, date order',
    sizes: [1, 4, 16],
    build: (k, w) => quotes({ q: common(w, k).join(' OR '), facets: FACETS, language: 'en', kind: 'direct', from: '2001-01-01', sort: 'date', limit: 100 }),
    statuses: [200],
  },
  {
    route: 'GET /feeds/search.atom',
    name: 'search feed of common words, 100 entries with their evidence',
    sizes: [1, 10, 100],
    build: (k, w) => ({ method: 'GET', path: `/feeds/search.atom?q=${encodeURIComponent(common(w, 4).join(' OR '))}&limit=${k}` }),
    statuses: [200],
  },
  {
    route: 'GET /feeds/speakers/{slug}.atom',
    name: 'speaker feed, 100 entries',
    sizes: [1, 10, 100],
    build: (k) => ({ method: 'GET', path: `/feeds/speakers/1.atom?limit=${k}` }),
    statuses: [200, 404],
  },
  {
    route: 'GET /v1/quotes/{id}/provenance',
    name: 'provenance of a quote',
    sizes: [1],
    build: () => ({ method: 'GET', path: '/v1/quotes/1/provenance' }),
    statuses: [200, 404],
  },
  {
    route: 'GET /speakers',
    name: 'speakers page, name search',
    sizes: [1, 10, 50],
    build: (k) => ({ method: 'GET', path: `/speakers?q=${encodeURIComponent('e'.repeat(k))}` }),
    statuses: [200],
  },
  {
    route: 'GET /',
    name: 'search page, common words and facets',
    sizes: [1, 4, 16],
    build: (k, w) => ({ method: 'GET', path: `/?q=${encodeURIComponent(common(w, k).join(' OR '))}&limit=100` }),
    statuses: [200],
  },
];

export interface Timing {
  family: CostFamily;
  size: number;
  status: number;
  /**
   * What the request cost the server, the least of the tries: CPU time of
   * the server when a clock of it is given (the budget is CPU time: on a
   * shared machine, waiting for a core is not the request's cost), else its
   * Server-Timing `app` duration.
   */
  ms: number;
}

/** Milliseconds of CPU time of the server so far; null when it cannot be read. */
export type CpuClock = () => number | null;

/** This process's CPU time: for a server in the same process (its client's work included, so a little over). */
export const processCpu: CpuClock = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

/** CPU time of another process's main thread, from Linux's /proc (null elsewhere). */
export function threadCpu(pid: number): CpuClock {
  return () => {
    try {
      const nanoseconds = Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
      return Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : null;
    } catch {
      return null;
    }
  };
}

/**
 * CPU time of all of another process's threads, from Linux's /proc (null elsewhere): a request's work
 * done on the reader thread (docs/decisions/0022) or any other is its cost as much as the serving thread's.
 */
export function processCpuOf(pid: number): CpuClock {
  return () => {
    try {
      let nanoseconds = 0;
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        try {
          nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
        } catch {
          // A thread that ended meanwhile: its time is gone from the sum either way.
        }
      }
      return Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : null;
    } catch {
      return null;
    }
  };
}

async function once(base: string, request: CostRequest, cpu: CpuClock | null): Promise<{ status: number; ms: number }> {
  let path = request.path;
  let last = { status: 0, ms: 0 };
  for (let page = 0; page <= (request.pages ?? 0); page++) {
    const cpuBefore = cpu?.() ?? null;
    const res = await fetch(`${base}${path}`, {
      method: request.method,
      headers: request.body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    const text = await res.text();
    const cpuAfter = cpu?.() ?? null;
    const timing = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
    last = { status: res.status, ms: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : timing ? Number(timing[1]) : Number.NaN };
    if (request.pages === undefined || page === request.pages) break;
    const next = (JSON.parse(text) as { nextCursor?: string | null }).nextCursor;
    if (typeof next !== 'string') break;
    const url = new URL(path, 'http://x');
    url.searchParams.set('cursor', next);
    path = `${url.pathname}?${url.searchParams.toString()}`;
  }
  return last;
}

/** Times every family at every size (least of `tries`), after one warm-up request each; CPU time when `cpu` is given. */
export async function timeFamilies(base: string, words: readonly string[], tries = 3, families = COST_FAMILIES, cpu: CpuClock | null = null): Promise<Timing[]> {
  const out: Timing[] = [];
  for (const family of families) {
    for (const size of family.sizes) {
      const request = family.build(size, words);
      await once(base, request, cpu);
      const runs: { status: number; ms: number }[] = [];
      for (let i = 0; i < tries; i++) runs.push(await once(base, request, cpu));
      runs.sort((a, b) => a.ms - b.ms);
      const least = runs[0] as { status: number; ms: number };
      out.push({ family, size, status: least.status, ms: least.ms });
    }
  }
  return out;
}

/** Times below this are noise on a shared machine: growth is judged from here up. */
export const NOISE_FLOOR_MS = 3;

/**
 * Super-linear growth: the largest input's time over the smallest's exceeds
 * `slack` times the growth of the input (from the noise floor up).
 */
export function superLinear(timings: readonly Timing[], slack: number): { family: CostFamily; ratio: number; allowed: number }[] {
  const found: { family: CostFamily; ratio: number; allowed: number }[] = [];
  for (const family of new Set(timings.map((t) => t.family))) {
    const mine = timings.filter((t) => t.family === family);
    const first = mine[0];
    const last = mine.at(-1);
    if (first === undefined || last === undefined || first === last) continue;
    const ratio = last.ms / Math.max(first.ms, NOISE_FLOOR_MS);
    const allowed = slack * (last.size / first.size);
    if (ratio > allowed) found.push({ family, ratio, allowed });
  }
  return found;
}
