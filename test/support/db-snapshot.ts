import type { Database } from '../../src/storage/sqlite/database.ts';

const TABLES = ['Speaker', 'SpeakerAlias', 'ExternalId', 'Organization', 'Affiliation', 'Document', 'Quote', 'Occurrence', 'Relay'];

/** Row counts and a content checksum of every table, to prove a rejected write changed nothing. */
export function snapshot(db: Database): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const rows = db.sql.prepare(`SELECT * FROM "${table}" ORDER BY id`).all();
    out[table] = `${rows.length}:${JSON.stringify(rows).length}:${hash(JSON.stringify(rows))}`;
  }
  out.fts = String(db.sql.prepare("SELECT COUNT(*) FROM quote_fts WHERE quote_fts MATCH 'the'").pluck().get());
  return out;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
