import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module, whatever started this process
 * (`node --import tsx`, the tsx CLI, vitest): the thread registers tsx's
 * loader, then imports the module. Passing the .ts file to `new Worker`
 * directly works only when the process itself was started with tsx's loader.
 */
const TSX_API = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(process.argv[2]); })`;

export function startTsWorker(module: URL, options: Omit<WorkerOptions, 'eval' | 'argv'> = {}): Worker {
  return new Worker(BOOTSTRAP, { ...options, eval: true, argv: [module.href] });
}
