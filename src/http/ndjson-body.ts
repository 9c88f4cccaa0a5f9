import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Request } from 'express';
import { AppError } from '../domain/errors.ts';

/** zlib's and brotli's failures on data that is not what its Content-Encoding says. */
const DECODING_FAILURE = /^(Z_|ERR__ERROR_|ERR_BROTLI)/;

function decoder(encoding: string): Transform | null {
  if (encoding === 'gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  // 'identity' or none: bodyEncodingGuard (middleware.ts) has refused every other encoding.
  return null;
}

/** Passes bytes on until `limit` of them have passed, then fails with payload_too_large. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly what: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      done(new AppError('payload_too_large', `The ${this.what} is larger than ${this.limit} bytes.`, { limitBytes: this.limit }));
      return;
    }
    done(null, chunk);
  }
}

/**
 * A request's body as a stream of its decoded bytes, read as it arrives (never held whole): decoded as its
 * Content-Encoding says, and cut off with `payload_too_large` past `maxBytes` — of the body as sent and, so
 * that a small compressed body cannot unpack into an unbounded one, of the body decoded. A body that does
 * not decode as declared fails with invalid_content_encoding.
 */
export function decodedBody(req: Request, maxBytes: number): Readable {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError('payload_too_large', `The request body (${declared} bytes) is larger than ${maxBytes} bytes.`, { limitBytes: maxBytes });
  }
  const decode = decoder((req.headers['content-encoding'] ?? 'identity').trim().toLowerCase());
  const sent = req.pipe(new ByteLimit(maxBytes, 'request body'));
  req.on('error', (error) => sent.destroy(error));
  if (decode === null) return sent;
  const decoded = decode.pipe(new ByteLimit(maxBytes, 'decoded request body'));
  sent.on('error', (error) => decoded.destroy(error));
  decode.on('error', (error: NodeJS.ErrnoException) => {
    decoded.destroy(
      typeof error.code === 'string' && DECODING_FAILURE.test(error.code)
        ? new AppError('invalid_content_encoding', 'The body does not decode as its Content-Encoding says (plain, truncated or corrupt data).')
        : error,
    );
  });
  sent.pipe(decode);
  return decoded;
}
