import { parentPort, workerData } from 'node:worker_threads';
import { openReadConnection } from '../read-connection.ts';
import { ReadCalls, type ReadCall } from './read-calls.ts';

/** The reader thread's program (reader-thread.ts): one read-only connection, one call at a time, in the order they come. */
export interface ReaderWorkerData {
  databasePath: string;
  indexPath: string;
}

export interface ReaderRequest {
  id: number;
  call: ReadCall;
}

export type ReaderResponse =
  | { id: number; ok: true; answer: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code: string | undefined } }
  | { id: 0; ready: true };

const port = parentPort;
if (port === null) throw new Error('reader.worker.ts runs as a worker thread');
const { databasePath, indexPath } = workerData as ReaderWorkerData;
const sql = openReadConnection(databasePath, indexPath);
const calls = new ReadCalls(sql);

port.on('message', (request: ReaderRequest) => {
  try {
    port.postMessage({ id: request.id, ok: true, answer: calls.run(request.call) } satisfies ReaderResponse);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    port.postMessage({ id: request.id, ok: false, error: { name: e.name, message: e.message, code } } satisfies ReaderResponse);
  }
});
port.postMessage({ id: 0, ready: true } satisfies ReaderResponse);
