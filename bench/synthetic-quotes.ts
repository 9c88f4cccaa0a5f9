/**
 * A deterministic generator of quote-like sentences for benchmarks: a Zipf-
 * distributed vocabulary of made-up words mixed with real English function
 * words, so word frequencies look like prose (a few very common words, a long
 * tail of rare ones). Not a corpus: branch `search` builds the real synthetic
 * corpus (npm run bench:corpus); this only lets the verify bench run without it.
 */
const FUNCTION_WORDS =
  'the of and to in a is that for it as was with be by on not he i this are or his from at which but have an they you were her she there been has their would will we can all its had also more may no could one when about who than then out'.split(
    ' ',
  );

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** Uniform in [0, 1): mulberry32. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

const SYLLABLES = (() => {
  const out: string[] = [];
  for (const c of 'bcdfghjklmnprstvwz') for (const v of ['a', 'e', 'i', 'o', 'u', 'ai', 'ou']) out.push(c + v);
  return out;
})();

export class SentenceGenerator {
  readonly vocabulary: string[];
  private readonly cdf: Float64Array;

  constructor(
    private readonly rng: Rng,
    vocabularySize = 40_000,
  ) {
    const words = new Set<string>();
    while (words.size < vocabularySize) {
      const n = rng.int(2, 4);
      let w = '';
      for (let i = 0; i < n; i++) w += SYLLABLES[rng.int(0, SYLLABLES.length - 1)];
      if (rng.next() < 0.3) w += 'n';
      words.add(w);
    }
    this.vocabulary = [...words];
    // Zipf, exponent 1: the k-th word is drawn with probability ∝ 1/k.
    this.cdf = new Float64Array(vocabularySize);
    let sum = 0;
    for (let k = 0; k < vocabularySize; k++) this.cdf[k] = sum += 1 / (k + 1);
    for (let k = 0; k < vocabularySize; k++) this.cdf[k] = (this.cdf[k] as number) / sum;
  }

  contentWord(): string {
    const x = this.rng.next();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return this.vocabulary[lo] as string;
  }

  words(): string[] {
    const n = this.rng.int(8, 28);
    return Array.from({ length: n }, () =>
      this.rng.next() < 0.4 ? (FUNCTION_WORDS[this.rng.int(0, FUNCTION_WORDS.length - 1)] as string) : this.contentWord(),
    );
  }

  static sentence(words: readonly string[]): string {
    const text = words.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  }

  static isFunctionWord(word: string): boolean {
    return FUNCTION_WORDS.includes(word.toLowerCase());
  }
}
