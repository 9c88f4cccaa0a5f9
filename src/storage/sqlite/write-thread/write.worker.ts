import { parentPort, workerData } from 'node:worker_threads';
import { runAs } from '../../../domain/actor.ts';
import { AppError } from '../../../domain/errors.ts';
import { openWriteConnection } from '../write-connection.ts';
import { correctionWrites } from '../repositories/correction-writes.ts';
import { ImportWrites } from '../repositories/import-writes.ts';
import { WriteStatements } from '../repositories/write-statements.ts';
import { SqlWriter } from '../sql-writer.ts';
import { WriteLock } from '../write-lock.ts';
import { runLongWrite, type AfterCommit, type LongWriteRepositories, type WriteRequest, type WriteResponse } from './long-write.ts';

/**
 * The write thread's program (write-thread.ts): a write connection of its own and the same correction
 * repositories as the serving thread's, one write at a time. The serving thread holds the process's write
 * lock while this thread writes, so the two write connections never contend.
 */
export interface WriteWorkerData {
  databasePath: string;
}

const port = parentPort;
if (port === null) throw new Error('write.worker.ts runs as a worker thread');
const { databasePath } = workerData as WriteWorkerData;
const connection = openWriteConnection(databasePath);
// The checkpointer (checkpointer.ts) copies the WAL for every connection of this process, on its own thread: a
// COMMIT here that checkpointed would hold the process's write lock for the copy.
connection.pragma('wal_autocheckpoint = 0');
let after: AfterCommit = { removedFromVerifyIndex: [], speakersChanged: false };
const writer = new SqlWriter(connection, new WriteLock());
const statements = new WriteStatements(writer);
/** By review threshold (one in practice: the server's). */
const imports = new Map<number, ImportWrites>();
const importWrites = (reviewBelow: number): ImportWrites => {
  let writes = imports.get(reviewBelow);
  if (writes === undefined) {
    writes = ImportWrites.over(writer, statements, reviewBelow);
    imports.set(reviewBelow, writes);
  }
  return writes;
};
const repos: LongWriteRepositories = {
  ...correctionWrites(
    writer,
    { remove: (ids) => void after.removedFromVerifyIndex.push(...ids) },
    () => void (after.speakersChanged = true),
  ),
  // Whatever the threshold: it decides quotes' statuses only.
  resolveImportedSpeakers: (speakers) => importWrites(0).resolveSpeakers(speakers),
  // Nothing else waits for this thread: the batch in one go, with the whole page cache.
  saveCitedQuotes: (quotes, reviewBelow) => importWrites(reviewBelow).saveCitedQuotes(quotes, false),
};

port.on('message', (request: WriteRequest | 'stop') => {
  if (request === 'stop') {
    connection.close();
    port.close();
    return;
  }
  after = { removedFromVerifyIndex: [], speakersChanged: false };
  runAs(request.actor, () => runLongWrite(repos, request.write)).then(
    (value) => port.postMessage({ id: request.id, ok: true, value, after } satisfies WriteResponse),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
      const details = e instanceof AppError ? e.details : undefined;
      port.postMessage({ id: request.id, ok: false, error: { name: e.name, message: e.message, code, details } } satisfies WriteResponse);
    },
  );
});
port.postMessage({ id: 0, ready: true } satisfies WriteResponse);
