import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import { sha256Hex } from '../domain/text.ts';

/**
 * Opaque pagination cursor: the offset into a snapshot of the result list
 * (quotes with id ≤ maxId), bound to the query it was issued for, and the
 * order (`mode`) the first page chose. New quotes arriving between pages never
 * shift or duplicate results.
 *
 * Cursors are signed (HMAC-SHA256, 128-bit tag): a client can only hand back
 * a cursor this server issued, so an offset or order the planner never chose
 * cannot be forged.
 */
export interface CursorState {
  offset: number;
  maxId: number;
  fingerprint: string;
  /** Small integer chosen by the caller (the search order). */
  mode: number;
}

export interface CursorCodec {
  encode(state: CursorState): string;
  /** The state a cursor carries; invalid_cursor when it was not issued here or belongs to another query. */
  decode(cursor: string, expectedFingerprint: string): CursorState;
}

export function fingerprint(value: unknown): string {
  return sha256Hex(JSON.stringify(value)).slice(0, 16);
}

const TAG_BYTES = 16;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const notIssued = () => new AppError('invalid_cursor', 'The cursor is not one this API issued (or the server restarted with a new cursor key); start again without it.');

export function cursorCodec(secret: string): CursorCodec {
  const tag = (payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, TAG_BYTES);
  return {
    encode(state) {
      const payload = Buffer.from(JSON.stringify([state.offset, state.maxId, state.fingerprint, state.mode])).toString('base64url');
      return `${payload}.${tag(payload).toString('base64url')}`;
    },
    decode(cursor, expectedFingerprint) {
      const [payload, signature, ...rest] = cursor.split('.');
      if (payload === undefined || signature === undefined || rest.length > 0) throw notIssued();
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== TAG_BYTES || !timingSafeEqual(given, tag(payload))) throw notIssued();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        parsed = null;
      }
      if (!Array.isArray(parsed) || parsed.length !== 4 || !isCount(parsed[0]) || !isCount(parsed[1]) || typeof parsed[2] !== 'string' || !isCount(parsed[3])) {
        throw notIssued();
      }
      if (parsed[2] !== expectedFingerprint) {
        throw new AppError('invalid_cursor', 'The cursor belongs to a different query or filters; start again without it.');
      }
      return { offset: parsed[0], maxId: parsed[1], fingerprint: parsed[2], mode: parsed[3] };
    },
  };
}
