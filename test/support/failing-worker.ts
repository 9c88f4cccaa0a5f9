/** A worker thread program that fails at once: stands in for an index thread that dies (test/lsh-index.test.ts). */
throw new Error('this thread fails on purpose');
