import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import unbzip2 from 'unbzip2-stream';
import { AppError } from '../domain/errors.ts';

export type Compression = 'none' | 'gzip' | 'bzip2';

/** The compression of a file by its first bytes (gzip 1f 8b, bzip2 "BZh"), whatever its name. */
export function compressionOf(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  return 'none';
}

export interface InputLine {
  /** The line without its line feed (a CR before it is dropped too). */
  text: string;
  /** Its line number in the decompressed input, from 1. */
  number: number;
  /** Decompressed bytes up to and including its line feed: where the next line starts. */
  end: number;
}

export interface NdjsonInput {
  /** Bytes of the file read so far (compressed bytes for a compressed file): for progress against its size. */
  read(): number;
  lines: AsyncGenerator<InputLine>;
}

const KEY_BYTES = 64 * 1024;

export interface NdjsonFile {
  path: string;
  compression: Compression;
  /** The file's size on disk. */
  size: number;
  /** Identifies the file by content, whatever its name: its size and first 64 KiB. */
  key: string;
}

/** What a file is: its compression (by its first bytes) and the key its import's checkpoint is kept under. */
export async function inspectNdjson(file: string): Promise<NdjsonFile> {
  const { size } = await stat(file);
  const handle = await open(file, 'r');
  const head = Buffer.alloc(Math.min(KEY_BYTES, size));
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  return { path: file, compression: compressionOf(head), size, key: createHash('sha256').update(`${size}\n`).update(head).digest('hex') };
}

/**
 * Reads an NDJSON file, plain or gzip- or bzip2-compressed, line by line from a point reached before
 * (`from`: a line number and the decompressed byte where the next line starts). A plain file is read from
 * that byte; a compressed one is decompressed from its start and the part before it dropped.
 */
export function readNdjson(file: NdjsonFile, from: { lines: number; bytes: number } = { lines: 0, bytes: 0 }): NdjsonInput {
  const plain = file.compression === 'none';
  const raw = createReadStream(file.path, plain ? { start: from.bytes } : {});
  return {
    read: () => raw.bytesRead + (plain ? from.bytes : 0),
    lines: splitLines(decompress(raw, file.compression), from, !plain),
  };
}

function decompress(raw: Readable, compression: Compression): Readable {
  if (compression === 'none') return raw;
  const out = new PassThrough();
  // unbzip2-stream is an old-style stream: pipeline carries its errors to the output like zlib's.
  pipeline(raw, compression === 'gzip' ? createGunzip() : unbzip2(), out, (error) => {
    if (error) out.destroy(error);
  });
  return out;
}

/** A line longer than this many bytes (without a line feed for that long) stops the reading: memory stays bounded. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** The lines of an NDJSON byte stream (a request's body), from its start. */
export function ndjsonLines(stream: Readable, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  return splitLines(stream, { lines: 0, bytes: 0 }, false, maxLineBytes);
}

/**
 * Lines of the byte stream, counted from `from`; with `skip`, the stream starts at byte 0 and the bytes before
 * `from.bytes` are dropped. A line longer than `maxLineBytes` is `payload_too_large`.
 */
async function* splitLines(stream: Readable, from: { lines: number; bytes: number }, skip: boolean, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  let position = skip ? 0 : from.bytes;
  let number = from.lines;
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let data = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    if (position < from.bytes) {
      const drop = Math.min(from.bytes - position, data.length);
      data = data.subarray(drop);
      position += drop;
    }
    let start = 0;
    for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, start)) {
      const end = nl > start && data[nl - 1] === 0x0d ? nl - 1 : nl;
      position += nl + 1 - start;
      number++;
      yield { text: data.toString('utf8', start, end), number, end: position };
      start = nl + 1;
    }
    rest = data.subarray(start);
    if (rest.length > maxLineBytes) throw new AppError('payload_too_large', `Line ${number + 1} is longer than ${maxLineBytes} bytes.`, { line: number + 1 });
  }
  if (rest.length > 0) {
    number++;
    yield { text: rest.toString('utf8'), number, end: position + rest.length };
  }
}
