import { parentPort } from 'node:worker_threads';
import { extractQuotes } from '../extraction/quote.extractor.ts';
import type { ExtractionJob, ExtractionReply } from './extraction-pool.ts';
import { serializeExtraction } from './extraction-serialize.ts';

/** One thread of the extraction pool: runs the (synchronous) extractor on each text it is sent. */
const port = parentPort;
if (port === null) throw new Error('extraction.worker.ts runs as a worker thread');
port.on('message', (job: ExtractionJob) => {
  let answer: ExtractionReply;
  try {
    const result = extractQuotes(job.text, { reviewBelow: job.reviewBelow });
    answer = job.serialize ? { id: job.id, ok: true, serialized: serializeExtraction(result) } : { id: job.id, ok: true, result };
  } catch (error) {
    answer = { id: job.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(answer);
});
port.postMessage({ ready: true });
