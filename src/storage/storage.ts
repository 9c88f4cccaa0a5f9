import type { Repositories } from './ports/index.ts';

/** What a backup produced and the checks it passed. */
export interface BackupReport {
  /** Units the backend copied (SQLite: pages). */
  pages: number;
  /** `ok`, or what the integrity check found. */
  integrity: string;
  /** Rows per table in the copy. */
  tables: Record<string, number>;
}

/** What a restore put in place. */
export interface RestoreReport {
  /** Rows per table after the restore. */
  tables: Record<string, number>;
}

export interface ReindexReport {
  /** Quotes the search index was rebuilt from. */
  searchIndexed: number;
  /** The verify index brought in line with the quotes. */
  verifyIndex: { indexed: number; removed: number; complete: boolean };
}

/**
 * One backend behind the ports: the repositories the services use, and the
 * lifecycle the server and the CLI drive. `createStorage` (./index.ts) makes
 * the one the configuration names; nothing outside a backend's folder knows
 * which it is.
 */
export interface Storage {
  /** The backend's name, for logs and health ("sqlite"). */
  readonly backend: string;
  /** Where the data lives, for messages (a file path, a host). */
  readonly location: string;
  readonly repos: Repositories;
  /** Migrations this start applied (empty when the schema was current). */
  readonly migrated: readonly string[];
  /**
   * Brings the derived indexes in line with the data after a crash or a
   * restore (a server runs it before it serves).
   */
  reconcile(): Promise<ReindexReport['verifyIndex']>;
  /** Rebuilds every derived index from the data. */
  reindex(): Promise<ReindexReport>;
  /** The backend's own consistency check of the stored data: "ok", or what it found. */
  checkIntegrity(): Promise<string>;
  /** A consistent copy at `destination`, written whole or not at all, then checked. */
  backup(destination: string): Promise<BackupReport>;
  /**
   * Puts a backup made by `backup` in place (into an empty database unless
   * `replace`), all or nothing. A backend whose backup is a file to copy
   * while no server runs refuses, saying how.
   */
  restore(source: string, options: { replace: boolean }): Promise<RestoreReport>;
  /** Lets writes in flight finish, then releases every connection and thread. */
  close(): Promise<void>;
}

/** The storage cannot be opened at all (a file that is read-only, missing where it must exist, not a database…). */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

export interface StorageOptions {
  /**
   * Another process has already migrated the database (cluster workers): open
   * it as it is.
   */
  prepared?: boolean;
  /**
   * The review threshold (REVIEW_CONFIDENCE_THRESHOLD): attributions stored
   * with a lower confidence are `needs_review` (docs/editorial.md). Default
   * the extractor's own default.
   */
  reviewBelow?: number;
  /**
   * The storage answers requests (a server): what keeps long reads off the
   * serving thread is started now rather than on the first of them (SQLite:
   * the reader thread, docs/decisions/0022).
   */
  serving?: boolean;
}
