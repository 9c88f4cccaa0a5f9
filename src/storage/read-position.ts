import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Read-your-writes across a primary and its replicas, per request. A backend
 * with replicas notes the log position of each commit here; the HTTP layer
 * hands it to the client (header and cookie) and brings it back on the
 * client's next requests, where the backend reads from a replica only once
 * the replica has replayed that far. Backends without replicas never note
 * anything, and nothing changes for them.
 */
export interface ReadPosition {
  /** The position the client has seen written: reads must reflect at least this. */
  after: string | null;
  /** The highest position written while serving this request. */
  written: string | null;
}

const context = new AsyncLocalStorage<ReadPosition>();

/** Runs `fn` (the rest of a request) with the position the client brings. */
export function withReadPosition<T>(after: string | null, fn: () => T): T {
  return context.run({ after, written: null }, fn);
}

/** The current request's position record, when there is one. */
export function currentReadPosition(): ReadPosition | undefined {
  return context.getStore();
}

/**
 * A PostgreSQL WAL position ("16/B374D848") as a number, for comparisons; null
 * when the text is not one (a client may send anything).
 */
export function parseLogPosition(text: string): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (match === null) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** The later of two positions (either may be absent). */
export function laterPosition(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return (parseLogPosition(b) ?? 0n) > (parseLogPosition(a) ?? 0n) ? b : a;
}

/** Records a commit's position on `record` (default: the current request's). */
export function noteWritten(position: string | null, record: ReadPosition | undefined = context.getStore()): void {
  if (record !== undefined && position !== null) record.written = laterPosition(record.written, position);
}
