/**
 * Fits a conditional logit (softmax over each item's candidates, log-linear in binary features):
 * maximises the probability of the right candidates with an L2 penalty, by full-batch AdaGrad
 * from zero weights in a fixed order, so the same data always gives the same weights.
 */
export interface RankingItem {
  candidates: readonly { features: readonly string[]; right: boolean }[];
}

export interface FitOptions {
  epochs?: number;
  l2?: number;
  rate?: number;
}

export function fitConditionalLogit(items: readonly RankingItem[], options: FitOptions = {}): Record<string, number> {
  const { epochs = 200, l2 = 0.005, rate = 0.3 } = options;
  const index = new Map<string, number>();
  const encoded = items
    .filter((item) => item.candidates.some((c) => c.right) && item.candidates.length > 1)
    .map((item) =>
      item.candidates.map((c) => ({
        right: c.right,
        features: [...new Set(c.features)].map((f) => {
          let i = index.get(f);
          if (i === undefined) {
            i = index.size;
            index.set(f, i);
          }
          return i;
        }),
      })),
    );
  const w = new Float64Array(index.size);
  const squares = new Float64Array(index.size);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const grad = new Float64Array(index.size);
    for (const cands of encoded) {
      const scores = cands.map((c) => c.features.reduce((s, i) => s + (w[i] ?? 0), 0));
      const top = Math.max(...scores);
      const exps = scores.map((x) => Math.exp(x - top));
      const z = exps.reduce((a, b) => a + b, 0);
      const zRight = exps.reduce((a, e, k) => a + (cands[k]?.right === true ? e : 0), 0);
      // d log(Σ_right p) / d w = E[f | right] − E[f]
      cands.forEach((c, k) => {
        const e = exps[k] ?? 0;
        const g = (c.right ? e / zRight : 0) - e / z;
        for (const i of c.features) grad[i] = (grad[i] ?? 0) + g;
      });
    }
    for (let i = 0; i < w.length; i++) {
      const g = (grad[i] ?? 0) / encoded.length - l2 * (w[i] ?? 0);
      squares[i] = (squares[i] ?? 0) + g * g;
      w[i] = (w[i] ?? 0) + (rate * g) / (Math.sqrt(squares[i] ?? 0) + 1e-8);
    }
  }
  const out: Record<string, number> = {};
  for (const [f, i] of [...index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const v = Math.round((w[i] ?? 0) * 1000) / 1000;
    if (v !== 0) out[f] = v;
  }
  return out;
}
