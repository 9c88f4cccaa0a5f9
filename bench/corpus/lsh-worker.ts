import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { LSH_SQL } from '../../src/storage/sqlite/verify-index/lsh-index.sql.ts';
import { lshIndexDocument } from '../../src/storage/sqlite/verify-index/lsh-token.ts';
import { openForBulkLoad } from './bulk-connection.ts';
import type { LshBatch, LshWorkerData, LshWorkerDone } from './lsh-builder.ts';

/**
 * Worker thread of `LshBuilder`: computes each quote's LSH tokens as the
 * loader sends them and writes them at once into the verify index file (one
 * open transaction, quote ids ascending) — a second SQLite writer, so hashing
 * and indexing run on the other core while the loader fills the corpus file.
 * At the end the index is merged into one segment ('optimize'), which is also
 * what makes lookups cheapest.
 */
const { file } = workerData as LshWorkerData;
const db = openForBulkLoad(file);
// No incremental merging while loading: the 'optimize' at the end merges everything once anyway.
db.exec("INSERT INTO quote_lsh (quote_lsh, rank) VALUES ('automerge', 0)");
const insertRow = db.prepare(LSH_SQL.insertRow);
const insertSigned = db.prepare(LSH_SQL.bulkInsertSigned);
db.exec('BEGIN');
let hashMs = 0;
let insertMs = 0;

parentPort?.on('message', (message: LshBatch | 'end') => {
  if (message !== 'end') {
    let t = performance.now();
    const documents = message.texts.map(lshIndexDocument);
    hashMs += performance.now() - t;
    t = performance.now();
    message.ids.forEach((id, i) => {
      insertRow.run(id, documents[i]);
      insertSigned.run(id, message.hashes[i]);
    });
    insertMs += performance.now() - t;
    return;
  }
  db.exec('COMMIT');
  const t = performance.now();
  db.exec("INSERT INTO quote_lsh (quote_lsh) VALUES ('optimize')");
  const indexMs = performance.now() - t;
  // Back to FTS5's default, as the application's writes expect (the setting is stored with the index).
  db.exec("INSERT INTO quote_lsh (quote_lsh, rank) VALUES ('automerge', 4)");
  db.pragma('journal_mode = WAL');
  db.close();
  const done: LshWorkerDone = { hashMs, insertMs, indexMs };
  parentPort?.postMessage(done);
  parentPort?.close();
});
