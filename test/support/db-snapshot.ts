import type { TestApp } from './test-app.ts';

const TABLES = ['Speaker', 'SpeakerAlias', 'ExternalId', 'Organization', 'Affiliation', 'Document', 'Quote', 'Occurrence', 'Relay'];
/** The same tables on PostgreSQL, and their search index's answer for a common word. */
const PG_TABLES = ['speaker', 'speaker_alias', 'external_id', 'organization', 'affiliation', 'document', 'quote', 'occurrence', 'relay'];

/** Row counts and a content checksum of every table, to prove a rejected write changed nothing (on either backend). */
export async function snapshot(t: Pick<TestApp, 'backend' | 'db' | 'postgres'>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (t.backend === 'postgres') {
    // One statement, digested by the server: a write fuzzed many times over is compared cheaply.
    const digests = PG_TABLES.map((table) => `SELECT '${table}' AS name, count(*) || ':' || COALESCE(md5(string_agg(r::text, E'\\n' ORDER BY r.id)), '') AS digest FROM ${table} r`);
    const found = await t.postgres.connections.write.query<{ name: string; digest: string }>(
      [...digests, "SELECT 'search', count(*)::text FROM quote WHERE search @@ 'the'::tsquery"].join(' UNION ALL '),
    );
    for (const r of found.rows) out[r.name] = r.digest;
    return out;
  }
  for (const table of TABLES) out[table] = digest(t.db.sql.prepare(`SELECT * FROM "${table}" ORDER BY id`).all());
  out.fts = String(t.db.sql.prepare("SELECT COUNT(*) FROM quote_fts WHERE quote_fts MATCH 'the'").pluck().get());
  return out;
}

function digest(rows: unknown[]): string {
  const json = JSON.stringify(rows);
  return `${rows.length}:${json.length}:${hash(json)}`;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
