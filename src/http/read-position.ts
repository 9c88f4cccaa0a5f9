import type { RequestHandler } from 'express';
import { currentReadPosition, parseLogPosition, withReadPosition } from '../storage/read-position.ts';

/** The header a write answers with, and a client sends back so its reads see that write. */
export const READ_AFTER_HEADER = 'Whosaid-Read-After';
/** The same for browsers (the web forms), which do not echo headers. */
const READ_AFTER_COOKIE = 'whosaid_read_after';
/** How long after its last write a browser's reads keep asking for it (replicas catch up in well under this). */
const COOKIE_SECONDS = 60;

function fromCookie(header: string | undefined): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === READ_AFTER_COOKIE && value !== undefined) return value;
  }
  return null;
}

/**
 * Read-your-writes with a read replica (see src/storage/read-position.ts):
 * a request brings the log position of the client's last write (header, else
 * cookie; anything that is not a position is ignored), and a response to a
 * request that wrote carries the new position. Without a replica no backend
 * notes a position, so nothing is ever added.
 */
export const readPositionContext: RequestHandler = (req, res, next) => {
  const brought = req.get(READ_AFTER_HEADER) ?? fromCookie(req.headers.cookie);
  const after = brought !== null && brought !== undefined && parseLogPosition(brought) !== null ? brought : null;
  withReadPosition(after, () => {
    const record = currentReadPosition();
    const writeHead = res.writeHead;
    // The position is known only once the handler's writes committed: add it as the head goes out.
    res.writeHead = function patchedWriteHead(this: typeof res, ...args: Parameters<typeof writeHead>) {
      const written = record?.written ?? null;
      if (written !== null) {
        this.setHeader(READ_AFTER_HEADER, written);
        this.appendHeader('Set-Cookie', `${READ_AFTER_COOKIE}=${written}; Path=/; Max-Age=${COOKIE_SECONDS}; HttpOnly; SameSite=Lax`);
      }
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    next();
  });
};
