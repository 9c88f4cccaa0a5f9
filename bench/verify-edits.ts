/**
 * Claims with words added and removed as well as replaced — the "up to
 * 4 words changed". The verify suite's altered-k claims only replace words in
 * place; these are timed after them and kept out of its "all" row, so the
 * standard mix stays what it was.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Random } from './corpus/random.ts';

export interface EditedClaim {
  kind: string;
  text: string;
  sourceId: number;
}

/** Words the edits draw from and may touch; the suite's WordSource. */
export interface EditWords {
  isCommon(word: string): boolean;
  content(): string;
}

type Edit = 'add' | 'remove' | 'replace';
const EDITS: readonly Edit[] = ['add', 'remove', 'replace'];

/** k edits, each an added, removed or replaced word (never one of the common words, never a word edited before). */
export function edit(text: string, k: number, words: EditWords, random: Random): string | null {
  const out = text.split(' ').map((word) => ({ word, original: true }));
  for (let e = 0; e < k; e++) {
    const op = random.pick(EDITS);
    if (op === 'add') {
      out.splice(random.int(0, out.length), 0, { word: words.content(), original: false });
      continue;
    }
    const touchable = out.map((w, i) => (w.original && !words.isCommon(w.word) ? i : -1)).filter((i) => i >= 0);
    if (touchable.length === 0) return null;
    const at = random.pick(touchable);
    if (op === 'remove') out.splice(at, 1);
    else {
      let replacement = words.content();
      while (replacement === out[at]?.word) replacement = words.content();
      out[at] = { word: replacement, original: false };
    }
  }
  return out.map((w) => w.word).join(' ');
}

export function editedClaims(file: string, perKind: number, words: EditWords, seed: number): EditedClaim[] {
  const raw = new BetterSqlite3(file, { readonly: true });
  try {
    const random = new Random(seed);
    const maxId = raw.prepare('SELECT MAX(id) FROM Quote').pluck().get() as number;
    const byId = raw.prepare('SELECT id, text FROM Quote WHERE id >= ? ORDER BY id LIMIT 1');
    const claims: EditedClaim[] = [];
    for (const k of [1, 2, 3, 4]) {
      for (let i = 0; i < perKind; ) {
        const q = byId.get(random.int(1, maxId)) as { id: number; text: string };
        const text = edit(q.text, k, words, random);
        if (text === null) continue;
        claims.push({ kind: `edited-${k}`, text, sourceId: q.id });
        i++;
      }
    }
    return claims;
  } finally {
    raw.close();
  }
}
