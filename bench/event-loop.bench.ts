import { corpusWords } from './search.bench.ts';
import { serveCorpus } from './cost/serve.ts';
import { boundOf, holds, LoopClient, measureRoute } from './event-loop/measure.ts';
import { WORST_REQUESTS } from './event-loop/worst-requests.ts';
import type { Suite } from './suite.ts';

/** How long each route's worst requests are sent for. */
const RUN_MS = 2_000;

/**
 * Event-loop delay of the serving thread per route while its worst requests
 * (bench/event-loop/worst-requests.ts) are sent back to back from a client
 * thread, on the corpus: the figures behind the guarantee of issue 16 (p99 ≤
 * 20 ms), at the corpus's size. Writes change the corpus (merges, renames,
 * retractions): run it on a copy, or last.
 */
export const eventLoopSuite: Suite = {
  name: 'event-loop',
  description: 'Event-loop delay of the serving thread (p99, max) while each route’s worst requests are served back to back',
  async run({ db, quick, log }) {
    const server = await serveCorpus(db);
    const client = new LoopClient(server.base, server.keys);
    const ctx = { base: server.base, keys: server.keys, words: corpusWords() };
    try {
      await client.run([{ method: 'POST', path: '/v1/extract', role: 'reader', body: { text: '“Hello,” Kim said.' } }], 0);
      const rows = [];
      for (const [route, worst] of Object.entries(WORST_REQUESTS)) {
        const tries = await measureRoute(client, () => worst.requests(ctx, worst.most ?? 40), RUN_MS, quick ? 1 : 3);
        const best = tries.reduce((a, b) => (b.run.p99 < a.run.p99 ? b : a));
        log(`event-loop: ${route}: p99 ${best.run.p99.toFixed(1)} ms (bound ${boundOf(best).toFixed(0)})`);
        rows.push({
          route,
          'p99 ms': Math.round(best.run.p99 * 10) / 10,
          'max ms': Math.round(best.run.max * 10) / 10,
          requests: best.run.statuses.length,
          'slowest request ms': Math.round(best.run.slowestMs),
          contention: Math.round(best.stretch * 10) / 10,
          'within bound': holds(best) ? 'yes' : 'NO',
          'not yet': worst.blocks ?? '',
        });
      }
      return {
        name: 'event-loop',
        rows,
        notes: [
          'Least p99 of up to 3 tries; the bound is 20 ms, stretched by the contention measured just before (wall over CPU time of fixed work, 1 on an idle machine).',
          'The corpus is changed by the write routes (merges, renames, retractions).',
        ],
      };
    } finally {
      await client.close();
      await server.close();
    }
  },
};
