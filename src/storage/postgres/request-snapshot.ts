import { currentReadPosition } from '../read-position.ts';

/**
 * The newest quote id, read earlier in the same request by a statement that
 * was sent anyway (the speakers' names version, which a search reads first),
 * so that the search's snapshot (`maxId`) costs no round trip of its own. A
 * request is known by its read-position record (one per HTTP request); out of
 * a request (CLI, jobs) nothing is kept. The value is taken once, and dropped
 * when the request commits a write, so a snapshot never predates the request's
 * own writes; it predates the request's other statements by a moment only,
 * and follows every write the client had seen answered before it asked.
 */
const newestQuote = new WeakMap<object, number>();

/** Keeps the newest quote id for the rest of the current request. */
export function keepNewestQuote(id: number): void {
  const request = currentReadPosition();
  if (request !== undefined) newestQuote.set(request, id);
}

/** The newest quote id kept by this request, once; undefined when none is kept. */
export function takeNewestQuote(): number | undefined {
  const request = currentReadPosition();
  if (request === undefined) return undefined;
  const id = newestQuote.get(request);
  newestQuote.delete(request);
  return id;
}

/** Forgets what a request (by default the current one) kept: it has just written. */
export function forgetNewestQuote(request: object | undefined = currentReadPosition()): void {
  if (request !== undefined) newestQuote.delete(request);
}
