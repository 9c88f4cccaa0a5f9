import type { ImportCheckpoint, ImportCheckpointRepository } from '../../ports/index.ts';
import { row, rows, type Connections } from '../connection.ts';

interface CheckpointRow {
  file_key: string;
  format: string;
  path: string;
  lines: string;
  bytes: string;
  done: boolean;
  totals: Record<string, number>;
}

/** Where imports of files stopped: one row per file, on the primary (a resuming import reads what it wrote). */
export class PostgresImportCheckpointRepository implements ImportCheckpointRepository {
  constructor(private readonly connections: Connections) {}

  async find(fileKey: string): Promise<ImportCheckpoint | null> {
    const r = await row<CheckpointRow>(this.connections.write, 'SELECT file_key, format, path, lines, bytes, done, totals FROM import_checkpoint WHERE file_key = $1', [fileKey]);
    if (r === null) return null;
    // bigint columns arrive as strings: a file's bytes can pass 2³¹.
    return { fileKey: r.file_key, format: r.format === 'ndjson' ? 'ndjson' : 'quotebank', path: r.path, lines: Number(r.lines), bytes: Number(r.bytes), done: r.done, totals: r.totals };
  }

  async save(c: ImportCheckpoint): Promise<void> {
    await this.connections.transaction((ctx) =>
      rows(
        ctx.client,
        `INSERT INTO import_checkpoint (file_key, format, path, lines, bytes, done, totals, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (file_key) DO UPDATE SET format = excluded.format, path = excluded.path, lines = excluded.lines,
           bytes = excluded.bytes, done = excluded.done, totals = excluded.totals, updated_at = excluded.updated_at`,
        [c.fileKey, c.format, c.path, c.lines, c.bytes, c.done, JSON.stringify(c.totals), ctx.now],
      ),
    );
  }
}
