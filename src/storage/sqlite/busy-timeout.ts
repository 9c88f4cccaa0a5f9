/** Milliseconds a connection waits for a lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;
