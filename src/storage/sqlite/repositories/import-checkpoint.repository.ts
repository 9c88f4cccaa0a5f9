import type { ImportCheckpoint, ImportCheckpointRepository } from '../../ports/index.ts';
import { SqliteReadWriteRepository } from './read-write.repository.ts';

interface CheckpointRow {
  fileKey: string;
  format: string;
  path: string;
  lines: number;
  bytes: number;
  done: number;
  totals: string;
}

/** Read on the read connection; each save is a write of its own. */
export class SqliteImportCheckpointRepository extends SqliteReadWriteRepository implements ImportCheckpointRepository {
  async find(fileKey: string): Promise<ImportCheckpoint | null> {
    const row = this.statements
      .get('SELECT fileKey, format, path, lines, bytes, done, totals FROM ImportCheckpoint WHERE fileKey = ?')
      .get(fileKey) as CheckpointRow | undefined;
    if (row === undefined) return null;
    return {
      fileKey: row.fileKey,
      format: row.format === 'ndjson' ? 'ndjson' : 'quotebank',
      path: row.path,
      lines: row.lines,
      bytes: row.bytes,
      done: row.done === 1,
      totals: JSON.parse(row.totals) as Record<string, number>,
    };
  }

  async save(c: ImportCheckpoint): Promise<void> {
    await this.writer.write((ctx) => {
      this.writes.run(
        `INSERT INTO ImportCheckpoint (fileKey, format, path, lines, bytes, done, totals, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (fileKey) DO UPDATE SET format = excluded.format, path = excluded.path, lines = excluded.lines,
           bytes = excluded.bytes, done = excluded.done, totals = excluded.totals, updatedAt = excluded.updatedAt`,
        c.fileKey,
        c.format,
        c.path,
        c.lines,
        c.bytes,
        c.done ? 1 : 0,
        JSON.stringify(c.totals),
        ctx.now,
      );
    });
  }
}
