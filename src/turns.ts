import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Longest stretch (ms) of CPU work a request runs before it lets the event
 * loop serve the others: the serving thread's delay stays within a few of
 * these (docs/decisions/0016-cpu-work-in-turns.md; writes: 0023).
 */
export const TURN_MS = 4;

let started = 0;
let inTurn = false;
const endTurn = () => {
  inTurn = false;
};

/**
 * Whether the work since the first call in this turn of the event loop has
 * taken TURN_MS (the first call marks the turn's start and answers false).
 * For a loop that cannot await between its items (a step of a write): it
 * decides when to let the event loop run.
 */
export function turnIsLong(): boolean {
  const now = performance.now();
  if (!inTurn) {
    inTurn = true;
    started = now;
    setImmediate(endTurn);
    return false;
  }
  return now - started >= TURN_MS;
}

/**
 * Lets the event loop run when the work since the first call in this turn
 * has taken TURN_MS; otherwise returns at once. Cheap enough to call per item
 * of a loop. (An `await` of a settled promise never lets timers or sockets
 * run: only a new turn does.)
 */
export async function yieldIfLong(): Promise<void> {
  if (turnIsLong()) await nextTurn();
}

/**
 * Lets the event loop run if this turn has already done work (a `turnIsLong` call marked it), so that
 * the piece of work that follows, which cannot be split (a synchronous read of many rows, a verdict over
 * all the candidates), starts a turn of its own instead of lengthening one that may be TURN_MS old.
 */
export async function turnOfItsOwn(): Promise<void> {
  if (inTurn) await nextTurn();
}

/** `items.map(work)`, letting the event loop run between items whenever a turn has lasted TURN_MS. */
export async function mapInTurns<T, U>(items: readonly T[], work: (item: T) => U): Promise<U[]> {
  const out: U[] = [];
  for (const item of items) {
    await yieldIfLong();
    out.push(work(item));
  }
  return out;
}

/**
 * `Promise.all(items.map(work))` for work that reads storage, one item after
 * the other, letting the event loop run between items whenever a turn has
 * lasted TURN_MS. (`Promise.all` over a map starts every item's synchronous
 * part, its storage reads included, in the same turn.)
 */
export async function mapInTurnsAsync<T, U>(items: readonly T[], work: (item: T) => Promise<U>): Promise<U[]> {
  const out: U[] = [];
  for (const item of items) {
    await yieldIfLong();
    out.push(await work(item));
  }
  return out;
}
