import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { distanceInTurns } from '../src/services/edit-distance.ts';

/** A deterministic pseudo-random source (the test must not depend on the run). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('the edit distance computed in turns (variants of long quotes)', () => {
  it('when texts of any length are compared, then it is the distance fastest-levenshtein gives', async () => {
    const next = random(7);
    const alphabet = 'abcdé “”xyz ';
    const text = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const edited = (s: string, edits: number) => {
      let out = s;
      for (let i = 0; i < edits; i++) {
        const at = Math.floor(next() * (out.length + 1));
        const r = next();
        out = r < 1 / 3 ? out.slice(0, at) + text(1) + out.slice(at) : r < 2 / 3 ? out.slice(0, at) + out.slice(at + 1) : out.slice(0, at) + text(1) + out.slice(at + 1);
      }
      return out;
    };
    for (const n of [0, 1, 31, 32, 33, 64, 65, 200, 2_500]) {
      for (let i = 0; i < 6; i++) {
        const a = text(n);
        const b = i % 2 === 0 ? edited(a, Math.floor(next() * (n + 1))) : text(Math.floor(next() * 2 * n));
        expect(await distanceInTurns(a, b)).toBe(distance(a, b));
      }
    }
  });

  it('when two 20,000-character texts differ in a few places, then the answer is exact and the event loop ran meanwhile', async () => {
    const words = Array.from({ length: 4_000 }, (_, i) => `word${(i * 7919) % 5_000}`).join(' ').slice(0, 20_000);
    const a = `x${words.slice(0, 9_000)}abc${words.slice(9_000)}y`;
    const b = `z${words.slice(0, 9_000)}${words.slice(9_000, 15_000)}q${words.slice(15_000)}w`;
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 0);
    const d = await distanceInTurns(a, b);
    clearInterval(ticking);
    expect(d).toBe(distance(a, b));
    expect(ticks).toBeGreaterThan(0);
  });
});
