import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { WriteRequest, WriteResponse } from '../../src/storage/sqlite/write-thread/long-write.ts';
import type { WriteWorkerData } from '../../src/storage/sqlite/write-thread/write.worker.ts';

/**
 * A write thread that dies in the middle of its first write, its transaction open and a row changed: what an
 * out-of-memory error or a fault in native code does to the real one (src/storage/sqlite/write-thread/).
 */
const port = parentPort;
if (port === null) throw new Error('dying-write.worker.ts runs as a worker thread');
const { databasePath } = workerData as WriteWorkerData;
const connection = new BetterSqlite3(databasePath, { timeout: 5000 });
port.on('message', (request: WriteRequest | 'stop') => {
  if (request === 'stop') {
    connection.close();
    port.close();
    return;
  }
  connection.exec('BEGIN IMMEDIATE');
  connection.prepare(`UPDATE Speaker SET name = name || ' (half written)' WHERE id = ?`).run(request.write.args[0]);
  process.exit(1);
});
port.postMessage({ id: 0, ready: true } satisfies WriteResponse);
