import { distance } from 'fastest-levenshtein';
import { yieldIfLong } from '../turns.ts';

/**
 * Cells (length × length, after the common ends are set aside) below which the distance is computed
 * in one go: ~1 ms of CPU. Two 20,000-character texts are 400M cells, 100–230 ms.
 */
const AT_ONCE_CELLS = 2_000_000;

/** Bit masks of each UTF-16 code unit's positions in the current 32-unit block; all zero between blocks. */
const peq = new Uint32Array(0x10000);

/**
 * The Levenshtein distance between two texts (over UTF-16 code units, as fastest-levenshtein counts),
 * letting the event loop run every TURN_MS (src/turns.ts) when the texts are long. The common prefix
 * and suffix are set aside first (they change nothing: a text and its variant mostly share both);
 * what is left is Myers' bit-parallel algorithm in Hyyrö's form for texts longer than a word, as
 * fastest-levenshtein implements it (MIT), one 32-unit block of the shorter text per step.
 */
export async function distanceInTurns(a: string, b: string): Promise<number> {
  let start = 0;
  const common = Math.min(a.length, b.length);
  while (start < common && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length * y.length <= AT_ONCE_CELLS || Math.min(x.length, y.length) <= 32) return distance(x, y);
  // `pattern` the shorter, in blocks of 32 units; `text` scanned whole for each block.
  const [pattern, text] = x.length <= y.length ? [x, y] : [y, x];
  return blockwise(pattern, text);
}

async function blockwise(pattern: string, text: string): Promise<number> {
  const n = text.length;
  const m = pattern.length;
  const hsize = Math.ceil(n / 32);
  const vsize = Math.ceil(m / 32);
  const phc = new Int32Array(hsize).fill(-1);
  const mhc = new Int32Array(hsize);
  let score = m;
  for (let j = 0; j < vsize; j++) {
    await yieldIfLong();
    const last = j === vsize - 1;
    const begin = j * 32;
    const end = Math.min(begin + 32, m);
    for (let k = begin; k < end; k++) peq[pattern.charCodeAt(k)] = (peq[pattern.charCodeAt(k)] as number) | (1 << k);
    // The bit of the block's last row, for the score (only the last block's counts).
    const top = end - begin - 1;
    let mv = 0;
    let pv = -1;
    for (let i = 0; i < n; i++) {
      const eq = peq[text.charCodeAt(i)] as number;
      const w = (i / 32) | 0;
      const pb = ((phc[w] as number) >>> i) & 1;
      const mb = ((mhc[w] as number) >>> i) & 1;
      const xv = eq | mv;
      const xh = ((((eq | mb) & pv) + pv) ^ pv) | eq | mb;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (last) {
        score += (ph >>> top) & 1;
        score -= (mh >>> top) & 1;
      }
      if ((ph >>> 31) ^ pb) phc[w] = (phc[w] as number) ^ (1 << i);
      if ((mh >>> 31) ^ mb) mhc[w] = (mhc[w] as number) ^ (1 << i);
      ph = (ph << 1) | pb;
      mh = (mh << 1) | mb;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    for (let k = begin; k < end; k++) peq[pattern.charCodeAt(k)] = 0;
  }
  return score;
}
