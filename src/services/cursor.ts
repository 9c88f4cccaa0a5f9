import { AppError } from '../domain/errors.ts';
import { sha256Hex } from '../domain/text.ts';

/**
 * Opaque pagination cursor: the offset into a snapshot of the result list
 * (quotes with id ≤ maxId), bound to the query it was issued for, and the
 * order (`mode`) the first page chose. New quotes arriving between pages never
 * shift or duplicate results.
 */
interface CursorState {
  offset: number;
  maxId: number;
  fingerprint: string;
  /** Small integer chosen by the caller (the search order). */
  mode: number;
}

export function fingerprint(value: unknown): string {
  return sha256Hex(JSON.stringify(value)).slice(0, 16);
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify([state.offset, state.maxId, state.fingerprint, state.mode])).toString('base64url');
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function decodeCursor(cursor: string, expectedFingerprint: string): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    !isCount(parsed[0]) ||
    !isCount(parsed[1]) ||
    typeof parsed[2] !== 'string' ||
    !isCount(parsed[3])
  ) {
    throw new AppError('invalid_cursor', 'The cursor is not one this API issued.');
  }
  if (parsed[2] !== expectedFingerprint) {
    throw new AppError('invalid_cursor', 'The cursor belongs to a different query or filters; start again without it.');
  }
  return { offset: parsed[0], maxId: parsed[1], fingerprint: parsed[2], mode: parsed[3] };
}
