import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { lshBuckets } from '../../src/verification/minhash.ts';
import { openForBulkLoad } from './bulk-connection.ts';
import type { LshBatch, LshWorkerData, LshWorkerDone } from './lsh-builder.ts';
import { LshRows } from './lsh-rows.ts';

/**
 * Worker thread of `LshBuilder`: computes each quote's MinHash-LSH buckets as
 * the loader sends them, then writes the whole "QuoteLshBucket" table (rows in
 * key order, then its index) into a file of its own — a second SQLite writer,
 * so this runs on the other core while the loader fills the corpus file.
 */
const { file, ddl, capacity } = workerData as LshWorkerData;
const rows = new LshRows(capacity);
let hashMs = 0;

parentPort?.on('message', (message: LshBatch | 'end') => {
  if (message !== 'end') {
    const t = performance.now();
    message.ids.forEach((id, i) => rows.add(id, lshBuckets(message.texts[i] as string)));
    hashMs += performance.now() - t;
    return;
  }
  // The rows reference "Quote", which lives in the corpus file, not here: foreign keys stay off.
  const db = openForBulkLoad(file);
  const [table, ...indexes] = ddl;
  db.exec(table as string);
  let t = performance.now();
  rows.insert(db);
  const insertMs = performance.now() - t;
  t = performance.now();
  for (const index of indexes) db.exec(index);
  const indexMs = performance.now() - t;
  db.close();
  const done: LshWorkerDone = { hashMs, insertMs, indexMs };
  parentPort?.postMessage(done);
  parentPort?.close();
});
