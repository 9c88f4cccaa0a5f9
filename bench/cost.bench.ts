import { COST_FAMILIES, processCpu, superLinear, timeFamilies } from './cost/families.ts';
import { serveCorpus } from './cost/serve.ts';
import { corpusWords } from './search.bench.ts';
import type { Suite } from './suite.ts';

/** What no request may cost the server (issue 16: 100 ms per anonymous request at 1M quotes). */
export const REQUEST_BUDGET_MS = 100;

/**
 * Worst-case cost per route: every adversarial family of bench/cost/families.ts
 * over HTTP against the app on the corpus, server time (Server-Timing) per
 * input size, with the growth from smallest to largest input and whether the
 * family stays within the budget.
 */
export const costSuite: Suite = {
  name: 'cost',
  description: `Adversarial request families per route (CPU time of the server, least of 3): growth with input size and the ${REQUEST_BUDGET_MS} ms budget`,
  async run({ db, quick, log }) {
    const server = await serveCorpus(db);
    try {
      const timings = await timeFamilies(server.base, corpusWords(), quick ? 1 : 3, COST_FAMILIES, processCpu);
      const growth = new Map(superLinear(timings, 2).map((g) => [g.family, g]));
      const rows = COST_FAMILIES.map((family) => {
        const mine = timings.filter((t) => t.family === family);
        const worst = Math.max(...mine.map((t) => t.ms));
        log(`cost: ${family.route} ${family.name}: worst ${worst.toFixed(1)} ms`);
        return {
          route: family.route,
          family: family.name,
          'ms per size': mine.map((t) => `${t.size}: ${t.ms.toFixed(1)} (${t.status})`).join(', '),
          'worst ms': Math.round(worst * 10) / 10,
          'within budget': worst <= REQUEST_BUDGET_MS ? 'yes' : 'NO',
          growth: growth.has(family) ? `SUPER-LINEAR (×${growth.get(family)?.ratio.toFixed(1)})` : 'linear or better',
          'statuses ok': mine.every((t) => family.statuses.includes(t.status)) ? 'yes' : 'NO',
        };
      });
      return { name: 'cost', rows, notes: ['CPU time of the process serving the app (its client included, so a little over); deep paging times the last page reached.'] };
    } finally {
      await server.close();
    }
  },
};
