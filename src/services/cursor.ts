import { AppError } from '../domain/errors.ts';
import { sha256Hex } from '../domain/text.ts';

/**
 * Opaque pagination cursor: the offset into a snapshot of the result list
 * (quotes with id ≤ maxId), bound to the query it was issued for. New quotes
 * arriving between pages never shift or duplicate results.
 */
interface CursorState {
  offset: number;
  maxId: number;
  fingerprint: string;
}

export function fingerprint(value: unknown): string {
  return sha256Hex(JSON.stringify(value)).slice(0, 16);
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify([state.offset, state.maxId, state.fingerprint])).toString('base64url');
}

export function decodeCursor(cursor: string, expectedFingerprint: string): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !Number.isSafeInteger(parsed[0]) ||
    !Number.isSafeInteger(parsed[1]) ||
    (parsed[0] as number) < 0 ||
    (parsed[1] as number) < 0 ||
    typeof parsed[2] !== 'string'
  ) {
    throw new AppError('invalid_cursor', 'The cursor is not one this API issued.');
  }
  if (parsed[2] !== expectedFingerprint) {
    throw new AppError('invalid_cursor', 'The cursor belongs to a different query or filters; start again without it.');
  }
  return { offset: parsed[0] as number, maxId: parsed[1] as number, fingerprint: parsed[2] };
}
