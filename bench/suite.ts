/** A benchmark suite: `bench/run.ts` runs the selected ones in order and prints their results. */
export interface SuiteContext {
  /** Corpus database (built by bench/corpus/generate.ts). */
  db: string;
  quick: boolean;
  log: (line: string) => void;
}

export interface SuiteResult {
  name: string;
  /** One row per measurement; printed as a table. */
  rows: Record<string, string | number | null>[];
  notes: string[];
}

export interface Suite {
  name: string;
  description: string;
  run(ctx: SuiteContext): Promise<SuiteResult>;
}

/** Nearest-rank percentile of a sorted sample. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const ms = (v: number) => Math.round(v * 1000) / 1000;
