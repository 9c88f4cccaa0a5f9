import type { Extractor } from '../workers/extraction-pool.ts';
import type { CursorCodec } from './cursor.ts';

/** What routes need besides the repositories: made once per app from the configuration. */
export interface Services {
  cursors: CursorCodec;
  /** Extraction off the serving thread (a worker pool) in the server; in process for one-off commands. */
  extractor: Extractor;
}
