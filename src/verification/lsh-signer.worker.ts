import { parentPort } from 'node:worker_threads';
import { lshIndexDocument, type SignRequest, type SignResponse } from './lsh-signer.ts';

/** The thread of `WorkerLshSigner`: signs what it is sent, in order. */
const port = parentPort;
if (port === null) throw new Error('lsh-signer.worker.ts runs as a worker thread');
port.on('message', ({ id, texts }: SignRequest) => {
  const response: SignResponse = { id, documents: texts.map(lshIndexDocument) };
  port.postMessage(response);
});
port.postMessage('ready');
